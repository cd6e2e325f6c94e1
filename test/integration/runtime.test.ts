import { describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { startRuntime } from '../../src/runtime.js';
import { createCommandRedis } from '../../src/queue/connection.js';
import { silentLogger } from '../../src/log.js';
import { isolate, testConfig } from '../support/isolation.js';

describe('runtime shutdown', () => {
  it('stops accepting requests, lets a running job finish, then closes', async () => {
    const ns = isolate('runtime');
    const config = testConfig(ns, { SHUTDOWN_TIMEOUT_MS: '10000' });
    let release!: () => void;
    const running = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const jobStarted = new Promise<void>((r) => (started = r));
    const runtime = await startRuntime(config, {
      role: 'all',
      logger: silentLogger,
      processors: () => [
        {
          queue: 'slow',
          async process() {
            started();
            await running;
            return 'finished';
          },
        },
      ],
    });
    const redis = createCommandRedis(ns.redisUrl, { enableOfflineQueue: true });
    const queue = new Queue('slow', { connection: redis, prefix: ns.prefix });
    const job = await queue.add('slow', {});
    await jobStarted;

    const stopping = runtime.stop();
    setTimeout(release, 500);
    await stopping;

    expect(await (await queue.getJob(job.id!))?.getState()).toBe('completed');
    expect((await queue.getJob(job.id!))?.returnvalue).toBe('finished');
    await expect(fetch(`${runtime.url}/healthz`)).rejects.toThrow();
    await queue.close();
    await redis.quit();
  });
});
