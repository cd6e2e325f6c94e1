import type { Redis } from 'ioredis';

// Sliding window in a sorted set: drop entries older than the window, then take a slot if one is free,
// otherwise say how long until the oldest entry leaves the window. Atomic, so several workers share it.
const script = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + tonumber(ARGV[2]) - tonumber(ARGV[1]))
`;

/**
 * Takes one slot of a per-key limit (e.g. 20 messages a minute per robot) shared by every process.
 * Resolves 0 when the slot was taken, or the milliseconds to wait before trying again.
 */
export async function takeSlot(redis: Redis, key: string, limit: number, windowMs: number, now: number): Promise<number> {
  const member = `${now}:${Math.random().toString(36).slice(2)}`;
  const wait = (await redis.eval(script, 1, key, String(now), String(windowMs), String(limit), member)) as number;
  return Number(wait);
}
