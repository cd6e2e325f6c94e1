import type { Job } from 'bullmq';
import { defaultCalendar } from '../src/calendar/default-calendar.js';
import { isWorkingTime } from '../src/calendar/working-time.js';
import { evaluateSubject } from '../src/leads/evaluate-subject.js';
import { leadsOf, unalerted } from '../src/leads/lead-index.js';
import { registerCausePrefix, sendLeadAlert } from '../src/leads/send-alert.js';
import { withdrawalNotice } from '../src/leads/withdrawal-notice.js';
import { correctionNotice } from '../src/leads/correction-notice.js';
import { casesOfParty } from '../src/cases/case-keys.js';
import { agencyModel } from '../src/models/agency.js';
import { caseModel } from '../src/models/case.js';
import type { LeadRecord } from '../src/models/lead.js';
import type { EvaluationJob } from '../src/queue/evaluation-queue.js';
import { queueNames } from '../src/queue/names.js';
import type { WorkerDeps } from '../src/worker-deps.js';
import type { JobProcessor } from './index.js';
import { forcedSweepCausePrefix, sweepCausePrefix } from './lead-schedule.js';

/**
 * Whether the alerts an evaluation raises wait for working time: those of the nightly sweep and of a recommendation
 * registered (found overdue by the clock, not by anyone's message). A lead raised by a report or a reply goes out at
 * once: its sender is at work, and the prosecutor may answer at once.
 */
function holdsAlerts(cause: string): boolean {
  return (cause.startsWith(sweepCausePrefix) && !cause.startsWith(forcedSweepCausePrefix)) || cause.startsWith(registerCausePrefix);
}

/** The names of the agencies of these leads, each read once (a record's leads share one). */
async function agencyNamesOf(deps: WorkerDeps, leads: readonly LeadRecord[]): Promise<Map<string, string>> {
  const ids = [...new Set(leads.map((lead) => lead.subject.agency))];
  const agencies = await Promise.all(ids.map((id) => agencyModel(deps.mongo).findById(id).lean()));
  return new Map(agencies.flatMap((agency) => (agency ? [[agency._id, agency.name] as const] : [])));
}

/**
 * A case reported or corrected is news for the party's other cases of the agency: R03 (违法行为持续) is raised on the
 * earlier case when a later one comes, which otherwise waited for the nightly sweep. Requested under the same cause,
 * so the other cases' evaluations, asking the same of this one, find its job done and stop.
 */
async function evaluateSamePartyCases(deps: WorkerDeps, job: EvaluationJob): Promise<void> {
  if (job.subject.kind !== 'case' || job.cause.startsWith(sweepCausePrefix)) return;
  const record = await caseModel(deps.mongo).findById(job.subject.id, { agency: 1, party: 1 }).lean();
  if (!record) return;
  for (const other of await casesOfParty(deps.mongo, record.agency, record.party)) {
    if (other._id !== record._id) await deps.evaluations.request({ subject: { kind: 'case', id: other._id }, cause: job.cause });
  }
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
      // Held alerts stay unalerted: the lead check sends them at the next working time (see heldAlerts).
      const held = holdsAlerts(job.data.cause) && !isWorkingTime(now, deps.config.TZ, defaultCalendar());
      const pending = held ? [] : unalerted(leads);
      const agencies = await agencyNamesOf(deps, pending);
      for (const lead of pending) {
        const recipients = await sendLeadAlert(deps, lead, now, agencies.get(lead.subject.agency));
        if (!recipients.length) deps.logger.error({ leadId: lead._id }, 'no prosecutor or admin to alert; bind one with npm run admin');
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
      await evaluateSamePartyCases(deps, job.data);
      return { created: created.map((l) => l.number), alerted: pending.length, held: held ? unalerted(leads).length : 0, withdrawn: withdrawn.map((l) => l.number) };
    },
  };
}
