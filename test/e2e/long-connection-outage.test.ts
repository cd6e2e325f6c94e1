import { Queue } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectionRetryMs } from '../../jobs/aibot-reply.js';
import { helpText } from '../../handlers/help.js';
import { markdownLiteral } from '../../src/wecom/markdown-literal.js';
import { deliveryModel } from '../../src/models/delivery.js';
import { messageLogModel } from '../../src/models/message-log.js';
import { createCommandRedis } from '../../src/queue/connection.js';
import { createDeliveryQueue } from '../../src/queue/delivery.js';
import { queueNames } from '../../src/queue/names.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { waitUntil } from '../support/wait-until.js';

describe('long-connection replies while the connection is down', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ longConnection: true });
  });
  afterEach(() => h.fake.bot.setOffline(false));
  afterAll(() => h.stop());

  const appTo = (userid: string) => h.fake.appMessages().filter((m) => m.touser === userid);
  const record = (id: string) => deliveryModel(h.runtime.mongo).findById(id).lean();
  const textOf = (m: Record<string, unknown>) => (m.text as { content?: string } | undefined)?.content;

  /** Sends `帮助` over the connection, which fails right after: the message is handled, its reply fails a first time. */
  async function askDuringOutage(userid: string): Promise<{ reqId: string; replyId: string }> {
    await h.fake.bot.waitForSubscribed(30_000);
    h.clock.advance(1000);
    const { reqId, msgid } = h.fake.bot.sendText({ userid, content: '帮助' });
    h.fake.bot.setOffline(true);
    await waitUntil(async () => (await messageLogModel(h.runtime.mongo).findById(`bot:${msgid}`).lean())?.state === 'handled', 'the message handled');
    const replyId = `bot:${msgid}#out0`.replace(/:/g, '_');
    await waitUntil(async () => (await record(replyId))?.state === 'queued', 'a failed try over the connection');
    return { reqId, replyId };
  }

  it('keeps trying a reply through a reconnect, and sends it over the connection, not the app', async () => {
    const { reqId, replyId } = await askDuringOutage('zhangsan');
    // Longer down than the three tries within 1.5 s there were.
    await waitUntil(async () => ((await record(replyId))?.attempts ?? 0) >= 3, 'a third failed try', 15_000);
    h.fake.bot.setOffline(false);
    const reply = await h.fake.bot.waitForReply(reqId, 40_000);
    expect(reply.body).toMatchObject({ msgtype: 'stream', stream: { finish: true, content: markdownLiteral(helpText) } });
    const sent = await waitUntil(async () => {
      const found = await record(replyId);
      return found?.state === 'sent' && found;
    }, 'the reply recorded as sent');
    expect(sent).toMatchObject({ channel: 'aibot', errcode: 0 });
    expect(sent.attempts).toBeGreaterThan(3);
    expect(appTo('zhangsan')).toEqual([]);
  }, 60_000);

  it('sends the reply to the sender as an app message, once, when the connection is still down a minute on', async () => {
    const { reqId, replyId } = await askDuringOutage('zhaoliu');
    h.clock.advance(connectionRetryMs);
    await waitUntil(() => appTo('zhaoliu').length > 0, 'the reply as an app message', 20_000);
    expect(appTo('zhaoliu').map(textOf)).toEqual([helpText]);
    const failed = await record(replyId);
    expect(failed).toMatchObject({ channel: 'aibot', state: 'failed' });
    expect(failed?.errmsg).toContain(`sent as an app message instead (${replyId}_app)`);
    await waitUntil(async () => (await record(`${replyId}_app`))?.state === 'sent', 'the app message recorded as sent');

    // The reply's job is done: the connection coming back sends nothing more.
    const queue = new Queue(queueNames.aibotReply, { connection: createCommandRedis(h.runtime.redisUrl, { enableOfflineQueue: true }), prefix: h.config.QUEUE_PREFIX });
    const job = await waitUntil(async () => {
      const found = await queue.getJob(replyId);
      return found?.finishedOn ? found : undefined;
    }, 'the reply job finished');
    expect(job.returnvalue).toEqual({ fallback: [`${replyId}_app`] });
    await queue.close();
    h.fake.bot.setOffline(false);
    await h.fake.bot.waitForSubscribed(30_000);
    expect(h.fake.bot.replies(reqId)).toEqual([]);
    expect(appTo('zhaoliu')).toHaveLength(1);
  }, 60_000);

  it('sends as an app message at once a reply WeCom refuses (a req_id it does not take)', async () => {
    await h.fake.bot.waitForSubscribed(30_000);
    const queue = createDeliveryQueue(createCommandRedis(h.runtime.redisUrl, { enableOfflineQueue: true }), h.config.QUEUE_PREFIX);
    const body = { msgtype: 'text' as const, text: { content: '已记录：进度 60%' } };
    await queue.send({ id: 'refused', target: { kind: 'aibot', reqId: 'no-such-request', userid: 'lisi', queuedAt: h.clock.now() }, body });
    await waitUntil(() => appTo('lisi').length > 0, 'the reply as an app message');
    expect(appTo('lisi').map(textOf)).toEqual(['已记录：进度 60%']);
    expect(await record('refused')).toMatchObject({ channel: 'aibot', state: 'failed', attempts: 1, errcode: 846605 });
    expect(h.fake.bot.frames.filter((f) => f.reqId === 'no-such-request').map((f) => f.errcode)).toEqual([846605]);
    await queue.close();
  });
});
