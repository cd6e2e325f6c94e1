import type { Redis } from 'ioredis';

/** One sliding-window limit: at most `limit` slots in any `windowMs` under `key`. */
export interface SlotWindow {
  key: string;
  limit: number;
  windowMs: number;
}

// Sliding windows in sorted sets: drop entries older than each window; if every window has a free slot, take one
// in each, otherwise say how long until the fullest frees one. All or nothing, and atomic, so several workers
// share the limits and a message to several members never uses up one member's slot while it waits for another's.
const script = `
local now = tonumber(ARGV[1])
local wait = 0
for i, key in ipairs(KEYS) do
  local window = tonumber(ARGV[1 + 2 * i])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  if redis.call('ZCARD', key) >= tonumber(ARGV[2 + 2 * i]) then
    local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
    wait = math.max(wait, 1, tonumber(oldest[2]) + window - now)
  end
end
if wait > 0 then return wait end
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, ARGV[2])
  redis.call('PEXPIRE', key, tonumber(ARGV[1 + 2 * i]))
end
return 0
`;

/**
 * Takes one slot in each window (e.g. 30 a minute and 1000 an hour for each member a message goes to), shared by
 * every process. Resolves 0 when the slots were taken, or the milliseconds to wait before trying again.
 */
export async function takeSlots(redis: Redis, windows: SlotWindow[], now: number): Promise<number> {
  if (windows.length === 0) return 0;
  const member = `${now}:${Math.random().toString(36).slice(2)}`;
  const limits = windows.flatMap((w) => [String(w.windowMs), String(w.limit)]);
  const wait = (await redis.eval(script, windows.length, ...windows.map((w) => w.key), String(now), member, ...limits)) as number;
  return Number(wait);
}
