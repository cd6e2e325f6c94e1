import type { Job } from 'bullmq';
import { runMorningDigests } from '../src/digest/run-digests.js';
import { queueNames } from '../src/queue/names.js';
import type { WorkerDeps } from '../src/worker-deps.js';
import type { JobProcessor } from './index.js';

/** The scheduled morning run: group digests, the overdue escalation and personal reminders. */
export function createDeadlinesProcessor(deps: WorkerDeps): JobProcessor {
  return {
    queue: queueNames.deadlines,
    concurrency: 1,
    process: (job: Job<{ force?: boolean }>) =>
      runMorningDigests({ mongo: deps.mongo, config: deps.config, deliveries: deps.deliveries, now: new Date(deps.now()) }, { force: job.data?.force }),
  };
}
