import type { Job } from 'bullmq';
import { runMorningDigests } from '../src/digest/run-digests.js';
import { defaultCalendar } from '../src/calendar/default-calendar.js';
import { sendFollowUpReminders } from '../src/rectification/follow-up.js';
import { followCalendar } from '../src/rectification/recompute-due-dates.js';
import { queueNames } from '../src/queue/names.js';
import type { WorkerDeps } from '../src/worker-deps.js';
import type { JobProcessor } from './index.js';

/** The scheduled deadline run: group digests, the overdue escalation, personal reminders and follow-up (回头看) reminders. */
export function createDeadlinesProcessor(deps: WorkerDeps): JobProcessor {
  return {
    queue: queueNames.deadlines,
    concurrency: 1,
    process: async (job: Job<{ force?: boolean }>) => {
      const run = { mongo: deps.mongo, config: deps.config, deliveries: deps.deliveries, now: new Date(deps.now()), logger: deps.logger };
      // A calendar edited since the last run (a new year's schedule) moves the due dates it affects before they are read.
      const moved = await followCalendar(deps.mongo, defaultCalendar(), run.now);
      if (moved?.length) deps.logger.warn({ moved }, 'the holiday calendar changed: due dates recomputed');
      const digests = await runMorningDigests(run, { force: job.data?.force });
      return { ...digests, followUps: await sendFollowUpReminders(run) };
    },
  };
}
