import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { pino } from 'pino';
import { dateOnly } from '../../src/calendar/local-date.js';
import { agencyModel } from '../../src/models/agency.js';
import { recommendationModel, type RecommendationRecord } from '../../src/models/recommendation.js';
import { staffModel } from '../../src/models/staff.js';
import { createCommandRedis } from '../../src/queue/connection.js';
import { queueNames } from '../../src/queue/names.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';

function rec(ref: string, agency: string, dueOn: string, title = '督促整改'): Partial<RecommendationRecord> {
  return { _id: ref, ref, refSerial: 1, agency, title, requirements: '依法查处', cases: [], issuedOn: dateOnly('2026-09-01'), urgent: false, dueOn: dateOnly(dueOn), status: 'received', percent: 10, prosecutors: [], history: [] };
}

/**
 * Round 8, findings 6, 11, 12 and 13: who hears of a reply period, and how.
 * - An agency without a group robot: its staff heard of a recommendation only at the 7/3/1-day marks — nothing on the
 *   due day, nothing while it was overdue.
 * - An agency with nobody bound: its reminders were dropped with nobody told.
 * - A digest listing only overdue replies asked for them 按期.
 * - 30 recommendations at a mark made 30 app messages to one person in one morning.
 * - The hourly run fired at hh:00, when WeCom is busiest.
 */
