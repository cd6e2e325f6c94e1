import type { Job } from 'bullmq';
import { leadAlertCard, leadTaskId } from '../src/leads/alert-card.js';
import { evaluateSubject, unalertedLeads } from '../src/leads/evaluate-subject.js';
import { leadRecipients } from '../src/leads/route.js';
import { agencyModel } from '../src/models/agency.js';
import { leadModel } from '../src/models/lead.js';
import type { EvaluationJob } from '../src/queue/evaluation-queue.js';
import { queueNames } from '../src/queue/names.js';
import type { WorkerDeps } from '../src/worker-deps.js';
import type { JobProcessor } from './index.js';

/**
 * Evaluates the rules over a changed record and alerts the responsible prosecutors once per new lead.
 * The alert's delivery id derives from the lead, and leads of the record still without an alert are
 * picked up again, so a crash between raising and alerting neither loses nor doubles an alert.
 */
export function createEvaluateLeadsProcessor(deps: WorkerDeps): JobProcessor {
  return {
    queue: queueNames.evaluateLeads,
    concurrency: 4,
    async process(job: Job<EvaluationJob>) {
      const now = new Date(deps.now());
      const created = await evaluateSubject({ mongo: deps.mongo, timeZone: deps.config.TZ, now }, job.data.subject);
      const unalerted = await unalertedLeads(deps.mongo, job.data.subject);
      for (const lead of unalerted) {
        const recipients = await leadRecipients(deps.mongo, lead);
        const agency = await agencyModel(deps.mongo).findById(lead.subject.agency).lean();
        if (recipients.length) {
          await deps.deliveries.send({ id: `alert_${lead._id}`.replace(/:/g, '_'), target: { kind: 'app', touser: recipients }, body: { msgtype: 'template_card', template_card: leadAlertCard(lead, agency?.name ?? lead.subject.agency) }, source: lead._id });
        } else {
          deps.logger.error({ leadId: lead._id }, 'no prosecutor or admin to alert; bind one with npm run admin');
        }
        await leadModel(deps.mongo).updateOne({ _id: lead._id }, { $set: { alert: { taskId: leadTaskId(lead._id), recipients, sentAt: now } } });
      }
      return { created: created.map((l) => l.number), alerted: unalerted.length };
    },
  };
}
