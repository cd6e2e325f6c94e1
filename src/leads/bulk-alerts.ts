import { createHash } from 'node:crypto';
import type { Connection } from 'mongoose';
import { leadModel, type LeadRecord } from '../models/lead.js';
import { leadKindNames } from './alert-card.js';
import { evaluateSubject } from './evaluate-subject.js';
import { leadRecipients } from './route.js';

/** Up to this many leads from one import get a card each; more are summed up in one message per prosecutor. */
export const importCardLimit = 5;

/** How many leads a summary lists by number; the rest are counted, and 线索 lists them. */
const listedPerSummary = 10;

/** The alert every lead of one import is recorded under when it is summed up, rather than sent as a card. */
export function importAlertTaskId(sourceId: string): string {
  return `bulk-${createHash('sha256').update(sourceId).digest('hex').slice(0, 24)}`;
}

export interface ImportAlerts {
  /** The leads the import's cases raised (open, not yet alerted, or alerted by this import's summary). */
  leads: LeadRecord[];
  /** One message per prosecutor, when the leads are summed up; empty when each gets its card the usual way. */
  summaries: Array<{ touser: string; text: string }>;
}

function summaryText(leads: readonly LeadRecord[], intro: string): string {
  const byKind = new Map<string, number>();
  const byRule = new Map<string, { title: string; count: number }>();
  for (const lead of leads) {
    byKind.set(leadKindNames[lead.kind], (byKind.get(leadKindNames[lead.kind]) ?? 0) + 1);
    const rule = byRule.get(lead.ruleId) ?? { title: lead.title, count: 0 };
    byRule.set(lead.ruleId, { ...rule, count: rule.count + 1 });
  }
  const listed = [...leads].sort((a, b) => a.number.localeCompare(b.number)).slice(0, listedPerSummary);
  return [
    `【批量导入线索】${intro}，发现线索 ${leads.length} 条（分派给您），未逐条发送提醒卡片：`,
    [...byKind].map(([kind, count]) => `${kind} ${count}`).join(' · '),
    ...[...byRule].sort((a, b) => b[1].count - a[1].count).map(([id, { title, count }]) => `· ${title}（${id}）${count} 条`),
    `编号最前的 ${listed.length} 条：`,
    ...listed.map((lead) => `${lead.number} ${lead.subject.label}`),
    '发送「线索」查看待处理线索，「线索 <编号>」查看触发数据，或「受理 / 不予受理 <编号> <理由> / 转刑事线索 / 转监察委 <编号>」处理。',
  ].join('\n');
}

/**
 * Evaluates the cases one spreadsheet import created, at once. Up to {@link importCardLimit} leads are left to the
 * usual per-lead cards (the caller has the cases evaluated as any change); more are recorded as alerted by one
 * summary per prosecutor, so a 100-row ledger does not bury them under hundreds of cards paced over many minutes.
 * Safe to run again for the same import: the leads its summary covered are found again by their alert's task id.
 */
export async function evaluateImport(deps: { mongo: Connection; timeZone: string; now: Date }, caseIds: readonly string[], sourceId: string, intro: string): Promise<ImportAlerts> {
  const taskId = importAlertTaskId(sourceId);
  const leads: LeadRecord[] = [];
  for (const id of caseIds) {
    const outcome = await evaluateSubject(deps, { kind: 'case', id });
    leads.push(...outcome.leads.filter((lead) => lead.status === 'open' && (!lead.alert?.taskId || lead.alert.taskId === taskId)));
  }
  if (leads.length <= importCardLimit) return { leads, summaries: [] };
  const perRecipient = new Map<string, LeadRecord[]>();
  for (const lead of leads) {
    const recipients = lead.alert?.recipients ?? (await leadRecipients(deps.mongo, lead));
    // By `_id` alone: FerretDB v1 reads every lead for any other filter.
    if (!lead.alert) await leadModel(deps.mongo).updateOne({ _id: lead._id }, { $set: { alert: { taskId, recipients, sentAt: deps.now } } });
    for (const userid of recipients) perRecipient.set(userid, [...(perRecipient.get(userid) ?? []), lead]);
  }
  return { leads, summaries: [...perRecipient].map(([touser, mine]) => ({ touser, text: summaryText(mine, intro) })) };
}
