import type { Job } from 'bullmq';
import type { QueueName } from '../src/queue/names.js';

/** One BullMQ processor: a plain `async (job) => result` bound to its queue. */
export interface JobProcessor {
  queue: QueueName | string;
  /** How many jobs of this queue one worker process runs at once. */
  concurrency?: number;
  process(job: Job): Promise<unknown>;
}

/** The processors a worker process runs. Adding a job is one file and one line here. */
export const processors: JobProcessor[] = [];
