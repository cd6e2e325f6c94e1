import { Redis, type RedisOptions } from 'ioredis';

/**
 * A Redis connection for commands and queue producers. The offline queue is off so that a
 * command fails at once while Redis is down instead of waiting: the callback must answer 503
 * rather than hold WeCom's request or pretend a message was kept.
 */
export function createCommandRedis(url: string, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    // Commands issued in one turn of the event loop go out in one write: under a burst of callbacks the
    // socket write per BullMQ add was the largest single cost of the acknowledgement.
    enableAutoPipelining: true,
    ...options,
  });
  // ioredis reports connection errors as events; the health check and callers see them as failures.
  redis.on('error', () => undefined);
  return redis;
}

/** A Redis connection for BullMQ workers, which BullMQ requires to retry forever. */
export function createWorkerRedis(url: string): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  redis.on('error', () => undefined);
  return redis;
}

/** Waits until the connection is ready, or rejects after `timeoutMs`. */
export async function waitReady(redis: Redis, timeoutMs = 10_000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const { host, port } = redis.options;
    const timer = setTimeout(() => reject(new Error(`Redis at ${host ?? '?'}:${port ?? '?'} not ready after ${timeoutMs} ms (REDIS_URL, or the embedded Redis)`)), timeoutMs);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
