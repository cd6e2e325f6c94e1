import { afterAll, describe, expect, it } from 'vitest';
import { TokenCache } from '../../../src/wecom/token-cache.js';
import { settleSlots, takeSlots } from '../../../src/queue/rate-limit.js';
import { createCommandRedis } from '../../../src/queue/connection.js';
import { isolate } from '../../support/isolation.js';

describe('TokenCache on Redis', () => {
  const ns = isolate('token');
  const redis = createCommandRedis(ns.redisUrl, { enableOfflineQueue: true });
  afterAll(() => redis.quit());

  it('fetches once for 20 concurrent callers across separate caches (processes)', async () => {
    let fetches = 0;
    const fetchToken = async () => {
      fetches++;
      await new Promise((r) => setTimeout(r, 100));
      return { token: `tok-${fetches}`, expiresIn: 7200 };
    };
    const caches = Array.from({ length: 4 }, () => new TokenCache({ redis, key: `${ns.prefix}:tok`, fetchToken }));
    const tokens = await Promise.all(Array.from({ length: 20 }, (_, i) => caches[i % 4]!.get()));
    expect(new Set(tokens)).toEqual(new Set(['tok-1']));
    expect(fetches).toBe(1);
    expect(await redis.ttl(`${ns.prefix}:tok`)).toBeGreaterThan(6800);
  });

  it('replaces a refused token once, however many callers saw it refused', async () => {
    let fetches = 0;
    const fetchToken = async () => ({ token: `fresh-${++fetches}`, expiresIn: 7200 });
    await redis.set(`${ns.prefix}:tok2`, 'stale');
    const caches = Array.from({ length: 3 }, () => new TokenCache({ redis, key: `${ns.prefix}:tok2`, fetchToken }));
    const tokens = await Promise.all(Array.from({ length: 12 }, (_, i) => caches[i % 3]!.refresh('stale')));
    expect(new Set(tokens)).toEqual(new Set(['fresh-1']));
    expect(fetches).toBe(1);
  });
});

describe('takeSlots (sliding windows)', () => {
  const ns = isolate('slots');
  const redis = createCommandRedis(ns.redisUrl, { enableOfflineQueue: true });
  afterAll(() => redis.quit());

  it('grants 20 a minute per key, then says how long to wait, and frees slots as the window moves', async () => {
    const key = `${ns.prefix}:robot:a`;
    const t0 = 1_000_000;
    const grants = [];
    const take = (k: string, now: number) => takeSlots(redis, [{ key: k, limit: 20, windowMs: 60_000 }], now);
    for (let i = 0; i < 20; i++) grants.push(await take(key, t0 + i * 100));
    expect(grants.every((w) => w === 0)).toBe(true);
    expect(await take(key, t0 + 5000)).toBe(55_000);
    expect(await take(`${ns.prefix}:robot:b`, t0 + 5000)).toBe(0);
    expect(await take(key, t0 + 60_001)).toBe(0);
  });

  it('takes a slot in every window or in none: a message to two members waits for the fuller one without using up the other', async () => {
    const t0 = 2_000_000;
    const windows = (id: string) => [
      { key: `${ns.prefix}:member:${id}:minute`, limit: 3, windowMs: 60_000 },
      { key: `${ns.prefix}:member:${id}:hour`, limit: 5, windowMs: 3_600_000 },
    ];
    for (let i = 0; i < 3; i++) expect(await takeSlots(redis, windows('a'), t0 + i * 1000)).toBe(0);
    expect(await takeSlots(redis, [...windows('a'), ...windows('b')], t0 + 3000)).toBe(57_000);
    // b's slots were not taken by the refused call: b alone still has all three of its minute.
    for (let i = 0; i < 3; i++) expect(await takeSlots(redis, windows('b'), t0 + 4000 + i)).toBe(0);
    expect(await takeSlots(redis, windows('b'), t0 + 5000)).toBeGreaterThan(0);
    // A minute on, a has a minute slot again, and two of its five hourly ones left.
    expect(await takeSlots(redis, windows('a'), t0 + 60_001)).toBe(0);
    expect(await takeSlots(redis, windows('a'), t0 + 61_000)).toBe(0);
    expect(await takeSlots(redis, windows('a'), t0 + 62_000)).toBe(3_600_000 - 62_000);
  });

  it('counts a slot in flight until it is settled, then from when its send ended', async () => {
    const t0 = 3_000_000;
    const windows = [{ key: `${ns.prefix}:member:c:minute`, limit: 2, windowMs: 60_000 }];
    expect(await takeSlots(redis, windows, t0, { slot: 'first', inFlightMs: 60_000 })).toBe(0);
    expect(await takeSlots(redis, windows, t0, { slot: 'second', inFlightMs: 60_000 })).toBe(0);
    // Both sends still under way a window later (a slow network): neither slot is free, whatever the clock says.
    expect(await takeSlots(redis, windows, t0 + 61_000)).toBeGreaterThan(0);
    // They end 61 s after they started: each slot counts from then, a full window more.
    await settleSlots(redis, windows, 'first', t0 + 61_000);
    await settleSlots(redis, windows, 'second', t0 + 61_500);
    expect(await takeSlots(redis, windows, t0 + 62_000)).toBe(59_000);
    expect(await takeSlots(redis, windows, t0 + 121_000)).toBe(0);
    expect(await takeSlots(redis, windows, t0 + 121_100)).toBe(400);
    // Settling a slot that is not there (long gone) does not add one.
    await settleSlots(redis, windows, 'unknown', t0 + 121_200);
    expect(await redis.zcard(windows[0]!.key)).toBe(2);
  });
});
