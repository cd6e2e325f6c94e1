import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryQueue } from '../../src/queue/delivery.js';
import { createCommandRedis } from '../../src/queue/connection.js';
import { deliveryModel } from '../../src/models/delivery.js';
import { WecomApiClient } from '../../src/wecom/api-client.js';
import { WecomApiError } from '../../src/wecom/errors.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';

describe('outbound to the fake WeCom', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ users: Array.from({ length: 20 }, (_, i) => ({ userid: `user${i}`, name: `用户${i}` })) });
  });
  afterAll(() => h.stop());

  function client() {
    return new WecomApiClient({
      apiBase: h.fake.apiBase, corpId: h.config.WECOM_CORP_ID, corpSecret: h.config.WECOM_SECRET,
      agentId: h.config.WECOM_AGENT_ID, redis: h.runtime.redis, keyPrefix: `${h.config.QUEUE_PREFIX}:direct`,
    });
  }

  it('refreshes an expired token once, even with 20 concurrent sends, and every send succeeds', async () => {
    const api = client();
    await api.sendMessage(['user0'], { msgtype: 'text', text: { content: 'warm-up' } });
    expect(h.fake.tokenRequests()).toHaveLength(1);

    h.fake.expireToken();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => api.sendMessage([`user${i}`], { msgtype: 'text', text: { content: `第${i}条` } })),
    );
    expect(results.every((r) => r.msgid && r.invalidUsers.length === 0)).toBe(true);
    expect(h.fake.tokenRequests()).toHaveLength(2);
    expect(h.fake.requests.filter((r) => r.path === '/cgi-bin/message/send' && (r.response as { errcode: number }).errcode === 42001).length).toBeGreaterThan(0);
  });

  it('turns WeCom errors into typed errors with errcode and errmsg, and reports invalid receivers lower-cased', async () => {
    const api = client();
    const partial = await api.sendMessage(['user1', 'NoSuchUser'], { msgtype: 'text', text: { content: 'x' } });
    expect(partial.invalidUsers).toEqual(['nosuchuser']);
    const error = await api.sendMessage(['ghost'], { msgtype: 'text', text: { content: 'x' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WecomApiError);
    expect(error).toMatchObject({ errcode: 81013 });
    const card = await api.sendMessage(['user1'], { msgtype: 'template_card', template_card: { card_type: 'button_interaction', task_id: 'bad task id!', button_list: [] } }).catch((e: unknown) => e);
    expect(card).toBeInstanceOf(WecomApiError);
    expect((card as WecomApiError).errcode).not.toBe(0);
  });

  it('updates a clicked card once with its response_code, and refuses a reused code', async () => {
    const api = client();
    const card = { card_type: 'button_interaction' as const, main_title: { title: '线索提醒' }, task_id: 'lead-card-1', button_list: [{ text: '受理', key: 'accept', style: 1 }] };
    const sent = await api.sendMessage(['user2', 'user3'], { msgtype: 'template_card', template_card: card });
    expect(sent.responseCode).toBeTruthy();
    const code = h.fake.issueResponseCode('lead-card-1');
    await api.updateTemplateCard({ responseCode: code, replaceName: '已受理（王检察官）' });
    expect(h.fake.cardUpdates().at(-1)).toMatchObject({ response_code: code, button: { replace_name: '已受理（王检察官）' } });
    await expect(api.updateTemplateCard({ responseCode: code, replaceName: 'again' })).rejects.toBeInstanceOf(WecomApiError);
  });

  it('uploads and downloads media byte for byte', async () => {
    const api = client();
    const bytes = Buffer.from('整改前后对比照片'.repeat(100));
    const mediaId = await api.uploadMedia('file', bytes, '整改照片.txt');
    const back = await api.downloadMedia(mediaId);
    expect(back.bytes.equals(bytes)).toBe(true);
    expect(back.filename).toBe('整改照片.txt');
    await expect(api.downloadMedia('no-such-media')).rejects.toMatchObject({ errcode: 40007 });
  });

  it('delivers 25 robot messages to one key within the limit: all arrive, none refused with 45009', async () => {
    h.fake.addRobot('robot-key-linye');
    const queue = createDeliveryQueue(createCommandRedis(h.runtime.redisUrl, { enableOfflineQueue: true }), h.config.QUEUE_PREFIX);
    for (let i = 0; i < 25; i++) {
      await queue.send({ id: `digest-${i}`, target: { kind: 'robot', key: 'robot-key-linye' }, body: { msgtype: 'markdown', markdown: { content: `第${i + 1}条` } } });
    }
    await h.fake.waitFor(() => h.fake.robotMessages('robot-key-linye').length >= 20 || undefined, 10_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(h.fake.robotMessages('robot-key-linye')).toHaveLength(20);

    h.clock.advance(61_000); // a minute later (both the fake and the bot read this clock)
    await h.fake.waitFor(() => h.fake.robotMessages('robot-key-linye').length === 25 || undefined, 10_000);
    const contents = h.fake.robotMessages('robot-key-linye').map((m) => (m.body as { markdown: { content: string } }).markdown.content);
    expect(new Set(contents).size).toBe(25);
    expect(h.fake.requests.filter((r) => r.path === '/cgi-bin/webhook/send' && (r.response as { errcode: number }).errcode === 45009)).toHaveLength(0);
    let records = await deliveryModel(h.runtime.mongo).find({ channel: 'robot' }).lean();
    for (let i = 0; records.filter((r) => r.state === 'sent').length < 25 && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      records = await deliveryModel(h.runtime.mongo).find({ channel: 'robot' }).lean();
    }
    expect(records.filter((r) => r.state === 'sent')).toHaveLength(25);
    expect(JSON.stringify(records)).not.toContain('robot-key-linye');
    await queue.close();
  });

  it('paces app messages to one member under WeCom\'s 30 a minute, so that none is discarded: 40 alerts all arrive', async () => {
    const paced = await startBotHarness({ seed: false, memberLimit: { perMinute: 30, perHour: 1000 }, users: [{ userid: 'wangjc', name: '王检察官' }, { userid: 'lisi', name: '李四' }] });
    try {
      const queue = createDeliveryQueue(createCommandRedis(paced.runtime.redisUrl, { enableOfflineQueue: true }), paced.config.QUEUE_PREFIX);
      const toWang = () => paced.fake.appMessages().filter((m) => String(m.touser).split('|').includes('wangjc'));
      for (let i = 0; i < 40; i++) {
        await queue.send({ id: `alert-${i}`, target: { kind: 'app', touser: ['wangjc'] }, body: { msgtype: 'text', text: { content: `线索提醒 第${i + 1}条` } } });
      }
      await paced.fake.waitFor(() => toWang().length >= 30 || undefined, 10_000);
      // A message to both waits for wangjc's slot; it does not go to lisi alone, nor use up lisi's slot meanwhile.
      await queue.send({ id: 'both', target: { kind: 'app', touser: ['wangjc', 'lisi'] }, body: { msgtype: 'text', text: { content: '两人都要收到' } } });
      await new Promise((r) => setTimeout(r, 1500));
      expect(toWang()).toHaveLength(30);
      expect(paced.fake.appMessages().filter((m) => JSON.stringify(m).includes('两人都要收到'))).toHaveLength(0);

      paced.clock.advance(61_000); // a minute later (both the fake and the bot read this clock)
      await paced.fake.waitFor(() => toWang().length === 41 || undefined, 10_000);
      expect(new Set(toWang().map((m) => JSON.stringify(m.text))).size).toBe(41);
      expect(paced.fake.appMessages().find((m) => JSON.stringify(m).includes('两人都要收到'))?.touser).toBe('wangjc|lisi');
      expect(paced.fake.droppedAppMessages()).toEqual([]);
      let sent = 0;
      for (let i = 0; sent < 41 && i < 50; i++) {
        sent = await deliveryModel(paced.runtime.mongo).countDocuments({ state: 'sent' });
        if (sent < 41) await new Promise((r) => setTimeout(r, 100));
      }
      expect(sent).toBe(41);
      await queue.close();
    } finally {
      await paced.stop();
    }
  });

  it('does not send again a delivery already recorded as sent (a job re-run after its worker died)', async () => {
    const redis = createCommandRedis(h.runtime.redisUrl, { enableOfflineQueue: true });
    const queue = createDeliveryQueue(redis, h.config.QUEUE_PREFIX);
    const delivery = { id: 'once-only', target: { kind: 'app' as const, touser: ['user6'] }, body: { msgtype: 'text' as const, text: { content: '只发一次' } } };
    await queue.send(delivery);
    await h.fake.waitFor(() => h.fake.appMessages().find((m) => JSON.stringify(m).includes('只发一次')));
    // The job is gone (as after a crash that lost its completion); the same delivery runs again.
    const { Queue } = await import('bullmq');
    const raw = new Queue('deliver', { connection: redis, prefix: h.config.QUEUE_PREFIX });
    for (let i = 0; i < 50 && !(await raw.getJob('once-only'))?.finishedOn; i++) await new Promise((r) => setTimeout(r, 100));
    await (await raw.getJob('once-only'))?.remove();
    await queue.send(delivery);
    for (let i = 0; i < 50 && !(await raw.getJob('once-only'))?.finishedOn; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await raw.getJob('once-only'))?.returnvalue).toMatchObject({ already: true });
    expect(h.fake.appMessages().filter((m) => JSON.stringify(m).includes('只发一次'))).toHaveLength(1);
    await raw.close();
    await queue.close();
  });

  it('retries -1, HTTP 5xx and 45009 answers with backoff until the message is delivered', async () => {
    const queue = createDeliveryQueue(createCommandRedis(h.runtime.redisUrl, { enableOfflineQueue: true }), h.config.QUEUE_PREFIX);
    h.fake.failNext('/cgi-bin/message/send', { errcode: -1 });
    h.fake.failNext('/cgi-bin/message/send', { httpStatus: 502 });
    h.fake.failNext('/cgi-bin/message/send', { errcode: 45009 });
    await queue.send({ id: 'retry-me', target: { kind: 'app', touser: ['user5'] }, body: { msgtype: 'text', text: { content: '重试后送达' } } });
    const delivered = await h.fake.waitFor(() => h.fake.appMessages().find((m) => (m.text as { content?: string } | undefined)?.content === '重试后送达'), 25_000);
    expect(delivered.touser).toBe('user5');
    const calls = h.fake.requests.filter((r) => r.path === '/cgi-bin/message/send' && JSON.stringify(r.body).includes('重试后送达'));
    expect(calls.map((c) => c.status === 200 ? (c.response as { errcode: number }).errcode : c.status)).toEqual([-1, 502, 45009, 0]);
    let record = await deliveryModel(h.runtime.mongo).findById('retry-me').lean();
    for (let i = 0; record?.state !== 'sent' && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      record = await deliveryModel(h.runtime.mongo).findById('retry-me').lean();
    }
    expect(record).toMatchObject({ state: 'sent', errcode: 0 });
    await queue.close();
  }, 40_000);
});
