import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** One sliding-window limit: at most `limit` slots in any `windowMs` under `key`. */
export interface SlotWindow {
  key: string;
  limit: number;
  windowMs: number;
}

/** How a slot is taken. */
export interface TakeSlotsOptions {
  /** Names the slot, so that {@link settleSlots} can date it once the message is sent; random unless given. */
  slot?: string;
  /**
   * How long from now the slot counts as taken until it is settled: longer than the send it paces can last, so a
   * slot never slides out of its window while its message may still be on the way. 0 (dated now) unless given.
   */
  inFlightMs?: number;
}

// Sliding windows in sorted sets: drop entries older than each window; if every window has a free slot, take one
// in each, otherwise say how long until the fullest frees one. All or nothing, and atomic, so several workers
// share the limits and a message to several members never uses up one member's slot while it waits for another's.
// A slot is scored at now + inFlight (the latest its message may still arrive) until settled.
const takeScript = `
local now = tonumber(ARGV[1])
local inflight = tonumber(ARGV[3])
local wait = 0
for i, key in ipairs(KEYS) do
  local window = tonumber(ARGV[2 + 2 * i])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  if redis.call('ZCARD', key) >= tonumber(ARGV[3 + 2 * i]) then
    local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
    wait = math.max(wait, 1, tonumber(oldest[2]) + window - now)
  end
end
if wait > 0 then return wait end
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now + inflight, ARGV[2])
  redis.call('PEXPIRE', key, tonumber(ARGV[2 + 2 * i]) + inflight)
end
return 0
`;

// Dates a taken slot to when its send ended (only if it is still there), keeping each key alive a window past that.
const settleScript = `
local at = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  if redis.call('ZSCORE', key, ARGV[2]) then
    redis.call('ZADD', key, at, ARGV[2])
    local window = tonumber(ARGV[2 + i])
    if redis.call('PTTL', key) < window then redis.call('PEXPIRE', key, window) end
  end
end
return 0
`;

/**
 * Takes one slot in each window (e.g. 30 a minute and 1000 an hour for each member a message goes to), shared by
 * every process. Resolves 0 when the slots were taken, or the milliseconds to wait before trying again.
 */
export async function takeSlots(redis: Redis, windows: SlotWindow[], now: number, options: TakeSlotsOptions = {}): Promise<number> {
  if (windows.length === 0) return 0;
  const slot = options.slot ?? `${now}:${randomUUID()}`;
  const limits = windows.flatMap((w) => [String(w.windowMs), String(w.limit)]);
  const keys = windows.map((w) => w.key);
  const wait = (await redis.eval(takeScript, windows.length, ...keys, String(now), slot, String(options.inFlightMs ?? 0), ...limits)) as number;
  return Number(wait);
}

/**
 * Dates slots taken with {@link TakeSlotsOptions.slot} to `at`, the moment their send ended: WeCom counts a message
 * when it arrives, which is no later than that, so the window the bot keeps never closes before WeCom's does.
 */
export async function settleSlots(redis: Redis, windows: SlotWindow[], slot: string, at: number): Promise<void> {
  if (windows.length === 0) return;
  await redis.eval(settleScript, windows.length, ...windows.map((w) => w.key), String(at), slot, ...windows.map((w) => String(w.windowMs)));
}
