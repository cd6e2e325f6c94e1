import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/** How a producer's jobs are retried and how long their ids are remembered. */
export interface ProducerOptions {
  attempts: number;
  /** First retry delay; later ones double. */
  backoffMs: number;
  /** Completed job ids are kept this long so that a late duplicate (a WeCom retry, a re-run) is recognised. */
  keepCompletedDays: number;
}

/**
 * A BullMQ queue for producing jobs whose ids make adding twice a no-op. Failed jobs are kept for the
 * operator (dead letters). Connection errors surface on add(); the 'error' event would otherwise crash the process.
 */
export function createProducer<T>(name: string, connection: Redis, prefix: string, options: ProducerOptions): Queue<T> {
  const queue = new Queue<T>(name, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: options.attempts,
      backoff: { type: 'exponential', delay: options.backoffMs },
      removeOnComplete: { age: options.keepCompletedDays * 24 * 3600, count: 200_000 },
      removeOnFail: false,
    },
  });
  queue.on('error', () => undefined);
  return queue;
}
