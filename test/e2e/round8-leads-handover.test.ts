import { Queue, type Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindStaff, unbindStaff, upsertAgency } from '../../src/admin/registry.js';
import { deliveryModel } from '../../src/models/delivery.js';
import { leadModel, type LeadRecord } from '../../src/models/lead.js';
import { createCommandRedis } from '../../src/queue/connection.js';
import { queueNames } from '../../src/queue/names.js';
import { newMsgId, startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { say as sayTo, textOf } from '../support/chat.js';

const groupKey = 'robot-pros';

/**
 * Round 8, finding 3: a prosecutor who leaves (unbound) kept his open leads — the duty-crime transfer reminders and
 * the escalations went only to him, and the prosecutor who took the agency over was refused. The 2026 calendar:
 * 中秋 on 09-25, National Day 10-01 to 10-07. A duty-crime lead found on 09-22 is due for transfer on 10-08.
 */
describe('open leads follow the bindings when their prosecutor leaves (e2e)', () => {
  let h: BotHarness;
  let schedule: Queue;
  beforeAll(async () => {
    h = await startBotHarness({
      seed: false, clockStart: Date.parse('2026-09-22T10:00:00+08:00'),
      env: { PROSECUTOR_ROBOT_KEY: groupKey, LEAD_ESCALATE_AFTER_HOURS: '24' },
      users: [{ userid: 's1', name: '甲一' }, { userid: 's3', name: '丙三' }, { userid: 'p1', name: '王检' }, { userid: 'p2', name: '李检' }, { userid: 'p3', name: '赵检' }, { userid: 'adm', name: '管理员' }],
    });
    h.fake.addRobot(groupKey);
    h.fake.addRobot('robot-ga');
    const m = h.runtime.mongo;
    const now = new Date(h.clock.now());
    for (const [userid, name] of [['p1', '王检'], ['p2', '李检'], ['p3', '赵检']]) await bindStaff(m, { userid: userid!, name: name!, role: 'prosecutor' }, 'test', now);
    await bindStaff(m, { userid: 'adm', name: '管理员', role: 'admin' }, 'test', now);
    await upsertAgency(m, { id: 'ga', name: '甲局', robotKey: 'robot-ga', prosecutors: ['p1'], domains: ['国有财产保护'] }, 'test', now);
    await upsertAgency(m, { id: 'gc', name: '丙局', prosecutors: ['p1'], domains: ['国有财产保护'] }, 'test', now);
    await bindStaff(m, { userid: 's1', name: '甲一', role: 'staff', agency: 'ga' }, 'test', now);
    await bindStaff(m, { userid: 's3', name: '丙三', role: 'staff', agency: 'gc' }, 'test', now);
    schedule = new Queue(queueNames.leadSchedule, { connection: createCommandRedis(h.runtime.redisUrl, { enableOfflineQueue: true }), prefix: h.config.QUEUE_PREFIX });
  }, 60_000);
  afterAll(async () => {
    await schedule.close();
    await h.stop();
  });

  const at = (iso: string) => h.clock.advance(Date.parse(iso) - h.clock.now());
  const say = (from: string, text: string) => sayTo(h, from, text);
  const appTexts = (to: string) => h.fake.appMessages().filter((m) => m.touser === to || String(m.touser).split('|').includes(to)).map(textOf);
  const robotTexts = () => h.fake.robotMessages(groupKey).map((m) => m.body.text as { content: string; mentioned_list?: string[] });

  /** Runs the lead check (held alerts, hand-overs, escalations, transfer reminders) and waits for what it queued. */
  async function check(): Promise<void> {
    const job: Job = await schedule.add('check', {});
    for (let i = 0; i < 200 && !(await job.isCompleted()) && !(await job.isFailed()); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await job.isFailed()).toBe(false);
    // The deliver worker sends what the check queued.
    for (let i = 0; i < 100; i++) {
      if (!(await deliveryModel(h.runtime.mongo).exists({ state: { $nin: ['sent', 'skipped', 'failed'] } }))) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 300));
  }

  /** Reports a closed case recording a state loss (R10) and waits for its duty-crime lead's alert card. */
  async function raiseDutyCrimeLead(from: string, caseNumber: string): Promise<LeadRecord> {
    await h.sendText(from, `上报 案号：${caseNumber} 当事人：某国有林场原场长钱某 违法事实：擅自低价转让国有林木，造成国有资产损失50万元 结案情况：已结案`, newMsgId());
    for (const end = Date.now() + 15_000; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
      const lead = await leadModel(h.runtime.mongo).findOne({ kind: 'duty_crime', 'subject.label': new RegExp(caseNumber.replace(/[〔〕]/g, '.')) }).lean();
      if (lead?.alert?.taskId) return lead;
    }
    throw new Error(`no duty-crime lead for ${caseNumber}`);
  }

  let decidedAtOnce: LeadRecord;
  let handed: LeadRecord;
  let toAdmins: LeadRecord;
  let corrected: LeadRecord;

  it('lets the prosecutor who took the agency over list and decide the leads at once, and refuses others', async () => {
    decidedAtOnce = await raiseDutyCrimeLead('s1', '甲罚〔2026〕1号');
    handed = await raiseDutyCrimeLead('s1', '甲罚〔2026〕2号');
    toAdmins = await raiseDutyCrimeLead('s3', '丙罚〔2026〕3号');
    corrected = await raiseDutyCrimeLead('s1', '甲罚〔2026〕4号');
    for (const lead of [decidedAtOnce, handed, toAdmins, corrected]) expect(lead.alert!.recipients).toEqual(['p1']);
    expect(handed.transferDueOn!.toISOString().slice(0, 10)).toBe('2026-10-08');

    // 09-24: p1 leaves; 甲局 goes to p2, 丙局 to nobody.
    at('2026-09-24T10:00:00+08:00');
    const now = new Date(h.clock.now());
    await unbindStaff(h.runtime.mongo, 'p1', 'test', now);
    await upsertAgency(h.runtime.mongo, { id: 'ga', name: '甲局', prosecutors: ['p2'] }, 'test', now);
    await upsertAgency(h.runtime.mongo, { id: 'gc', name: '丙局', prosecutors: [] }, 'test', now);

    // Before any check has run: the list and the decision follow the bindings already.
    const list = await say('p2', '线索');
    expect(list).toContain('分派给您的待处理线索 3 条');
    expect(list).toContain(decidedAtOnce.number);
    expect(list).toContain(handed.number);
    expect(list).not.toContain(toAdmins.number);
    expect(await say('p3', `转监察委 ${handed.number}`)).toContain('这条线索没有分派给您（由李检负责）');
    expect(await say('p2', `转监察委 ${toAdmins.number}`)).toContain('这条线索没有分派给您（由管理员负责）');
    expect(await say('p2', `转监察委 ${decidedAtOnce.number}`)).toContain(`已记录：线索 ${decidedAtOnce.number}「转监察委」`);
    expect(await leadModel(h.runtime.mongo).findById(decidedAtOnce._id).lean()).toMatchObject({ status: 'supervision', decision: { by: 'p2' } });
    expect((await say('adm', '线索'))).toContain(toAdmins.number);
  });

  it('hands each open lead over once, with the lead and how to decide it, and records who holds it', async () => {
    const before = appTexts('p1').length;
    await check();
    await check();
    const toP2 = appTexts('p2').filter((t) => t.includes(`【线索转交】${handed.number}`));
    expect(toP2).toHaveLength(1);
    expect(toP2[0]).toContain(`【线索转交】${handed.number}【职务犯罪线索】国有财产损失未追缴即结案（甲局 · `);
    expect(toP2[0]).toContain('原分派给王检（已解除绑定），现由您负责处理。');
    expect(toP2[0]).toContain('最迟于 2026-10-08（含当日）移送监察委员会（还剩 14 天）');
    expect(toP2[0]).toContain(`「转监察委 ${handed.number}」`);
    const toAdm = appTexts('adm').filter((t) => t.includes('【线索转交】'));
    expect(toAdm).toHaveLength(1);
    expect(toAdm[0]).toContain(toAdmins.number);
    // The lead decided at once is not handed over, and the one who left is sent nothing.
    expect(appTexts('p2').join('\n')).not.toContain(`【线索转交】${decidedAtOnce.number}`);
    expect(appTexts('p1').length).toBe(before);

    const stored = await leadModel(h.runtime.mongo).findById(handed._id).lean();
    expect(stored!.alert).toMatchObject({ recipients: ['p2'], handedOverAt: new Date(h.clock.now()) });
    expect(stored!.history.filter((c) => c.action === 'handed_over').map((c) => c.detail)).toEqual([{ from: ['p1'], to: ['p2'] }]);
    expect((await leadModel(h.runtime.mongo).findById(toAdmins._id).lean())!.alert!.recipients).toEqual(['adm']);
  });

  it('tells the people a lead was handed over to when it is withdrawn, by text (they never had its card)', async () => {
    expect(appTexts('p2').filter((t) => t.includes(`【线索转交】${corrected.number}`))).toHaveLength(1);
    const before = appTexts('p1').length;
    await say('s1', '更正 甲罚〔2026〕4号 违法事实：擅自低价转让国有林木，造成国有资产损失50万元，已全部追回');
    const notice = await h.fake.waitFor(() => appTexts('p2').find((t) => t.startsWith(`【线索撤回】${corrected.number}`)), 15_000);
    expect(notice).toContain('线索已撤回，原提醒无需处理');
    expect((await leadModel(h.runtime.mongo).findById(corrected._id).lean())!.status).toBe('withdrawn');
    expect(appTexts('p1').length).toBe(before);
  });

  it('escalates to the people who hold it now, counting working days from the hand-over', async () => {
    // 09-24 10:00 to 09-28 09:05 is 23 hours of working days (中秋 and the weekend between): not yet.
    at('2026-09-28T09:05:00+08:00');
    await check();
    expect(robotTexts().filter((t) => t.content.includes(handed.number))).toHaveLength(0);
    at('2026-09-28T10:05:00+08:00');
    await check();
    const escalation = robotTexts().find((t) => t.content.includes(`【线索超时未处理】${handed.number}`));
    expect(escalation?.content).toContain('转交后已过 1 个工作日仍无人处理，请尽快受理或说明。（分派给：李检）');
    expect(escalation?.mentioned_list).toEqual(['p2']);
    const toAdmin = robotTexts().find((t) => t.content.includes(toAdmins.number));
    expect(toAdmin?.mentioned_list).toEqual(['adm']);
    expect(robotTexts().some((t) => t.mentioned_list?.includes('p1'))).toBe(false);
  });

  it('sends the transfer reminders to the people who hold the lead now, worded with the last day included', async () => {
    at('2026-09-30T09:05:00+08:00');
    await check();
    const reminder = appTexts('p2').find((t) => t.startsWith(`【职务犯罪线索移送期限】${handed.number}`));
    expect(reminder).toContain('最迟于 2026-10-08（含当日）移送监察委员会，还剩 8 天。');
    expect(appTexts('adm').some((t) => t.startsWith(`【职务犯罪线索移送期限】${toAdmins.number}`))).toBe(true);
    expect(appTexts('p1').some((t) => t.includes('移送期限'))).toBe(false);
    at('2026-10-08T09:05:00+08:00');
    await check();
    expect(appTexts('p2').filter((t) => t.startsWith(`【职务犯罪线索移送期限】${handed.number}`)).at(-1)).toContain('最迟于 2026-10-08（含当日）移送监察委员会，今天到期。');
    expect(await say('p2', `转监察委 ${handed.number}`)).toContain(`已记录：线索 ${handed.number}「转监察委」`);
  });
});
