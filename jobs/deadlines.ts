import type { Job } from 'bullmq';
import { runMorningDigests } from '../src/digest/run-digests.js';
import { defaultCalendar } from '../src/calendar/default-calendar.js';
import { tellAdminsOfUncoveredYears } from '../src/rectification/calendar-coverage.js';
import { sendFollowUpReminders } from '../src/rectification/follow-up.js';
import { followCalendar } from '../src/rectification/recompute-due-dates.js';
import { redateRecordedReplies } from '../src/rectification/redate-replies.js';
import { queueNames } from '../src/queue/names.js';
import type { WorkerDeps } from '../src/worker-deps.js';
import type { JobProcessor } from './index.js';

/**
 * The scheduled deadline run: group digests, the overdue escalation, personal reminders, follow-up (回头看) reminders,
 * and the admins' notice of a year without a holiday schedule.
 */
export function createDeadlinesProcessor(deps: WorkerDeps): JobProcessor {
  return {
    queue: queueNames.deadlines,
    concurrency: 1,
    process: async (job: Job<{ force?: boolean }>) => {
      const run = { mongo: deps.mongo, config: deps.config, deliveries: deps.deliveries, now: new Date(deps.now()), logger: deps.logger };
      // A calendar edited since the last run (a new year's schedule) moves the dates it affects before they are read.
      const moved = await followCalendar(deps.mongo, defaultCalendar(), run.now, { timeZone: deps.config.TZ, deliveries: deps.deliveries });
      if (moved && moved.replies.length + moved.transfers.length + moved.followUps.length) {
        const replies = moved.replies.map((m) => `${m.ref} ${m.from}→${m.to}`);
        const transfers = moved.transfers.map((m) => `${m.number} ${m.from}→${m.to}`);
        const followUps = moved.followUps.map((m) => `${m.ref} ${m.from}→${m.to}`);
        deps.logger.warn({ replies, transfers, followUps, notified: moved.notified }, 'the holiday calendar changed: deadlines recomputed');
      }
      // Once per database: replies an older release dated by the message take the date they state, before it is read.
      const redated = await redateRecordedReplies(deps.mongo, { timeZone: deps.config.TZ, now: run.now, evaluations: deps.evaluations });
      if (redated?.length) deps.logger.warn({ replies: redated.map((r) => `${r.ref} ${r.from}→${r.to}`) }, 'written replies given the date their text states');
      const digests = await runMorningDigests(run, { force: job.data?.force });
      const uncoveredYearsTold = await tellAdminsOfUncoveredYears(run);
      return { ...digests, followUps: await sendFollowUpReminders(run), ...(uncoveredYearsTold.length ? { uncoveredYearsTold } : {}) };
    },
  };
}
