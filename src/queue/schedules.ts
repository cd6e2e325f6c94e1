import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { queueNames } from './names.js';

/**
 * Registers the recurring jobs (BullMQ job schedulers, cron in the configured time zone). A scheduler is
 * keyed by its id in Redis, so however many worker processes register it, it runs once per tick.
 */
export async function registerSchedules(connection: Redis, config: Pick<Config, 'QUEUE_PREFIX' | 'TZ' | 'LEAD_CHECK_CRON' | 'LEAD_SWEEP_CRON' | 'DIGEST_CRON'>): Promise<void> {
  const queue = new Queue(queueNames.leadSchedule, { connection, prefix: config.QUEUE_PREFIX });
  const deadlines = new Queue(queueNames.deadlines, { connection, prefix: config.QUEUE_PREFIX });
  queue.on('error', () => undefined);
  deadlines.on('error', () => undefined);
  try {
    const opts = { removeOnComplete: { count: 200 }, removeOnFail: { count: 1000 } };
    await queue.upsertJobScheduler('lead-check', { pattern: config.LEAD_CHECK_CRON, tz: config.TZ }, { name: 'check', opts });
    await queue.upsertJobScheduler('lead-sweep', { pattern: config.LEAD_SWEEP_CRON, tz: config.TZ }, { name: 'sweep', opts });
    await deadlines.upsertJobScheduler('morning-digest', { pattern: config.DIGEST_CRON, tz: config.TZ }, { name: 'digest', opts });
  } finally {
    await queue.close();
    await deadlines.close();
  }
}
