import type { Connection } from 'mongoose';
import { deliveryModel } from '../models/delivery.js';
import type { LeadRecord } from '../models/lead.js';
import type { Delivery } from '../queue/delivery.js';
import { alertDeliveryId, leadKindNames } from './alert-card.js';
import { promptResolvedReason, ruleRevisedReason, withdrawalOf } from './lead-status.js';

/**
 * How long the response_code message/send returned for a card can update it: WeCom allows 72 hours (and one use);
 * an hour is kept in hand for a delivery that waits in the queue.
 */
export const cardUpdateWindowMs = 71 * 3600_000;

/** What the buttons of a withdrawn lead's card are replaced with, for every recipient, by the reason. */
export function withdrawnButtonText(reason: string | undefined): string {
  if (reason === promptResolvedReason) return '已解除：情形已消除';
  return reason === ruleRevisedReason ? '已撤回：规则已修订' : '已撤回：数据已更正';
}

/** The delivery id of the text telling an alert's recipients that its lead was withdrawn. */
export function withdrawalTextId(leadId: string): string {
  return `withdrawn_text_${leadId}`.replace(/:/g, '_');
}

const deliveryIds = (leadId: string) => ({
  card: `withdrawn_${leadId}`.replace(/:/g, '_'),
  text: withdrawalTextId(leadId),
});

/** The message telling an alert's recipients that the lead was withdrawn and why. */
export function withdrawalText(lead: LeadRecord): string {
  const reason = withdrawalOf(lead)?.reason ?? '';
  if (reason === promptResolvedReason) return `【提醒解除】${lead.number}【${leadKindNames[lead.kind]}】${lead.title}（${lead.subject.label}）：${reason}，原提醒无需处理。`;
  return `【线索撤回】${lead.number}【${leadKindNames[lead.kind]}】${lead.title}（${lead.subject.label}）：${reason}，线索已撤回，原提醒无需处理。`;
}

/**
 * The notice owed to the recipients of a withdrawn lead's alert, or undefined when none is (never alerted, or already
 * told). The alert card itself is updated while its response_code is valid, so its buttons cannot be used any more;
 * otherwise — or when that update is refused (the deliver job sends it at once; asked again here after a crash), or when
 * the lead was handed over to people who never had the card — they get a text. Ids derive from the lead, so asking again after a
 * crash sends nothing twice.
 */
export async function withdrawalNotice(mongo: Connection, lead: LeadRecord, now: Date): Promise<Delivery | undefined> {
  const recipients = lead.alert?.recipients ?? [];
  if (!withdrawalOf(lead) || !lead.alert?.taskId || recipients.length === 0) return undefined;
  const ids = deliveryIds(lead._id);
  const deliveries = deliveryModel(mongo);
  const cardUpdate = await deliveries.findById(ids.card, { state: 1 }).lean();
  const text: Delivery = { id: ids.text, target: { kind: 'app', touser: recipients }, body: { msgtype: 'text', text: { content: withdrawalText(lead) } }, source: lead._id };
  if (cardUpdate) return cardUpdate.state === 'failed' && !(await deliveries.exists({ _id: ids.text })) ? text : undefined;
  if (await deliveries.exists({ _id: ids.text })) return undefined;
  // Handed over (hand-over.ts), the lead is held by people who got it as a text, not the card: they get a text too.
  if (lead.alert.handedOverAt) return text;
  const alert = await deliveries.findById(alertDeliveryId(lead._id), { state: 1, responseCode: 1, sentAt: 1 }).lean();
  // An alert not sent because the lead was already withdrawn when its turn came: nobody has anything to take back.
  if (alert?.state === 'skipped') return undefined;
  if (!alert?.responseCode || !alert.sentAt || now.getTime() - alert.sentAt.getTime() > cardUpdateWindowMs) return text;
  return {
    id: ids.card,
    target: { kind: 'card', responseCode: alert.responseCode, replaceName: withdrawnButtonText(withdrawalOf(lead)?.reason), orElse: { id: ids.text, touser: recipients } },
    body: { msgtype: 'text', text: { content: withdrawalText(lead) } },
    source: lead._id,
  };
}
