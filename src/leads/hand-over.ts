import { createHash } from 'node:crypto';
import type { Connection } from 'mongoose';
import { ymd } from '../calendar/local-date.js';
import type { Logger } from '../log.js';
import { leadDecisions, leadModel, type LeadRecord } from '../models/lead.js';
import { staffModel } from '../models/staff.js';
import type { DeliveryQueue } from '../queue/delivery.js';
import { deadlineLight, describeDaysLeft } from '../rectification/deadline-light.js';
import { cardDecisions, leadKindNames } from './alert-card.js';
import { alertRecipientsFor, type LeadBindings } from './route.js';

/** The history action of a lead handed over to new people because those who had it left. */
export const handedOverAction = 'handed_over';

/** The delivery id of a hand-over's text prefix (stale-lead-delivery.ts skips one whose lead is no longer open). */
export const handOverIdPrefix = 'handover_';

/** 最迟于 2026-10-08（含当日）: the last day a duty-crime lead may be transferred, unmistakably included. */
export function transferDeadlineText(lead: Pick<LeadRecord, 'transferDueOn'>): string {
  return `最迟于 ${ymd(lead.transferDueOn!)}（含当日）移送监察委员会`;
}

/** How to decide this lead by message: 「受理 XS-…」「不予受理 XS-… <理由>」…, only what its card would offer. */
export function decisionHints(lead: Pick<LeadRecord, 'kind' | 'number'>): string {
  return cardDecisions(lead.kind).map((action) => `「${leadDecisions[action]} ${lead.number}${action === 'reject' ? ' <理由>' : ''}」`).join('');
}

/** Why those who had the lead no longer do, by name: 王检（已解除绑定）. */
async function whoLeft(mongo: Connection, userids: readonly string[]): Promise<string> {
  const staff = new Map((await staffModel(mongo).find({ _id: { $in: [...userids] } }, { name: 1, active: 1, role: 1 }).lean()).map((s) => [s._id, s]));
  return userids.map((id) => {
    const s = staff.get(id);
    if (!s) return `${id}（已不在平台登记）`;
    return `${s.name}（${s.active ? '账号已改为执法单位人员' : '已解除绑定'}）`;
  }).join('、');
}

/** The text that gives a lead to its new people: what it is, why it is theirs now, and how to decide it. */
async function handOverText(mongo: Connection, lead: LeadRecord, agencyName: string, now: Date, timeZone: string): Promise<string> {
  const from = lead.alert?.recipients ?? [];
  const word = lead.kind === 'prompt' ? '提醒' : '线索';
  const before = from.length
    ? `原分派给${await whoLeft(mongo, from)}，现由您负责处理。`
    : `这条${word}发现时没有可分派的检察官，现由您负责处理。`;
  const transfer = lead.transferDueOn ? [`${transferDeadlineText(lead)}（${describeDaysLeft(deadlineLight(lead.transferDueOn, now, timeZone).daysLeft)}）。`] : [];
  return [
    `【${word}转交】${lead.number}【${leadKindNames[lead.kind]}】${lead.title}（${agencyName} · ${lead.subject.label}）`,
    before,
    lead.explanation,
    ...transfer,
    `请发送${decisionHints(lead)}处理；发送「线索 ${lead.number}」查看触发数据。`,
  ].join('\n');
}

/**
 * Hands over each open lead none of whose holders is still an active prosecutor or admin (unbound, or rebound as
 * agency staff) to those a new alert would go to now (the agency's prosecutors, else the admins): they get a text with
 * the lead and how to decide it, once (the id derives from the lead and the hand-over), and the lead records them as
 * its holders, the earlier ones kept in its history; the escalation clock starts again for them. Returns how many.
 */
export async function handOverLeads(deps: { mongo: Connection; deliveries: DeliveryQueue; now: Date; timeZone: string; logger?: Logger }, bindings: LeadBindings): Promise<number> {
  const leads = leadModel(deps.mongo);
  let handed = 0;
  // Every 15 minutes over every open lead: only what tells whose it is, the whole lead for those to hand over.
  for (const held of await leads.find({ status: 'open', 'alert.taskId': { $exists: true } }, { alert: 1, subject: 1 }).lean()) {
    const from = held.alert!.recipients ?? [];
    if (from.some((id) => bindings.deciders.has(id))) continue;
    const lead = await leads.findById(held._id).lean();
    if (lead?.status !== 'open') continue;
    const to = alertRecipientsFor(bindings, lead.subject);
    if (!to.length) {
      // A lead alerted to nobody (none bound when it was raised) was logged then; one whose holders left is news.
      if (from.length) deps.logger?.error({ leadId: lead._id, from }, 'lead has nobody to hand it over to; bind a prosecutor or an admin with npm run admin');
      continue;
    }
    const round = lead.history.filter((change) => change.action === handedOverAction).length + 1;
    const id = `${handOverIdPrefix}${lead._id}_${round}_${createHash('sha256').update([...to].sort().join('|')).digest('hex').slice(0, 12)}`.replace(/:/g, '_');
    const agencyName = bindings.agencies.get(lead.subject.agency)?.name ?? lead.subject.agency;
    const content = await handOverText(deps.mongo, lead, agencyName, deps.now, deps.timeZone);
    // Sent before it is recorded: a crash in between sends it again under the same id, which delivers it once.
    await deps.deliveries.send({ id, target: { kind: 'app', touser: to }, body: { msgtype: 'text', text: { content } }, source: lead._id });
    const entry = { at: deps.now, by: 'system', action: handedOverAction, sourceId: id, detail: { from, to } };
    const moved = await leads.updateOne(
      { _id: lead._id, status: 'open' },
      { $set: { 'alert.recipients': to, 'alert.handedOverAt': deps.now }, $unset: { 'alert.escalatedAt': 1 }, $push: { history: entry } },
    );
    if (moved.modifiedCount) handed += 1;
  }
  return handed;
}
