import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryModel } from '../../src/models/delivery.js';
import { messageLogModel } from '../../src/models/message-log.js';
import { newMsgId, startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { startDurableRedis, type DurableRedis } from '../support/durable-redis.js';
import { auditAppDeliveries } from '../support/delivery-audit.js';
import { waitUntil } from '../support/wait-until.js';

/** One callback as WeCom made it: when, and what the bot answered. */
interface Delivered {
  msgId: string;
  from: string;
  startedAt: number;
  endedAt: number;
  status: number;
}

const senders = ['zhangsan', 'lisi', 'qianqi', 'zhaoliu'];

/**
 * Models Redis being restarted (a version upgrade, a failover, the OOM killer) while staff keep messaging the bot.
 * Redis runs as it should in production, with an append-only file fsynced on every write, so what it acknowledged
 * survives the restart. The bot must never answer 200 for a message it did not keep — callbacks while Redis is down
 * get 503 and WeCom retries them — and every message, acknowledged at once or on WeCom's retry, must end in MongoDB
 * exactly once, answered once. (test/e2e/wecom-resilience.test.ts covers one callback during an outage; this is the
 * same under load, across a restart.)
 */
describe('Redis restarted while callbacks keep arriving', () => {
  let redis: DurableRedis;
  let h: BotHarness;
  beforeAll(async () => {
    redis = await startDurableRedis();
    h = await startBotHarness({ env: { REDIS_URL: redis.uri, JOB_LOCK_MS: '2000' } });
  }, 120_000);
  afterAll(async () => {
    await h?.stop().catch(() => undefined);
    await redis?.remove();
  });

  it('answers 503 while Redis is down and keeps every message exactly once, acknowledged at once or on the retry', async () => {
    const delivered: Delivered[] = [];
    let sending = true;
    // Several staff sending continuously, one message at a time each, with distinct MsgIds.
    const sendLoop = async (from: string) => {
      while (sending) {
        const msgId = newMsgId();
        const startedAt = Date.now();
        const status = await h.sendText(from, '帮助', msgId).then((r) => r.status, () => 0);
        delivered.push({ msgId, from, startedAt, endedAt: Date.now(), status });
        await new Promise((r) => setTimeout(r, 40));
      }
    };
    const loops = senders.map(sendLoop);
    const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

    const ackedSince = (t: number) => delivered.filter((d) => d.status === 200 && d.startedAt > t).length;
    await waitUntil(() => ackedSince(0) >= 20, 'load acknowledged before the restart', 20_000);
    const stoppedAt = Date.now();
    await redis.stop();
    const downAt = Date.now();
    await pause(1500);
    await redis.start();
    const upAt = Date.now();
    // The bot reconnects on its own (ioredis backs off up to 2 s); the load goes on until it acknowledges again.
    await waitUntil(() => ackedSince(upAt) >= 20, 'load acknowledged again after the restart', 20_000);
    sending = false;
    await Promise.all(loops);

    const duringOutage = delivered.filter((d) => d.startedAt > downAt && d.endedAt < upAt);
    // <=: answers that ended in the millisecond the wait saw them were acknowledged before the stop too.
    expect(delivered.filter((d) => d.status === 200 && d.endedAt <= stoppedAt).length).toBeGreaterThanOrEqual(20);
    expect(duringOutage.length).toBeGreaterThan(3);
    expect(duringOutage.map((d) => d.status)).toEqual(duringOutage.map(() => 503));
    expect(delivered.every((d) => d.status === 200 || d.status === 503)).toBe(true);

    // WeCom retries every callback that was not answered 200, with the same MsgId; Redis is back, so it is kept now.
    const refused = delivered.filter((d) => d.status !== 200);
    for (const d of refused) expect((await h.sendText(d.from, '帮助', d.msgId)).status, d.msgId).toBe(200);

    // Every message, acknowledged at once or on WeCom's retry, is in the message log exactly once, handled.
    const log = messageLogModel(h.runtime.mongo);
    const ids = delivered.map((d) => `msg:${d.msgId}`);
    await waitUntil(async () => (await log.countDocuments({ _id: { $in: ids }, state: 'handled' })) === ids.length, 'every message handled', 60_000);
    const records = await log.find({}, { _id: 1, state: 1, replies: 1 }).lean();
    expect(records.map((r) => r._id).sort()).toEqual([...ids].sort());
    expect(records.every((r) => r.state === 'handled' && r.replies === 1)).toBe(true);

    // One answer per message, reaching WeCom once.
    const deliveries = deliveryModel(h.runtime.mongo);
    await waitUntil(async () => (await deliveries.countDocuments({ state: 'sent' })) === ids.length, 'every answer sent', 60_000);
    const audit = await auditAppDeliveries(h.fake, h.runtime.mongo);
    expect(audit.deliveries.map((x) => x.source).sort()).toEqual([...ids].sort());
    expect(audit.accepted.sort()).toEqual(audit.recorded.sort());
    for (const from of senders) {
      expect(h.fake.appMessages().filter((m) => m.touser === from), from).toHaveLength(delivered.filter((d) => d.from === from).length);
    }
  }, 120_000);
});
