import type { Redis } from 'ioredis';

// Take the turn when nobody holds it or this holder already does (a job back from a wait), else say how long the
// holder's turn has left. Renewing on every take keeps the turn alive exactly as long as its holder keeps working.
const takeScript = `
local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 0
end
return math.max(1, redis.call('PTTL', KEYS[1]))
`;
const endScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

/**
 * Takes the turn to post in one chat (a group robot) for `holder`, a multi-part message's delivery, for `ttlMs`: while
 * one message's parts go out, another multi-part message to the same group waits, so that two agencies sharing a
 * group robot never read 1/6, the other digest, then 2/6. Resolves 0 when the turn is this holder's, or the
 * milliseconds until the current holder's turn lapses (it ends sooner when that message is done).
 */
export async function takeSendTurn(redis: Redis, key: string, holder: string, ttlMs: number): Promise<number> {
  return Number(await redis.eval(takeScript, 1, key, holder, String(ttlMs)));
}

/** Ends `holder`'s turn (only if it still holds it: a turn that lapsed may be someone else's now). */
export async function endSendTurn(redis: Redis, key: string, holder: string): Promise<void> {
  await redis.eval(endScript, 1, key, holder);
}
