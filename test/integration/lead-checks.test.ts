import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateOnly } from '../../src/calendar/local-date.js';
import { runLeadChecks } from '../../src/leads/lead-checks.js';
import { leadModel, type LeadRecord } from '../../src/models/lead.js';
import { Queue } from 'bullmq';
import { createDeliveryQueue, type Delivery, type DeliveryQueue } from '../../src/queue/delivery.js';
import { createCommandRedis } from '../../src/queue/connection.js';
import { queueNames } from '../../src/queue/names.js';
import { connectMongo } from '../../src/db/connect.js';
import { isolate } from '../support/isolation.js';
import type { Connection } from 'mongoose';


describe('duty-crime transfer deadlines (15 days to the supervisory commission)', () => {
  const ns = isolate('leadchecks');
  let mongo: Connection;
  const redis = createCommandRedis(ns.redisUrl, { enableOfflineQueue: true });
  const deliveries: DeliveryQueue = createDeliveryQueue(redis, ns.prefix);
  const deliverQueue = new Queue<Delivery>(queueNames.deliver, { connection: redis, prefix: ns.prefix });
  /** What the checks queued for delivery (no worker runs here), oldest first. */
  const sent = async () => (await deliverQueue.getJobs(['waiting'])).sort((a, b) => a.timestamp - b.timestamp).map((j) => j.data);
  beforeAll(async () => {
    mongo = await connectMongo(ns.mongoUri);
    const lead: LeadRecord = {
      _id: 'case:c1:R10-state-loss-unrecovered', number: 'XS-2026-0100', kind: 'duty_crime', ruleId: 'R10-state-loss-unrecovered', ruleVersion: 1,
      title: '国有财产损失未追回', explanation: '…', values: [], legalBasis: '…',
      subject: { kind: 'case', id: 'c1', label: '案号 富财罚〔2026〕1号', agency: 'caizheng' },
      status: 'open', alert: { taskId: 't', recipients: ['wangjc'], sentAt: new Date('2026-11-01T01:00:00Z') },
      transferDueOn: dateOnly('2026-11-16'), createdAt: new Date('2026-11-01T01:00:00Z'), history: [],
    };
    await leadModel(mongo).create(lead);
  });
  afterAll(async () => {
    await deliverQueue.obliterate({ force: true });
    await deliverQueue.close();
    await deliveries.close();
    await redis.quit();
    await mongo.dropDatabase();
    await mongo.close();
  });

  const check = async (iso: string) => {
    await runLeadChecks({ mongo, config: { TZ: 'Asia/Shanghai', PROSECUTOR_ROBOT_KEY: 'group-key', LEAD_ESCALATE_AFTER_HOURS: 24 * 365 }, deliveries, now: new Date(iso) });
    // BullMQ orders jobs by millisecond timestamp; keep successive checks apart.
    await new Promise((r) => setTimeout(r, 5));
  };

  it('reminds the recipients 3, 1 and 0 days before, once each, and escalates to the group when overdue', async () => {
    await check('2026-11-12T01:00:00Z'); // 4 days left: nothing
    expect(await sent()).toHaveLength(0);
    await check('2026-11-13T01:00:00Z'); // 3 days left
    await check('2026-11-13T09:00:00Z'); // same day again: nothing new
    expect((await sent()).map((d) => d.target)).toEqual([{ kind: 'app', touser: ['wangjc'] }]);
    expect(JSON.stringify((await sent())[0]!.body)).toContain('还剩 3 天');
    await check('2026-11-15T01:00:00Z');
    await check('2026-11-16T01:00:00Z');
    expect((await sent()).map((d) => JSON.stringify(d.body).match(/还剩 \d 天|今天到期/)?.[0])).toEqual(['还剩 3 天', '还剩 1 天', '今天到期']);
    await check('2026-11-17T01:00:00Z');
    const overdue = (await sent()).at(-1)!;
    // The prosecutors' group by name: its webhook key (a secret) is looked up when sent, never kept in the job.
    expect(overdue).toMatchObject({ target: { kind: 'robot', of: '@prosecutors' } });
    expect(JSON.stringify(overdue)).not.toContain('group-key');
    expect(JSON.stringify(overdue.body)).toContain('已逾期 1 天');
    await check('2026-11-18T01:00:00Z');
    expect(await sent()).toHaveLength(4);
  });
});
