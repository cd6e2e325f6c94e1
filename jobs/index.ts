import type { Job } from 'bullmq';
import type { WorkerDeps } from '../src/worker-deps.js';
import { createDeliverProcessor } from './deliver.js';
import { createInboundProcessor } from './inbound.js';
import { createEvaluateLeadsProcessor } from './evaluate-leads.js';
import { createLeadScheduleProcessor } from './lead-schedule.js';
import { createDeadlinesProcessor } from './deadlines.js';

/** One BullMQ processor: a plain `async (job, token) => result` bound to its queue. */
export interface JobProcessor {
  queue: string;
  /** How many jobs of this queue one worker process runs at once. */
  concurrency?: number;
  process(job: Job, token?: string): Promise<unknown>;
}

/** The processors a worker process runs. Adding a job is one file and one line here. */
export function createProcessors(deps: WorkerDeps): JobProcessor[] {
  return [createInboundProcessor(deps), createDeliverProcessor(deps), createEvaluateLeadsProcessor(deps), createLeadScheduleProcessor(deps), createDeadlinesProcessor(deps)];
}
