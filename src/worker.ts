import { hostname } from 'node:os';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import type { JobProcessor } from '../jobs/index.js';
import { createWorkerRedis } from './queue/connection.js';

/** A running set of BullMQ workers, one per processor. */
export interface WorkerHost {
  workers: Worker[];
  /** Stops taking jobs, lets running ones finish within `timeoutMs`, then forces the rest to close. */
  close(timeoutMs: number): Promise<void>;
}

/** Starts one BullMQ worker for each processor, all on the configured queue prefix. */
export function createWorkerHost(
  config: Pick<Config, 'REDIS_URL' | 'QUEUE_PREFIX'> & { REDIS_URL: string; JOB_LOCK_MS?: number },
  deps: { logger: Logger; processors: JobProcessor[] },
): WorkerHost {
  const connections: Redis[] = [];
  const workers = deps.processors.map((p) => {
    const connection = createWorkerRedis(config.REDIS_URL);
    connections.push(connection);
    const worker = new Worker(p.queue, (job, token) => p.process(job, token), {
      connection,
      prefix: config.QUEUE_PREFIX,
      concurrency: p.concurrency ?? 4,
      // Stored on each job it runs (processedBy), so an operator can tell which process ran or dropped a job.
      name: `${hostname()}:${process.pid}`,
      // A dead worker's jobs are found stalled and run again by another worker after about one lock period.
      ...(config.JOB_LOCK_MS ? { lockDuration: config.JOB_LOCK_MS, stalledInterval: config.JOB_LOCK_MS } : {}),
    });
    worker.on('failed', (job, err) => {
      const attempts = job?.opts.attempts ?? 1;
      // The last attempt (or a refusal no retry can mend) leaves the job in the failed list: an error, not a retry.
      if (job && (job.attemptsMade >= attempts || err.name === 'UnrecoverableError')) {
        deps.logger.error({ queue: p.queue, jobId: job.id, attempts: job.attemptsMade, err: err.message }, 'job gave up; kept in the failed list (see /admin/queues)');
      } else deps.logger.warn({ queue: p.queue, jobId: job?.id, attempt: job?.attemptsMade, of: attempts, err: err.message }, 'job failed; will retry');
    });
    // One line per job done: what an operator follows to answer "the bot did not reply at 10:32".
    worker.on('completed', (job) =>
      deps.logger.info({ queue: p.queue, jobId: job.id, attempts: job.attemptsMade, ms: job.finishedOn && job.processedOn ? job.finishedOn - job.processedOn : undefined }, 'job done'),
    );
    worker.on('error', (err) => deps.logger.error({ queue: p.queue, err: err.message }, 'worker error'));
    return worker;
  });

  return {
    workers,
    async close(timeoutMs) {
      const graceful = Promise.all(workers.map((w) => w.close())).then(() => true);
      const timedOut = new Promise<false>((r) => setTimeout(() => r(false), timeoutMs).unref());
      if (!(await Promise.race([graceful, timedOut]))) {
        deps.logger.warn({ timeoutMs }, 'jobs still running at shutdown timeout; closing workers forcibly');
        await Promise.all(workers.map((w) => w.close(true)));
      }
      // BullMQ leaves a connection it was given open; it is ours to close.
      await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}
