import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
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

/** How often a worker registers the schedules again (see keepSchedules). */
export const scheduleRefreshMs = 5 * 60_000;

/**
 * Keeps the recurring jobs registered while the worker runs. They live only in Redis: a Redis that comes back empty
 * (a restart without persistence, a failover) would otherwise stop the digests, reminders and escalations silently
 * until the next start. Registering is idempotent, so it is done again after every reconnect and every few minutes.
 */
export function keepSchedules(
  connection: Redis,
  config: Parameters<typeof registerSchedules>[1],
  logger: Logger,
  everyMs = scheduleRefreshMs,
): { close(): Promise<void> } {
  const register = () => registerSchedules(connection, config).catch((error: unknown) => logger.warn({ err: String(error) }, 'could not register the schedules; will try again'));
  const timer = setInterval(() => void register(), everyMs);
  timer.unref();
  const onReady = () => void register();
  connection.on('ready', onReady);
  return {
    close: async () => {
      clearInterval(timer);
      connection.off('ready', onReady);
    },
  };
}
