import type { Job } from 'bullmq';
import { alertDeliveryId, leadAlertCard, leadTaskId } from '../src/leads/alert-card.js';
import { evaluateSubject } from '../src/leads/evaluate-subject.js';
import { leadsOf, unalerted } from '../src/leads/lead-index.js';
import { leadRecipients } from '../src/leads/route.js';
import { withdrawalNotice } from '../src/leads/withdrawal-notice.js';
import { correctionNotice } from '../src/leads/correction-notice.js';
import { agencyModel } from '../src/models/agency.js';
import { leadModel, type LeadRecord } from '../src/models/lead.js';
import type { EvaluationJob } from '../src/queue/evaluation-queue.js';
import { queueNames } from '../src/queue/names.js';
import type { WorkerDeps } from '../src/worker-deps.js';
import type { JobProcessor } from './index.js';

/** The names of the agencies of these leads, each read once (a record's leads share one). */
async function agencyNamesOf(deps: WorkerDeps, leads: readonly LeadRecord[]): Promise<Map<string, string>> {
  const ids = [...new Set(leads.map((lead) => lead.subject.agency))];
  const agencies = await Promise.all(ids.map((id) => agencyModel(deps.mongo).findById(id).lean()));
  return new Map(agencies.flatMap((agency) => (agency ? [[agency._id, agency.name] as const] : [])));
}

/**
 * Evaluates the rules over a changed record, alerts the responsible prosecutors once per new lead, and tells the
 * recipients of a withdrawn lead's alert (the card's buttons replaced, or a text), and those of a decided lead of a
 * corrected case. Delivery ids derive from the lead,
 * and the record's leads still owed an alert or a withdrawal notice are picked up again, so a crash in between
 * neither loses nor doubles a message.
 */
export function createEvaluateLeadsProcessor(deps: WorkerDeps): JobProcessor {
  return {
    queue: queueNames.evaluateLeads,
    concurrency: 4,
    async process(job: Job<EvaluationJob>) {
      const now = new Date(deps.now());
      const { created, withdrawn, leads, ruleSet } = await evaluateSubject({ mongo: deps.mongo, timeZone: deps.config.TZ, now }, job.data.subject);
      const pending = unalerted(leads);
      const agencies = await agencyNamesOf(deps, pending);
      for (const lead of pending) {
        const recipients = await leadRecipients(deps.mongo, lead);
        if (recipients.length) {
          await deps.deliveries.send({ id: alertDeliveryId(lead._id), target: { kind: 'app', touser: recipients }, body: { msgtype: 'template_card', template_card: leadAlertCard(lead, agencies.get(lead.subject.agency) ?? lead.subject.agency) }, source: lead._id });
        } else {
          deps.logger.error({ leadId: lead._id }, 'no prosecutor or admin to alert; bind one with npm run admin');
        }
        await leadModel(deps.mongo).updateOne({ _id: lead._id }, { $set: { alert: { taskId: leadTaskId(lead._id), recipients, sentAt: now } } });
      }
      // A fresh read, after this job's writes (the leads evaluateSubject returned were read before them): another
      // evaluation may have withdrawn a lead between its card going out and its alert being recorded, and seen no
      // alert to take back. Whichever job reads last sends the notice; its id makes it one.
      const settled = await leadsOf(deps.mongo, job.data.subject, ruleSet);
      for (const lead of settled) {
        const notice = await withdrawalNotice(deps.mongo, lead, now);
        if (notice) await deps.deliveries.send(notice);
      }
      const correction = await correctionNotice(deps.mongo, job.data.subject, job.data.cause, settled, new Set(created.map((lead) => lead._id)));
      if (correction) await deps.deliveries.send(correction);
      return { created: created.map((l) => l.number), alerted: pending.length, withdrawn: withdrawn.map((l) => l.number) };
    },
  };
}
