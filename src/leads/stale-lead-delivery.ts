import type { Connection } from 'mongoose';
import { deliveryModel } from '../models/delivery.js';
import { leadModel } from '../models/lead.js';
import type { Delivery } from '../queue/delivery.js';
import { alertDeliveryId } from './alert-card.js';
import { leadStatusText } from './lead-status.js';
import { withdrawalTextId } from './withdrawal-notice.js';
import { handOverIdPrefix } from './hand-over.js';

/**
 * Why a lead's message that waited in the deliver queue (behind a member's rate limit, a backlog) must not be sent
 * now, or undefined to send it:
 * - an alert card whose lead is no longer open — decided by text, or withdrawn, meanwhile: its buttons would offer a
 *   decision already taken, and WeCom gives the card no response_code to update until it is sent;
 * - the withdrawal text of a lead whose alert card was never sent: it would take back an alert nobody got (unless the
 *   lead was handed over, by a text);
 * - the hand-over text of a lead decided or withdrawn meanwhile: it would give a lead nobody need act on.
 * Recognised by their ids, which derive from the lead named in `source`.
 */
export async function staleLeadDelivery(mongo: Connection, delivery: Delivery, timeZone: string): Promise<string | undefined> {
  const leadId = delivery.source;
  if (!leadId) return undefined;
  if (delivery.id === alertDeliveryId(leadId)) {
    const lead = await leadModel(mongo).findById(leadId, { number: 1, status: 1, decision: 1, history: 1 }).lean();
    if (!lead) return `lead ${leadId} no longer exists`;
    if (lead.status === 'open') return undefined;
    return `lead ${lead.number} no longer open when its alert's turn came: ${leadStatusText(lead, timeZone)}`;
  }
  if (delivery.id === withdrawalTextId(leadId)) {
    const alert = await deliveryModel(mongo).findById(alertDeliveryId(leadId), { state: 1 }).lean();
    // A lead handed over was given to its holders by a text of its own (hand-over.ts), whatever became of the card.
    const handedOver = alert?.state !== 'sent' && (await leadModel(mongo).exists({ _id: leadId, 'alert.handedOverAt': { $exists: true } })) !== null;
    if (alert?.state !== 'sent' && !handedOver) return `the alert it takes back was not sent (${alert?.state ?? 'never queued'})`;
  }
  if (delivery.id.startsWith(handOverIdPrefix)) {
    const lead = await leadModel(mongo).findById(leadId, { number: 1, status: 1, decision: 1, history: 1 }).lean();
    if (lead && lead.status !== 'open') return `lead ${lead.number} no longer open when its hand-over's turn came: ${leadStatusText(lead, timeZone)}`;
  }
  return undefined;
}
