import { Queue, type Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindStaff, upsertAgency } from '../../src/admin/registry.js';
import { leadModel, type LeadRecord } from '../../src/models/lead.js';
import { createCommandRedis } from '../../src/queue/connection.js';
import { queueNames } from '../../src/queue/names.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';

const groupKey = 'robot-pros';
const sentAt = new Date('2026-09-30T09:05:00+08:00');

/**
 * Round 8, finding 5: an alert carded on 09-30, the day before National Day, was escalated on 10-08 as
 * 「提醒已发出 192 小时仍无人处理」 — clock hours across an eight-day holiday, where the escalation had counted one
 * working day — and a 提醒 was headed 【线索超时未处理】, though a 提醒 is no lead.
 */
describe('escalation messages say the working time waited and whether it is a lead or a 提醒 (e2e)', () => {
  let h: BotHarness;
  let schedule: Queue;
  beforeAll(async () => {
    h = await startBotHarness({ seed: false, clockStart: sentAt.getTime(), env: { PROSECUTOR_ROBOT_KEY: groupKey, LEAD_ESCALATE_AFTER_HOURS: '24' }, users: [{ userid: 'p1', name: '王检' }] });
    h.fake.addRobot(groupKey);
    await bindStaff(h.runtime.mongo, { userid: 'p1', name: '王检', role: 'prosecutor' }, 'test', sentAt);
    await upsertAgency(h.runtime.mongo, { id: 'ga', name: '甲局', prosecutors: ['p1'] }, 'test', sentAt);
    schedule = new Queue(queueNames.leadSchedule, { connection: createCommandRedis(h.runtime.redisUrl, { enableOfflineQueue: true }), prefix: h.config.QUEUE_PREFIX });
  });
  afterAll(async () => {
    await schedule.close();
    await h.stop();
  });

  async function storeLead(number: string, kind: LeadRecord['kind'], at: Date): Promise<void> {
    const prompt = kind === 'prompt';
    await leadModel(h.runtime.mongo).create({
      _id: `recommendation:rec-${number}:${prompt ? 'R08-overdue' : 'R01-fine-unpaid'}`, number, kind, ruleId: prompt ? 'R08-recommendation-overdue' : 'R01-fine-unpaid', ruleVersion: 1,
      title: prompt ? '检察建议逾期未整改回复' : '罚款逾期未缴纳', explanation: '…', legalBasis: '…', values: [],
      subject: { kind: 'recommendation', id: `rec-${number}`, label: `检察建议 甲检建[2026]${number.slice(-2)}号`, agency: 'ga' },
      status: 'open', createdAt: at, history: [], alert: { taskId: `lead-task-${number}`, recipients: ['p1'], sentAt: at },
    });
  }
  async function check(iso: string): Promise<void> {
    h.clock.advance(Date.parse(iso) - h.clock.now());
    const job: Job = await schedule.add('check', {});
    for (let i = 0; i < 200 && !(await job.isCompleted()) && !(await job.isFailed()); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await job.isFailed()).toBe(false);
  }
  const robotTexts = () => h.fake.robotMessages(groupKey).map((m) => m.body.text as { content: string; mentioned_list?: string[] });

  it('heads a 提醒 【提醒超时未处理】 and counts the working days across National Day, not clock hours', async () => {
    await storeLead('XS-2026-0003', 'prompt', sentAt);
    await check('2026-10-08T09:05:00+08:00');
    const escalation = await h.fake.waitFor(() => robotTexts().find((t) => t.content.includes('XS-2026-0003')), 10_000);
    expect(escalation.content).toBe('【提醒超时未处理】XS-2026-0003【提醒】检察建议逾期未整改回复（检察建议 甲检建[2026]03号）发出后已过 1 个工作日仍无人处理，请尽快受理或说明。（分派给：王检）');
    expect(escalation.mentioned_list).toEqual(['p1']);
  });

  it('counts leads and 提醒 apart when many are escalated in one message', async () => {
    const at = new Date('2026-10-08T09:00:00+08:00');
    for (let i = 10; i < 15; i++) await storeLead(`XS-2026-00${i}`, 'prompt', at);
    await storeLead('XS-2026-0020', 'pil', at);
    // 10-08 09:00 to 10-10 (a make-up working Saturday) 10:00 is 49 hours of working days.
    await check('2026-10-10T10:00:00+08:00');
    const batch = await h.fake.waitFor(() => robotTexts().find((t) => t.content.includes('XS-2026-0020')), 10_000);
    expect(batch.content.split('\n')[0]).toBe('【线索和提醒超时未处理】1 条线索、5 条提醒发出后已超过 1 个工作日仍无人处理（分派给：王检），请尽快受理或说明：');
    expect(batch.content).not.toMatch(/小时/);
  });
});
