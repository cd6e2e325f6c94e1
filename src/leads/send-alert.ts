import type { Connection } from 'mongoose';
import { agencyModel } from '../models/agency.js';
import { leadModel, type LeadRecord } from '../models/lead.js';
import type { DeliveryQueue } from '../queue/delivery.js';
import { alertDeliveryId, leadAlertCard, leadTaskId } from './alert-card.js';
import { leadRecipients } from './route.js';

/**
 * Sends a lead's alert card to the prosecutors responsible for it and records the alert (its time starts the
 * escalation clock). The delivery id derives from the lead, so a second sender — the evaluation and the check
 * delivering a held alert — sends it once. Returns the recipients; none when nobody is bound to receive it.
 */
export async function sendLeadAlert(deps: { mongo: Connection; deliveries: DeliveryQueue }, lead: LeadRecord, now: Date, agencyName?: string): Promise<string[]> {
  const recipients = await leadRecipients(deps.mongo, lead);
  if (recipients.length) {
    const name = agencyName ?? (await agencyModel(deps.mongo).findById(lead.subject.agency, { name: 1 }).lean())?.name ?? lead.subject.agency;
    await deps.deliveries.send({ id: alertDeliveryId(lead._id), target: { kind: 'app', touser: recipients }, body: { msgtype: 'template_card', template_card: leadAlertCard(lead, name) }, source: lead._id });
  }
  await leadModel(deps.mongo).updateOne({ _id: lead._id }, { $set: { alert: { taskId: leadTaskId(lead._id), recipients, sentAt: now } } });
  return recipients;
}

/** The cause of a recommendation's evaluation when it is registered: its alerts wait for working time, as the sweep's do. */
export const registerCausePrefix = 'register-';

/**
 * How long an open lead stays without an alert before the lead check sends it: longer than any evaluation takes
 * between raising a lead and alerting it (a spreadsheet import's hundreds of cases included), so that the check only
 * takes up alerts held for working time, registered without a worker, or lost to a crash.
 */
export const heldAlertGraceMs = 10 * 60_000;

/** The open leads with no alert, raised at least {@link heldAlertGraceMs} before `now`. */
export async function heldAlerts(mongo: Connection, now: Date): Promise<LeadRecord[]> {
  return leadModel(mongo).find({ status: 'open', 'alert.taskId': { $exists: false }, createdAt: { $lte: new Date(now.getTime() - heldAlertGraceMs) } }).sort({ number: 1 }).lean();
}
