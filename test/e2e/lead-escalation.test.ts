import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadModel, type LeadRecord } from '../../src/models/lead.js';
import { createCommandRedis } from '../../src/queue/connection.js';
import { queueNames } from '../../src/queue/names.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';

const groupKey = 'prosecutors-group-robot';
const hour = 3600_000;
// Escalations go out in working time and count working days' hours: a Wednesday morning, after a working Tuesday.
const clockStart = Date.parse('2026-11-25T10:00:00+08:00');

/** Escalations to the prosecutors' group name and @mention the prosecutors a lead was assigned to. */
describe('lead escalations to the prosecutors\' group', () => {
  let h: BotHarness;
  let schedule: Queue;
  beforeAll(async () => {
    h = await startBotHarness({ env: { PROSECUTOR_ROBOT_KEY: groupKey, LEAD_ESCALATE_AFTER_HOURS: '24' }, clockStart });
    h.fake.addRobot(groupKey);
    schedule = new Queue(queueNames.leadSchedule, { connection: createCommandRedis(h.runtime.redisUrl, { enableOfflineQueue: true }), prefix: h.config.QUEUE_PREFIX });
  });
  afterAll(async () => {
    await schedule.close();
    await h.stop();
  });

  /** A lead as the rules store one, alerted to `recipients` `alertedHoursAgo` hours ago. */
  async function storeLead(number: string, fields: Partial<LeadRecord> & { recipients: string[]; alertedHoursAgo: number }): Promise<void> {
    const { recipients, alertedHoursAgo, ...rest } = fields;
    const now = h.clock.now();
    await leadModel(h.runtime.mongo).create({
      _id: `case:${number}:R01-fine-unpaid`, number, kind: 'pil', ruleId: 'R01-fine-unpaid', ruleVersion: 1,
      title: '罚款逾期未缴纳', explanation: '罚款决定作出已 120 天仍未记录缴纳', legalBasis: '《行政处罚法》第七十二条', values: [],
      subject: { kind: 'case', id: `case-${number}`, label: `富林罚〔2024〕${number.slice(-3)}号`, agency: 'linye' },
      status: 'open', createdAt: new Date(now - alertedHoursAgo * hour), history: [],
      alert: { taskId: `lead-task-${number}`, recipients, sentAt: new Date(now - alertedHoursAgo * hour) },
      ...rest,
    });
  }
  const robotText = (needle: string) => h.fake.robotMessages(groupKey).map((m) => m.body.text as { content: string; mentioned_list?: string[] }).find((t) => t.content.includes(needle));

  it('@mentions the prosecutors an unhandled lead was assigned to, and names them', async () => {
    await storeLead('XS-2026-0901', { recipients: ['wangjc', 'lijc'], alertedHoursAgo: 25 });
    await schedule.add('check', {});
    const escalation = await h.fake.waitFor(() => robotText('XS-2026-0901'), 10_000);
    expect(escalation.content).toContain('【线索超时未处理】XS-2026-0901');
    // 25 hours of working days: told as the working time it is, not as clock hours.
    expect(escalation.content).toContain('发出后已过 1 个工作日仍无人处理，请尽快受理或说明。（分派给：王检察官、李检察官）');
    expect(escalation.mentioned_list).toEqual(['wangjc', 'lijc']);
  });

  it('@mentions them on an overdue duty-crime transfer too', async () => {
    await storeLead('XS-2026-0902', {
      recipients: ['lijc'], alertedHoursAgo: 2, kind: 'duty_crime', status: 'accept',
      transferDueOn: new Date(h.clock.now() - 3 * 24 * hour),
    });
    await schedule.add('check', {});
    const overdue = await h.fake.waitFor(() => robotText('XS-2026-0902'), 10_000);
    expect(overdue.content).toContain('【职务犯罪线索移送期限】XS-2026-0902');
    expect(overdue.content).toContain('（分派给：李检察官）');
    expect(overdue.mentioned_list).toEqual(['lijc']);
  });

  it('escalates many leads unhandled at once in one message, listing what fits and counting the rest', async () => {
    for (let i = 0; i < 30; i++) await storeLead(`XS-2026-0${950 + i}`, { recipients: ['wangjc'], alertedHoursAgo: 30 });
    const before = h.fake.robotMessages(groupKey).length;
    await schedule.add('check', {});
    const batch = await h.fake.waitFor(() => robotText('30 条线索'), 10_000);
    expect(batch.content).toContain('【线索超时未处理】30 条线索发出后已超过 1 个工作日仍无人处理（分派给：王检察官）');
    expect(batch.content).toContain('XS-2026-0950');
    expect(batch.content).toMatch(/另有 \d+ 条，发送「线索」查看。$/);
    expect(Buffer.byteLength(batch.content, 'utf8')).toBeLessThanOrEqual(2048);
    expect(batch.mentioned_list).toEqual(['wangjc']);
    await new Promise((r) => setTimeout(r, 1000));
    expect(h.fake.robotMessages(groupKey).length - before).toBe(1);
    expect(await leadModel(h.runtime.mongo).countDocuments({ number: /^XS-2026-09[5-7]/, 'alert.escalatedAt': { $exists: true } })).toBe(30);
  });
});

describe('lead escalations without a prosecutors\' group robot', () => {
  it('go to the admins by app message, naming the prosecutors the lead was assigned to', async () => {
    const h = await startBotHarness({ env: { LEAD_ESCALATE_AFTER_HOURS: '24' }, clockStart });
    const schedule = new Queue(queueNames.leadSchedule, { connection: createCommandRedis(h.runtime.redisUrl, { enableOfflineQueue: true }), prefix: h.config.QUEUE_PREFIX });
    try {
      const sentAt = new Date(h.clock.now() - 30 * hour);
      await leadModel(h.runtime.mongo).create({
        _id: 'case:c-903:R01-fine-unpaid', number: 'XS-2026-0903', kind: 'pil', ruleId: 'R01-fine-unpaid', ruleVersion: 1,
        title: '罚款逾期未缴纳', explanation: '罚款决定作出已 120 天仍未记录缴纳', legalBasis: '《行政处罚法》第七十二条', values: [],
        subject: { kind: 'case', id: 'c-903', label: '富林罚〔2024〕903号', agency: 'linye' },
        status: 'open', createdAt: sentAt, history: [], alert: { taskId: 'lead-task-903', recipients: ['wangjc'], sentAt },
      });
      await schedule.add('check', {});
      const message = await h.fake.waitFor(() => h.fake.appMessages().find((m) => m.touser === 'admin' && JSON.stringify(m).includes('XS-2026-0903')), 10_000);
      expect(message.text).toEqual({ content: expect.stringContaining('仍无人处理，请尽快受理或说明。（分派给：王检察官）') });
    } finally {
      await schedule.close();
      await h.stop();
    }
  });
});