describe('deadline notices reach someone, once a morning (round 8)', () => {
  let h: BotHarness;
  let deadlines: Queue;
  const logLines: string[] = [];
  const text = (m: Record<string, unknown>) => (m.text as { content: string } | undefined)?.content ?? '';
  const appTo = (userid: string) => h.fake.appMessages().filter((m) => String(m.touser).split('|').includes(userid)).map(text);
  const robot = (key: string) => h.fake.robotMessages(key).map((m) => (m.body as { markdown?: { content: string } }).markdown?.content ?? '');
  const at = (local: string) => h.clock.advance(Date.parse(`${local}+08:00`) - h.clock.now());
  async function runDigest() {
    const job = await deadlines.add('digest', {});
    for (let i = 0; i < 200 && !(await job.isCompleted()); i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1500));
  }

  beforeAll(async () => {
    const logger = pino({ level: 'warn' }, { write: (line: string) => void logLines.push(line) });
    h = await startBotHarness({
      seed: false, logger, env: { PROSECUTOR_ROBOT_KEY: 'robot-pros' }, clockStart: Date.parse('2026-11-25T09:07:00+08:00'),
      users: ['s3', 'o1', 'p1', 'u1', 'u2'].map((userid) => ({ userid, name: userid })),
    });
    for (const key of ['robot-pros', 'robot-nostaff', 'robot-overonly', 'robot-many']) h.fake.addRobot(key);
    const mongo = h.runtime.mongo;
    const boundAt = new Date(h.clock.now());
    await agencyModel(mongo).create([
      { _id: 'norobot', name: '丙局', domains: [], prosecutors: ['p1'], active: true },
      { _id: 'nostaff', name: '乙局', domains: [], robotKey: 'robot-nostaff', prosecutors: ['p1'], active: true },
      { _id: 'overonly', name: '丁局', domains: [], robotKey: 'robot-overonly', prosecutors: ['p1'], active: true },
      { _id: 'many', name: '戊局', domains: [], robotKey: 'robot-many', prosecutors: ['p1'], active: true },
    ]);
    await staffModel(mongo).create([
      { _id: 'p1', name: '王检', role: 'prosecutor', active: true, boundAt, boundBy: 'test' },
      { _id: 's3', name: '丙三', agency: 'norobot', role: 'staff', active: true, boundAt, boundBy: 'test' },
      { _id: 'o1', name: '丁一', agency: 'overonly', role: 'staff', active: true, boundAt, boundBy: 'test' },
      { _id: 'u1', name: '戊一', agency: 'many', role: 'staff', active: true, boundAt, boundBy: 'test' },
      { _id: 'u2', name: '戊二', agency: 'many', role: 'agency_admin', active: true, boundAt, boundBy: 'test' },
    ]);
    // Through the model, so that the deadline index files them.
    await recommendationModel(mongo).create([
      rec('丙检建[2026]1号', 'norobot', '2026-11-20', '督促收回土地出让金'), // overdue
      rec('丙检建[2026]2号', 'norobot', '2026-11-25', '督促拆除违法建筑'), // due today
      rec('丙检建[2026]3号', 'norobot', '2026-11-26', '督促恢复耕地'), // the 1-day mark
      rec('丙检建[2026]4号', 'norobot', '2026-12-10'), // nothing this morning
      rec('乙检建[2026]1号', 'nostaff', '2026-11-20'),
      rec('乙检建[2026]2号', 'nostaff', '2026-11-26'),
      rec('丁检建[2026]1号', 'overonly', '2026-11-19'),
      // Half at the 1-day mark, half at the 7-day mark.
      ...Array.from({ length: 30 }, (_, i) => rec(`戊检建[2026]${i + 1}号`, 'many', i % 2 ? '2026-11-26' : '2026-12-02', `督促依法查处并整改第${i + 1}项违法占用林地问题`)),
    ]);
    deadlines = new Queue(queueNames.deadlines, { connection: createCommandRedis(h.runtime.redisUrl, { enableOfflineQueue: true }), prefix: h.config.QUEUE_PREFIX });
  }, 120_000);
  afterAll(async () => {
    await deadlines?.close();
    await h?.stop();
  });

  it('tells the staff of an agency without a group robot what is overdue and due today, in one personal notice', async () => {
    await runDigest();
    const [notice, ...more] = await h.fake.waitFor(() => (appTo('s3').length ? appTo('s3') : undefined));
    expect(more).toEqual([]);
    expect(notice).toBe([
      '【回复期限提醒】丙局有 3 份检察建议的书面回复需要办理（2026-11-25）：',
      '已逾期（1）：',
      '- 丙检建[2026]1号（督促收回土地出让金）回复期限 2026-11-20，已逾期 5 天，进度 10%',
      '今天到期（1）：',
      '- 丙检建[2026]2号（督促拆除违法建筑）回复期限 2026-11-25，今天到期，进度 10%',
      '即将到期（1）：',
      '- 丙检建[2026]3号（督促恢复耕地）回复期限 2026-11-26，还剩 1 天，进度 10%',
      '请尽快书面回复已逾期的检察建议，其余按期书面回复：发送「回复 <文号> <回复要点>」；整改进展可发送「进度 <文号> <百分比> <措施>」。',
    ].join('\n'));

    // The next working morning: what is now overdue and due today, again.
    at('2026-11-26T09:07:00');
    await runDigest();
    const next = await h.fake.waitFor(() => (appTo('s3').length > 1 ? appTo('s3')[1] : undefined));
    expect(next).toContain('已逾期（2）：');
    expect(next).toMatch(/今天到期（1）：\n- 丙检建\[2026\]3号/);
    expect(next).not.toContain('丙检建[2026]4号');
    expect(appTo('s3')).toHaveLength(2);
    at('2026-11-25T09:07:00'); // back, for the tests below (nothing else was due on 11-26 that they count)
  });

  it('tells the prosecutors, the operator and the group itself when an agency has nobody to remind', async () => {
    const overdue = robot('robot-pros').filter((t) => t.startsWith('**逾期未书面回复的检察建议（2026-11-25）')).join('\n');
    expect(overdue).toContain('**⚠️ 无人接收提醒的单位（1）**\n- 乙局（逾期 1 份）：没有登记的工作人员，回复期限提醒无人接收，请联系管理员为该单位登记人员');
    expect(overdue).not.toMatch(/- (丙局|丁局|戊局)（逾期/);
    const [digest] = robot('robot-nostaff');
    expect(digest?.split('\n').at(-1)).toBe('请尽快书面回复已逾期的检察建议，其余按期书面回复（发送「回复 <文号> <要点>」）。本单位尚无工作人员登记为衔接平台用户，个人提醒无人接收，请联系检察院登记。');
    const warnings = logLines.map((l) => JSON.parse(l) as { msg: string; agency?: string; recommendations?: string[] }).filter((l) => l.msg.startsWith('no staff bound'));
    // Once a day (two runs on 11-25 so far, one on 11-26), naming what nobody will hear of.
    expect(warnings.map((w) => w.agency)).toEqual(['nostaff', 'nostaff']);
    expect(warnings[0]?.recommendations).toEqual(['乙检建[2026]1号', '乙检建[2026]2号']);
  });

  it('asks for an overdue reply 尽快, not 按期, when that is all the digest lists', async () => {
    const [digest] = robot('robot-overonly');
    expect(digest?.split('\n').at(-1)).toBe('请 <@o1> 尽快书面回复（发送「回复 <文号> <要点>」）');
  });

  it('sends a member one summary of the morning\'s 30 reminders, not 30 messages', async () => {
    for (const userid of ['u1', 'u2']) {
      const messages = appTo(userid);
      expect(messages.length).toBeGreaterThan(1); // too long for one app text: in parts, in order
      expect(messages.length).toBeLessThanOrEqual(3);
      expect(messages[0]).toMatch(/^【回复期限提醒】戊局有 30 份检察建议的书面回复需要办理（2026-11-25）：\n即将到期（30）：/);
      expect(messages.slice(1).every((m) => m.startsWith('（续）'))).toBe(true);
      expect(messages.every((m) => Buffer.byteLength(m) <= 2048)).toBe(true);
      const refs = messages.join('\n').match(/戊检建\[2026\]\d+号/g) ?? [];
      // Soonest due first: the 15 due on 11-26 (1 day), then the 15 due on 12-02 (7 days); by number within a day.
      expect(refs).toEqual([...Array.from({ length: 15 }, (_, i) => `戊检建[2026]${2 * i + 2}号`), ...Array.from({ length: 15 }, (_, i) => `戊检建[2026]${2 * i + 1}号`)]);
      expect(messages.at(-1)?.split('\n').at(-1)).toBe('请按期书面回复：发送「回复 <文号> <回复要点>」；整改进展可发送「进度 <文号> <百分比> <措施>」。');
    }
  });

  it('runs the deadline check at minute 7 of every hour, off WeCom\'s busiest moments', async () => {
    expect(h.config.DIGEST_CRON).toBe('7 * * * *');
    const scheduler = await deadlines.getJobScheduler('morning-digest');
    expect(scheduler?.pattern).toBe('7 * * * *');
  });
});
