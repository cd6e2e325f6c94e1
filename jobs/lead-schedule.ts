import type { Job } from 'bullmq';
import { runLeadChecks } from '../src/leads/lead-checks.js';
import { caseModel } from '../src/models/case.js';
import { openStatuses, recommendationModel } from '../src/models/recommendation.js';
import { queueNames } from '../src/queue/names.js';
import { localDate } from '../src/calendar/local-date.js';
import type { WorkerDeps } from '../src/worker-deps.js';
import type { JobProcessor } from './index.js';

/** The cause of a sweep's evaluations: every open record is evaluated, so none needs another's news. */
export const sweepCausePrefix = 'sweep-';
/**
 * The cause of a sweep asked for with `force` (a demo, an operator): its alerts go out at once, whatever the hour,
 * where the scheduled sweep's wait for working time.
 */
export const forcedSweepCausePrefix = `${sweepCausePrefix}now-`;

/**
 * Scheduled lead work: `check` (held alerts, escalations and transfer deadlines, each in working time) and `sweep`
 * (re-evaluate every open case and recommendation, since rules such as "unpaid 90 days after the decision" become
 * true with time; the alerts it raises at night wait for the check of the next working time).
 */
export function createLeadScheduleProcessor(deps: WorkerDeps): JobProcessor {
  return {
    queue: queueNames.leadSchedule,
    concurrency: 1,
    async process(job: Job<{ force?: boolean }>) {
      const now = new Date(deps.now());
      if (job.name === 'sweep') {
        // A forced sweep is its own cause each time: the day's scheduled one may have evaluated everything already.
        const cause = job.data?.force ? `${forcedSweepCausePrefix}${now.getTime()}` : `${sweepCausePrefix}${localDate(now, deps.config.TZ)}`;
        const cases = await caseModel(deps.mongo).find({ status: 'open' }, { _id: 1 }).lean();
        const recs = await recommendationModel(deps.mongo).find({ status: { $in: [...openStatuses, 'completed'] } }, { _id: 1 }).lean();
        for (const c of cases) await deps.evaluations.request({ subject: { kind: 'case', id: c._id }, cause });
        for (const r of recs) await deps.evaluations.request({ subject: { kind: 'recommendation', id: r._id }, cause });
        return { cases: cases.length, recommendations: recs.length };
      }
      return runLeadChecks({ mongo: deps.mongo, config: deps.config, deliveries: deps.deliveries, now, logger: deps.logger });
    },
  };
}
