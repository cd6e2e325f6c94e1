import { afterAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { createCommandRedis } from '../../src/queue/connection.js';
import { queueNames } from '../../src/queue/names.js';
import { keepSchedules, registerSchedules } from '../../src/queue/schedules.js';
import { createLogger } from '../../src/log.js';
import { isolate } from '../support/isolation.js';

describe('the recurring jobs', () => {
  const ns = isolate('schedules');
  const redis = createCommandRedis(ns.redisUrl, { enableOfflineQueue: true });
  const config = { QUEUE_PREFIX: ns.prefix, TZ: 'Asia/Shanghai', LEAD_CHECK_CRON: '*/15 * * * *', LEAD_SWEEP_CRON: '0 2 * * *', DIGEST_CRON: '0 * * * *' };
  afterAll(async () => {
    const keys = await redis.keys(`${ns.prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  const schedulerIds = async () => {
    const ids: string[] = [];
    for (const name of [queueNames.leadSchedule, queueNames.deadlines]) {
      const queue = new Queue(name, { connection: redis, prefix: ns.prefix });
      ids.push(...(await queue.getJobSchedulers()).map((s) => s.key));
      await queue.close();
    }
    return ids.sort();
  };

  it('come back on their own after Redis lost its data, without a restart', async () => {
    await registerSchedules(redis, config);
    const registered = await schedulerIds();
    expect(registered).toEqual(['lead-check', 'lead-sweep', 'morning-digest']);
    const kept = keepSchedules(redis, config, createLogger('silent'), 200);
    try {
      // What a Redis restarted without persistence holds of them: nothing.
      const keys = await redis.keys(`${ns.prefix}:*`);
      await redis.del(...keys);
      expect(await schedulerIds()).toEqual([]);
      let back: string[] = [];
      for (let i = 0; i < 50 && back.length < 3; i++) {
        await new Promise((r) => setTimeout(r, 100));
        back = await schedulerIds();
      }
      expect(back).toEqual(registered);
    } finally {
      await kept.close();
    }
  });
});
