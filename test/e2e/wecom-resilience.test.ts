import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedisServer } from '../../src/embedded/redis.js';
import { messageLogModel } from '../../src/models/message-log.js';
import { newMsgId, startBotHarness, type BotHarness } from '../support/bot-harness.js';

describe('Redis down while WeCom delivers a callback', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  });

  it('never answers 200 for a message it did not keep, and handles the retried delivery once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'redis-down-'));
    let redis = await startRedisServer({ dir });
    const port = redis.port;
    cleanup.push(() => redis.stop());
    const h: BotHarness = await startBotHarness({ env: { REDIS_URL: redis.uri } });
    cleanup.push(() => h.stop());

    await redis.stop();
    const msgId = newMsgId();
    const during = await h.sendText('zhangsan', '帮助', msgId);
    expect(during.status).toBe(503);
    expect(await messageLogModel(h.runtime.mongo).countDocuments({ _id: `msg:${msgId}` })).toBe(0);

    redis = await startRedisServer({ dir, port });
    // WeCom retries the same message; the bot reconnects and keeps it this time.
    let retried = await h.sendText('zhangsan', '帮助', msgId);
    for (let i = 0; retried.status !== 200 && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      retried = await h.sendText('zhangsan', '帮助', msgId);
    }
    expect(retried.status).toBe(200);
    expect((await h.sendText('zhangsan', '帮助', msgId)).status).toBe(200);

    await h.fake.waitFor(() => h.fake.appMessages().length > 0, 10_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.fake.appMessages()).toHaveLength(1);
    expect(await messageLogModel(h.runtime.mongo).findById(`msg:${msgId}`).lean()).toMatchObject({ state: 'handled', replies: 1 });
  }, 60_000);
});
