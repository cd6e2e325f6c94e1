import { localDateTime } from '../calendar/local-date.js';
import { leadDecisions, type LeadKind, type LeadRecord } from '../models/lead.js';
import { leadKindNames } from './alert-card.js';
import { finalLeadKind } from './stats.js';

/**
 * A lead's status (线索状态): open, what a prosecutor decided, or `withdrawn` — taken back by the rules because
 * the data it was raised on has been corrected. A withdrawn lead is kept with its history, never deleted.
 */
export type LeadStatus = LeadRecord['status'];

/** Every status in the words prosecutors read (lists, details, exports). */
export const leadStatusNames: Readonly<Record<LeadStatus, string>> = { open: '待处理', ...leadDecisions, withdrawn: '已撤回' };

/** Why the rules withdraw a lead whose data was corrected; stored in the history entry and shown with the lead. */
export const withdrawnReason = '依据的数据已更正，规则条件不再成立';

/** Why the rules withdraw a lead raised by a rule since rewritten, under which it would not have been raised. */
export const ruleRevisedReason = '规则已修订，按修订后的规则条件不成立';

/**
 * Why the rules close an open 提醒 whose rule no longer fires: a reminder to follow a recommendation up has done its
 * work once the reply came, the completion was reviewed, the evidence arrived or a new period was set.
 */
export const promptResolvedReason = '提醒的情形已消除（已书面回复、已审核、已补交证据或已重新确定期限等）';

/** The history action of an open lead whose figures were updated from corrected data (withdraw-leads.ts). */
export const restatedAction = 'restated';

/** The history action of a withdrawal. */
export const withdrawnAction = 'withdrawn';

/** When and why the lead was withdrawn, from its history; undefined for a lead not withdrawn. */
export function withdrawalOf(lead: Pick<LeadRecord, 'status' | 'history'>): { at: Date; reason: string } | undefined {
  if (lead.status !== 'withdrawn') return undefined;
  const entry = [...lead.history].reverse().find((change) => change.action === withdrawnAction);
  const reason = typeof entry?.detail?.reason === 'string' ? entry.detail.reason : withdrawnReason;
  return entry ? { at: entry.at, reason } : undefined;
}

/** Whether a withdrawal closed a 提醒 whose matter was settled (the reply came, …): 已解除, not 已撤回 — nobody took it back. */
function resolved(lead: Pick<LeadRecord, 'status' | 'history'>): boolean {
  return withdrawalOf(lead)?.reason === promptResolvedReason;
}

/** Whether a 不予受理 still owes its reason (domain: a rejection always carries one; chat keeps asking for it). */
export function owesRejectReason(lead: Pick<LeadRecord, 'status' | 'decision'>): boolean {
  return lead.status === 'reject' && !lead.decision?.reason?.trim();
}

/**
 * The status of one lead in a word or two, for lists and badges: {@link leadStatusNames}, except that a 提醒 closed
 * because its matter was settled reads 已解除 (as its card says), and a 不予受理 still owing its reason says so.
 */
export function leadStatusName(lead: Pick<LeadRecord, 'status' | 'decision' | 'history'>): string {
  if (resolved(lead)) return '已解除';
  if (owesRejectReason(lead)) return `${leadStatusNames.reject}（理由未填写）`;
  return leadStatusNames[lead.status];
}

/**
 * The status as one line for a prosecutor: 待处理; 受理（王检察官，2026-04-01 10:00）; 已撤回（依据的数据已更正…，
 * 2026-04-02 02:00）; a settled 提醒: 已解除（提醒的情形已消除，2026-04-02 02:00）.
 */
export function leadStatusText(lead: Pick<LeadRecord, 'status' | 'decision' | 'history'>, timeZone: string): string {
  const when = (at: Date) => localDateTime(at, timeZone);
  const withdrawal = withdrawalOf(lead);
  if (withdrawal && resolved(lead)) return `已解除（提醒的情形已消除，${when(withdrawal.at)}）`;
  if (withdrawal) return `${leadStatusNames.withdrawn}（${withdrawal.reason}，${when(withdrawal.at)}）`;
  const decision = lead.decision;
  if (decision?.action && decision.at) {
    const reason = decision.reason ? `，理由：${decision.reason}` : decision.action === 'reject' ? '，理由尚未填写' : '';
    return `${leadDecisions[decision.action]}（${decision.byName}，${when(decision.at)}${reason}）`;
  }
  return leadStatusNames[lead.status];
}

/**
 * The kind a lead is shown as: the kind it ends as, the one the statistics count it under (`finalLeadKind`), naming
 * the kind it was raised as when a transfer changed it. E.g. "职务犯罪线索（由不规范执法转）". A rejected or
 * withdrawn lead, counted under none, keeps its own kind.
 */
export function leadKindName(kind: LeadKind, status: LeadStatus): string {
  const final = finalLeadKind(kind, status) ?? kind;
  return final === kind ? leadKindNames[kind] : `${leadKindNames[final]}（由${leadKindNames[kind]}转）`;
}
