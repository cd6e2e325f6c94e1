import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { localDate } from '../../src/calendar/local-date.js';
import { auditModel } from '../../src/models/audit.js';
import { recommendationModel } from '../../src/models/recommendation.js';
import { createCommandRedis } from '../../src/queue/connection.js';
import { queueNames } from '../../src/queue/names.js';
import { newMsgId, startBotHarness, type BotHarness } from '../support/bot-harness.js';

const ref14 = '富检行公建[2021]14号';

describe('review of a reported completion and the follow-up check (回头看), by chat (e2e)', () => {
  let h: BotHarness;
  let deadlines: Queue;
  beforeAll(async () => {
    // 10:00 in Shanghai, so the day's arithmetic does not depend on when the suite runs.
    h = await startBotHarness({ clockStart: Date.parse(`${localDate(new Date(), 'Asia/Shanghai')}T02:00:00Z`) });
    deadlines = new Queue(queueNames.deadlines, { connection: createCommandRedis(h.runtime.redisUrl, { enableOfflineQueue: true }), prefix: h.config.QUEUE_PREFIX });
  });
  afterAll(async () => {
    await deadlines.close();
    await h.stop();
  });

  async function say(from: string, content: string, msgId = newMsgId()): Promise<string[]> {
    const before = h.fake.appMessages().length;
    expect((await h.sendText(from, content, msgId)).status).toBe(200);
    await h.fake.waitFor(() => h.fake.appMessages().slice(before).some((m) => m.touser === from) || undefined, 10_000);
    await new Promise((r) => setTimeout(r, 200));
    return h.fake.appMessages().slice(before).filter((m) => m.touser === from).map((m) => JSON.stringify(m.text ?? m));
  }
  const messagesTo = (userid: string, marker: string) => h.fake.appMessages().filter((m) => String(m.touser).split('|').includes(userid) && JSON.stringify(m).includes(marker));
  const rec = () => recommendationModel(h.runtime.mongo).findById(ref14).lean();
  async function runDeadlines() {
    const job = await deadlines.add('run', {});
    for (let i = 0; i < 100 && !(await job.isCompleted()); i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500));
  }

  it('tells the prosecutor how to review, and refuses 验收 from agency staff', async () => {
    await say('zhangsan', `完成 ${ref14} 已恢复林地381亩`);
    const [notice] = await h.fake.waitFor(() => { const m = messagesTo('wangjc', '整改完成待审核'); return m.length ? m : undefined; });
    expect(JSON.stringify(notice)).toContain(`验收 ${ref14}`);
    const [refusal] = await say('zhangsan', `验收 ${ref14}`);
    expect(refusal).toContain('由检察官审核整改时使用');
    expect((await rec())?.status).toBe('completed');
  });

  it('asks for the reason before sending back, then sends back and tells the agency', async () => {
    // 验收不通过 starts with 验收 but is a refusal: nothing is accepted, the reason is asked for.
    const [ask] = await say('wangjc', '验收不通过 14号');
    expect(ask).toContain('请直接回复退回');
    expect((await rec())?.status).toBe('completed');
    const [done] = await say('wangjc', '14号 退回 补植苗木成活率不足，请补充现场照片');
    expect(done).toContain(`已退回 ${ref14}`);
    const stored = await rec();
    expect(stored).toMatchObject({ status: 'reviewed_not_done', reviewedBy: 'wangjc', reviewNote: '补植苗木成活率不足，请补充现场照片' });
    const [told] = await h.fake.waitFor(() => { const m = messagesTo('zhangsan', '整改未通过审核'); return m.length ? m : undefined; });
    expect(JSON.stringify(told)).toContain('补植苗木成活率不足');
    const [again] = await say('wangjc', `退回 ${ref14} 再次退回`);
    expect(again).toContain('审核未通过，需继续整改，不是「已报完成，待检察官审核」，无需退回');
  });

  it('takes the next message as the reason when 退回 came without one, and 取消 as no decision', async () => {
    await say('zhangsan', `完成 ${ref14} 补植完毕`);
    const [asked] = await say('wangjc', `退回 ${ref14}`);
    expect(asked).toContain(`请直接回复退回 ${ref14} 的原因`);
    const [cancelled] = await say('wangjc', '取消');
    expect(cancelled).toContain(`${ref14} 没有退回`);
    expect((await rec())?.status).toBe('completed');
    await say('wangjc', `退回 ${ref14}`);
    const [sentBack] = await say('wangjc', '补植成活率不足，请补充现场照片');
    expect(sentBack).toContain('已退回');
    expect(sentBack).toContain('补植成活率不足');
    expect((await rec())?.status).toBe('reviewed_not_done');
  });

  it('shows a prosecutor the prosecutor\'s commands in 帮助 and when a message is not understood', async () => {
    const [help] = await say('wangjc', '帮助');
    expect(help).toContain('线索');
    expect(help).toContain('验收');
    expect(help).not.toContain('进度 <文号>');
    const [lost] = await say('wangjc', '哈哈好的好的');
    expect(lost).toContain('「线索」');
    expect(lost).not.toContain('进度 14号 60%');
  });

  it('lets only the agency\'s prosecutors review, and records nothing on a question, a doubt or another agency\'s prosecutor', async () => {
    await say('zhangsan', `完成 ${ref14} 已恢复林地381亩，合同已解除`);
    await h.fake.waitFor(() => (messagesTo('wangjc', '整改完成待审核').length >= 2 ? true : undefined));
    // lijc is the prosecutor of 市场监管局, not of 林业局.
    const [refused] = await say('lijc', `验收 ${ref14}`);
    expect(refused).toContain('不由您负责审核');
    expect(await auditModel(h.runtime.mongo).countDocuments({ action: 'recommendation.review', outcome: 'refused', actor: 'lijc' })).toBe(1);
    const [asked] = await say('wangjc', '14号验收通过了吗？');
    expect(asked).toContain('目前状态：已报完成，待检察官审核');
    const [doubt] = await say('wangjc', `验收 ${ref14} 基本到位，但照片少`);
    expect(doubt).toContain('没有记录审核结果');
    expect(doubt).toContain(`退回 ${ref14} <原因>`);
    expect((await rec())?.status).toBe('completed');
    expect(messagesTo('zhangsan', '整改审核通过')).toHaveLength(0);
    const [sentBack] = await say('wangjc', '验收 14号 不能通过，照片不全');
    expect(sentBack).toContain(`已退回 ${ref14}`);
    expect(await rec()).toMatchObject({ status: 'reviewed_not_done', reviewedBy: 'wangjc' });
  });

  it('lets the prosecutors named on a recommendation review it instead of the agency\'s, and reads [2021]14号', async () => {
    await say('zhangsan', `完成 ${ref14} 合同已全部解除`);
    await recommendationModel(h.runtime.mongo).updateOne({ _id: ref14 }, { $set: { prosecutors: ['lijc'] } });
    const [refused] = await say('wangjc', '验收 [2021]14号');
    expect(refused).toContain('不由您负责审核');
    expect((await rec())?.status).toBe('completed');
    const [sentBack] = await say('lijc', '退回 [2021]14号 照片不清楚');
    expect(sentBack).toContain(`已退回 ${ref14}`);
    expect(await rec()).toMatchObject({ status: 'reviewed_not_done', reviewedBy: 'lijc' });
    await recommendationModel(h.runtime.mongo).updateOne({ _id: ref14 }, { $set: { prosecutors: [] } });
  });

  it('accepts a second completion once, schedules 回头看 three months on, and a redelivered message changes nothing', async () => {
    await say('zhangsan', `完成 ${ref14} 补植到位，附照片`);
    const msgId = newMsgId();
    const [accepted] = await say('wangjc', `验收 ${ref14} 现场核实到位`, msgId);
    expect(accepted).toContain('回头看定于');
    // Accepted all the same, but the prosecutor is told the written reply never came.
    expect(accepted).toContain('尚未收到书面回复');
    const stored = await rec();
    expect(stored?.status).toBe('reviewed_done');
    // Three months on, the day clamped to the month's end (30 November → 28 February), then moved to the next
    // working day at most a few days later.
    const [year, month, day] = localDate(new Date(h.clock.now()), 'Asia/Shanghai').split('-').map(Number) as [number, number, number];
    const lastDay = new Date(Date.UTC(year, month + 3, 0)).getUTCDate();
    const expected = Date.UTC(year, month + 2, Math.min(day, lastDay));
    const days = (stored!.followUpOn!.getTime() - expected) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(0);
    expect(days).toBeLessThanOrEqual(9);
    expect(stored?.followUpRule).toContain('审核通过后3个月回头看');
    const toldBefore = messagesTo('zhangsan', '整改审核通过').length;
    expect(toldBefore).toBe(1);
    await h.sendText('wangjc', `验收 ${ref14} 现场核实到位`, msgId);
    await new Promise((r) => setTimeout(r, 1500));
    expect(messagesTo('zhangsan', '整改审核通过')).toHaveLength(1);
    // Five reviews in all (four sent back before this one), each recorded once.
    expect((await rec())?.history.filter((c) => c.action === 'reviewed')).toHaveLength(5);
    expect(await auditModel(h.runtime.mongo).countDocuments({ action: 'recommendation.review', outcome: 'ok' })).toBe(5);
    // The agency cannot take back a completion the prosecutor has already reviewed: that would undo the review.
    const [refused] = await say('zhangsan', '撤回');
    expect(refused).toContain('已由检察官审核');
    expect((await rec())?.status).toBe('reviewed_done');
  });

  it('reminds the prosecutor of the follow-up check a week before it, once', async () => {
    await runDeadlines();
    expect(messagesTo('wangjc', '回头看提醒')).toHaveLength(0);
    const followUpOn = (await rec())!.followUpOn!;
    h.clock.advance(followUpOn.getTime() - 7 * 86_400_000 + 2 * 3600_000 - h.clock.now()); // 10:00 Shanghai, a week before
    await runDeadlines();
    await runDeadlines();
    const reminders = messagesTo('wangjc', '回头看提醒');
    expect(reminders).toHaveLength(1);
    expect(JSON.stringify(reminders[0])).toContain('还剩 7 天');
    expect(JSON.stringify(reminders[0])).toContain(ref14);
  });

  it('tells the admins of a completion when its responsible prosecutor has been unbound, so it waits on nobody', async () => {
    const staff = h.runtime.mongo.collection<{ _id: string; active: boolean }>('staff');
    await staff.updateOne({ _id: 'wangjc' }, { $set: { active: false } });
    try {
      await say('lisi', '完成 21号 已关停非法矿点3处');
      const notice = await h.fake.waitFor(() => messagesTo('admin', '整改完成待审核').find((m) => JSON.stringify(m).includes('21号')), 10_000);
      expect(String(notice.touser).split('|')).not.toContain('wangjc');
    } finally {
      await staff.updateOne({ _id: 'wangjc' }, { $set: { active: true } });
    }
  });
});
