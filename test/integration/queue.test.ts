import { afterAll, describe, expect, it } from 'vitest';
import { Queue, QueueEvents, type Job } from 'bullmq';
import { createCommandRedis, createWorkerRedis } from '../../src/queue/connection.js';
import { createWorkerHost, type WorkerHost } from '../../src/worker.js';
import { silentLogger } from '../../src/log.js';
import { isolate } from '../support/isolation.js';

describe('BullMQ on the real Redis', () => {
  const ns = isolate('queue');
  const connection = createCommandRedis(ns.redisUrl, { enableOfflineQueue: true });
  const hosts: WorkerHost[] = [];
  const queues: Queue[] = [];

  afterAll(async () => {
    for (const h of hosts) await h.close(2000);
    for (const q of queues) await q.obliterate({ force: true }).catch(() => undefined);
    for (const q of queues) await q.close();
    await connection.quit();
  });

  async function queueWith(name: string, process: (job: Job) => Promise<unknown>) {
    const queue = new Queue(name, { connection, prefix: ns.prefix });
    queues.push(queue);
    const events = new QueueEvents(name, { connection: createWorkerRedis(ns.redisUrl), prefix: ns.prefix });
    await events.waitUntilReady();
    hosts.push(createWorkerHost({ REDIS_URL: ns.redisUrl, QUEUE_PREFIX: ns.prefix }, { logger: silentLogger, processors: [{ queue: name, process }] }));
    return { queue, events };
  }

  it('round-trips a job: the processor sees its data and the result comes back', async () => {
    const { queue, events } = await queueWith('echo', async (job) => ({ echoed: job.data.text, by: 'worker' }));
    const job = await queue.add('echo', { text: '待办' }, { jobId: 'msg-1' });
    const result = await job.waitUntilFinished(events, 10_000);
    expect(result).toEqual({ echoed: '待办', by: 'worker' });
    await events.close();
    await events.disconnect();
  });

  it('retries a failing job with exponential backoff until it succeeds', async () => {
    const attempts: number[] = [];
    const { queue, events } = await queueWith('flaky', async (job) => {
      attempts.push(Date.now());
      if (job.attemptsMade < 2) throw new Error(`transient failure ${job.attemptsMade + 1}`);
      return 'done';
    });
    const job = await queue.add('flaky', {}, { attempts: 4, backoff: { type: 'exponential', delay: 300 } });
    expect(await job.waitUntilFinished(events, 15_000)).toBe('done');
    expect(attempts).toHaveLength(3);
    // exponential: 300 ms before the 2nd attempt, 600 ms before the 3rd
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(290);
    expect(attempts[2]! - attempts[1]!).toBeGreaterThanOrEqual(590);
    const stored = await queue.getJob(job.id!);
    expect(stored?.attemptsMade).toBe(3);
    await events.close();
    await events.disconnect();
  });
});
