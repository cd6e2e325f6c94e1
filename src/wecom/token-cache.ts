import type { Redis } from 'ioredis';

/** How a fresh token is fetched: the token and its lifetime in seconds. */
export type FetchToken = () => Promise<{ token: string; expiresIn: number }>;

export interface TokenCacheOptions {
  redis: Redis;
  /** Redis key of the token; shared by every process of the same app. */
  key: string;
  fetchToken: FetchToken;
  /** Refresh this many seconds before WeCom's expiry. */
  earlySeconds?: number;
  /** How long a refresher may hold the lock. */
  lockMs?: number;
}

/**
 * The app's access token, cached in Redis for every process. Only one process refreshes at a
 * time (a SET NX lock); the others wait for its result instead of calling gettoken themselves,
 * since gettoken is rate-limited.
 */
export class TokenCache {
  private readonly lockKey: string;
  private inFlight?: Promise<string>;

  constructor(private readonly options: TokenCacheOptions) {
    this.lockKey = `${options.key}:lock`;
  }

  /** The cached token, fetching one when there is none. */
  async get(): Promise<string> {
    return (await this.options.redis.get(this.options.key)) ?? this.refresh(undefined);
  }

  /**
   * Replaces `stale` (the token WeCom just refused) with a fresh one. If another process already
   * replaced it, that newer token is returned without a second gettoken call.
   */
  async refresh(stale: string | undefined): Promise<string> {
    this.inFlight ??= this.refreshOnce(stale).finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async refreshOnce(stale: string | undefined): Promise<string> {
    const { redis, key } = this.options;
    const lockMs = this.options.lockMs ?? 10_000;
    const deadline = Date.now() + lockMs + 5000;
    while (Date.now() < deadline) {
      const current = await redis.get(key);
      if (current && current !== stale) return current;
      const owner = `${process.pid}:${Math.random()}`;
      if ((await redis.set(this.lockKey, owner, 'PX', lockMs, 'NX')) === 'OK') {
        try {
          const again = await redis.get(key);
          if (again && again !== stale) return again;
          const { token, expiresIn } = await this.options.fetchToken();
          const ttl = Math.max(60, expiresIn - (this.options.earlySeconds ?? 300));
          await redis.set(key, token, 'EX', ttl);
          return token;
        } finally {
          // Release only our own lock (it may have expired and been taken by another process).
          await redis.eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0", 1, this.lockKey, owner);
        }
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('timed out waiting for another process to refresh the WeCom token');
  }
}
