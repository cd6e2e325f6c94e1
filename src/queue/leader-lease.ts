import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';

/** Something that runs only while this process holds the lease. */
export interface LeaderTask {
  close(): Promise<void> | void;
}

export interface LeaderLeaseOptions {
  redis: Redis;
  /** The lease's Redis key: one holder at a time across all processes. */
  key: string;
  /** The lease lapses this long after its holder stops renewing it (e.g. killed). */
  ttlMs?: number;
  logger: Logger;
  /** Starts the task when the lease is won. */
  start(): LeaderTask;
}

const renewScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0";
const releaseScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

/**
 * Runs a task in exactly one process at a time (WeCom keeps one long connection per bot and drops the
 * older one). Every process tries to win the lease; the holder renews it, and when it dies or loses
 * Redis the lease lapses and another process takes over.
 */
export function runWhileLeader(options: LeaderLeaseOptions): { stop(): Promise<void>; isLeader(): boolean } {
  const ttl = options.ttlMs ?? 15_000;
  const owner = randomUUID();
  let task: LeaderTask | undefined;
  let stopped = false;

  const lose = async (reason: string) => {
    if (!task) return;
    options.logger.warn({ key: options.key, reason }, 'leader lease lost; stopping the task');
    const current = task;
    task = undefined;
    await current.close();
  };

  const tick = async () => {
    try {
      if (task) {
        if (Number(await options.redis.eval(renewScript, 1, options.key, owner, String(ttl))) !== 1) await lose('renewal refused');
      } else if ((await options.redis.set(options.key, owner, 'PX', ttl, 'NX')) === 'OK') {
        options.logger.info({ key: options.key }, 'leader lease won');
        task = options.start();
      }
    } catch (error) {
      // Redis unreachable: the lease cannot be proven any longer, so another process may take it.
      await lose((error as Error).message);
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), Math.max(200, Math.floor(ttl / 3)));

  return {
    isLeader: () => task !== undefined,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      const current = task;
      task = undefined;
      await current?.close();
      await options.redis.eval(releaseScript, 1, options.key, owner).catch(() => undefined);
    },
  };
}
