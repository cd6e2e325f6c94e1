import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { deliveryModel } from '../../src/models/delivery.js';
import { createCommandRedis } from '../../src/queue/connection.js';
import { createDeliveryQueue, type DeliveryQueue } from '../../src/queue/delivery.js';
import { queueNames } from '../../src/queue/names.js';
import { createClock, startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { createFakeWecom, type FailureOptions, type FakeWecom, type RecordedRequest } from '../support/fake-wecom/index.js';
import { isolate, testWecom } from '../support/isolation.js';
import { waitUntil } from '../support/wait-until.js';

const appSend = '/cgi-bin/message/send';
const robotSend = '/cgi-bin/webhook/send';
const robotKey = 'robot-key-backoff';
/** The deliver queue's first retry delay (src/queue/delivery.ts); each later one doubles. */
const firstRetryMs = 2000;

/** How WeCom answered each call, as errcode or HTTP status: [-1, 502, 45009, 0]. */
const outcomes = (calls: RecordedRequest[]) => calls.map((c) => (c.status === 200 ? (c.response as { errcode: number }).errcode : c.status));
/** Milliseconds between consecutive calls. */
const gaps = (calls: RecordedRequest[]) => calls.slice(1).map((c, i) => c.at - calls[i]!.at);

/**
 * Models WeCom having a bad minute: busy (-1), its gateway answering 5xx, a frequency limit (45009), several times in a
 * row, on the app API and on a group robot. Each message must be retried with growing gaps (exponential backoff, so
 * a struggling WeCom is not hammered) and reach WeCom exactly once. test/e2e/wecom-outbound.test.ts already shows a
 * message/send delivered after -1, 502 and 45009; this adds the robot webhook, the gaps between attempts (read from the
 * fake's request log, stamped with the real clock here) and the contrast case of a refusal retrying cannot fix.
 */
describe('WeCom answering -1, 5xx and 45009 several times in a row', () => {
  let fake: FakeWecom;
  let h: BotHarness;
  let deliveries: DeliveryQueue;
  beforeAll(async () => {
    // The fake stamps requests with the real clock, so gaps between attempts are real (BullMQ delays are real time).
    fake = await createFakeWecom({ corpId: testWecom.WECOM_CORP_ID, corpSecret: testWecom.WECOM_SECRET, agentId: testWecom.WECOM_AGENT_ID });
    fake.addUser({ userid: 'wangjc', name: '王检察官' });
    fake.addRobot(robotKey);
    h = await startBotHarness({ shared: { fake, ns: isolate('wecombackoff'), clock: createClock() } });
    deliveries = createDeliveryQueue(createCommandRedis(h.runtime.redisUrl, { enableOfflineQueue: true }), h.config.QUEUE_PREFIX);
  }, 120_000);
  afterAll(async () => {
    await deliveries?.close();
    await h?.runtime.mongo.dropDatabase().catch(() => undefined);
    await h?.stop();
    await fake?.close();
  });

  async function deliverThrough(path: string, failures: FailureOptions[], send: () => Promise<void>, marker: string) {
    for (const failure of failures) fake.failNext(path, failure);
    await send();
    const calls = () => fake.requests.filter((r) => r.path === path && JSON.stringify(r.body).includes(marker));
    await waitUntil(() => outcomes(calls()).includes(0), `${path} delivered`, 30_000);
    return calls();
  }

  it('retries the app message and the robot message with growing gaps until each is delivered once', async () => {
    const [app, robot] = await Promise.all([
      deliverThrough(appSend, [{ httpStatus: 500 }, { errcode: 45009 }, { errcode: -1 }], () =>
        deliveries.send({ id: 'backoff-app', target: { kind: 'app', touser: ['wangjc'] }, body: { msgtype: 'text', text: { content: '线索提醒：退避重试后送达' } } }), '退避重试后送达'),
      deliverThrough(robotSend, [{ errcode: -1 }, { httpStatus: 502 }, { errcode: 45009 }], () =>
        deliveries.send({ id: 'backoff-robot', target: { kind: 'robot', key: robotKey }, body: { msgtype: 'markdown', markdown: { content: '**逾期提醒** 退避重试后送达' } } }), '退避重试后送达'),
    ]);
    expect(outcomes(app)).toEqual([500, 45009, -1, 0]);
    expect(outcomes(robot)).toEqual([-1, 502, 45009, 0]);

    for (const calls of [app, robot]) {
      const [first, second, third] = gaps(calls);
      // BullMQ's exponential backoff: 2 s, 4 s, 8 s (a little more for the work between attempts).
      expect(first).toBeGreaterThanOrEqual(firstRetryMs - 50);
      expect(second).toBeGreaterThanOrEqual(2 * firstRetryMs - 50);
      expect(third).toBeGreaterThanOrEqual(4 * firstRetryMs - 50);
      expect(second! / first!).toBeGreaterThan(1.5);
      expect(third! / second!).toBeGreaterThan(1.5);
      expect(third).toBeLessThan(8 * firstRetryMs);
    }

    expect(fake.appMessages().filter((m) => JSON.stringify(m).includes('退避重试后送达'))).toHaveLength(1);
    expect(fake.robotMessages(robotKey).filter((m) => JSON.stringify(m).includes('退避重试后送达'))).toHaveLength(1);
    const records = deliveryModel(h.runtime.mongo);
    await waitUntil(async () => (await records.countDocuments({ _id: { $in: ['backoff-app', 'backoff-robot'] }, state: 'sent' })) === 2, 'both deliveries recorded as sent');
    expect(await records.find({ _id: { $in: ['backoff-app', 'backoff-robot'] } }).sort({ _id: 1 }).lean()).toMatchObject([
      { _id: 'backoff-app', channel: 'app', state: 'sent', attempts: 4, errcode: 0 },
      { _id: 'backoff-robot', channel: 'robot', state: 'sent', attempts: 4, errcode: 0 },
    ]);
  }, 60_000);

  it('does not retry a refusal that retrying cannot fix: one call, the job failed at once and recorded as failed', async () => {
    // 93000: the robot was removed from its group. Retrying for minutes would only delay the operator's fix.
    await deliveries.send({ id: 'backoff-removed-robot', target: { kind: 'robot', key: 'robot-key-removed' }, body: { msgtype: 'text', text: { content: '机器人已移除' } } });
    const queue = new Queue(queueNames.deliver, { connection: h.runtime.redis, prefix: h.config.QUEUE_PREFIX });
    try {
      await waitUntil(async () => (await queue.getJob('backoff-removed-robot'))?.finishedOn, 'the delivery job finished', 10_000);
      const job = await queue.getJob('backoff-removed-robot');
      expect(await job!.getState()).toBe('failed');
      expect(job!.attemptsMade).toBe(1);
      expect(fake.requests.filter((r) => r.path === robotSend && r.query.key === 'robot-key-removed')).toHaveLength(1);
      expect(await deliveryModel(h.runtime.mongo).findById('backoff-removed-robot').lean()).toMatchObject({ state: 'failed', errcode: 93000, attempts: 1 });
    } finally {
      await queue.close();
    }
  });
});
