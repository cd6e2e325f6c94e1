import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../src/calendar/local-date.js';
import { leadModel, type LeadRecord } from '../../src/models/lead.js';
import { recommendationModel } from '../../src/models/recommendation.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { firstTextAnswer } from '../support/chat.js';

const hour = 3600_000;

/**
 * What prosecutors write when they change their mind or are not done deciding (round 7): a decision taken back or put
 * off records nothing, an acceptance with evidence still to come does not close the rectification, and the plainer
 * ways of asking (可以受理吗, 帮我看看有哪些线索, 本月统计) are understood. Also what a prosecutor is told when an
 * overdue progress update he was alerted to is taken back, and how a transferred duty-crime lead shows its deadline.
 */
describe('prosecutors\' second thoughts and plain requests (e2e through the fake WeCom)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness();
  });
  afterAll(() => h.stop());

  let serial = 700;
  /** A lead as the rules store one, alerted to wangjc an hour ago. */
  async function storeLead(fields: Partial<LeadRecord> = {}): Promise<LeadRecord> {
    const number = `XS-2026-0${++serial}`;
    const now = h.clock.now();
    const created = await leadModel(h.runtime.mongo).create({
      _id: `case:${number}:R01-fine-unpaid`, number, kind: 'pil', ruleId: 'R01-fine-unpaid', ruleVersion: 1,
      title: '罚款逾期未缴纳', explanation: '罚款决定作出已 120 天仍未记录缴纳', legalBasis: '《行政处罚法》第七十二条', values: [],
      subject: { kind: 'case', id: `case-${number}`, label: `富林罚〔2024〕${serial}号`, agency: 'linye' },
      status: 'open', createdAt: new Date(now - hour), history: [],
      alert: { taskId: `lead-task-${number}`, recipients: ['wangjc'], sentAt: new Date(now - hour) },
      ...fields,
    });
    return created.toObject();
  }
  const lead = async (id: string) => (await leadModel(h.runtime.mongo).findById(id).lean())!;

  /** Sends a text and returns the bot's text answer to the sender. */
  const say = (from: string, text: string) => firstTextAnswer(h, from, text);

  it.each([
    ['受理 {n} 不对 应该不予受理', '决定前后有更正'],
    ['{n} 受理吧，不对，不予受理 已移送', '决定前后有更正'],
    ['{n} 不予受理吧 我再想想', '还要再考虑'],
    ['{n} 受理，等公安反馈后再定', '还要再考虑'],
  ])('records no decision for 「%s」, and says so with the lead\'s status', async (text, why) => {
    const target = await storeLead();
    const answer = await say('wangjc', text.replace('{n}', target.number));
    expect(answer).toContain(`${why}，未记录任何决定`);
    expect(answer).toContain('状态：待处理');
    const stored = await lead(target._id);
    expect(stored.status).toBe('open');
    expect(stored.decision?.action).toBeUndefined();
    expect(stored.history).toHaveLength(0);
  });

  it('answers 可以受理吗 with the lead\'s status and records 这个受理一下 as an acceptance without a reason', async () => {
    const target = await storeLead();
    const asked = await say('wangjc', `${target.number} 可以受理吗`);
    expect(asked).toContain('这条消息是提问，未记录任何决定');
    expect((await lead(target._id)).status).toBe('open');
    expect(await say('wangjc', `${target.number} 这个受理一下`)).toContain(`已记录：线索 ${target.number}「受理」`);
    const stored = await lead(target._id);
    expect(stored).toMatchObject({ status: 'accept', decision: { action: 'accept', by: 'wangjc' } });
    expect(stored.decision?.reason).toBeUndefined();
  });

  it('does not take 不对，应该受理 as the reason of a 不予受理, and takes 理由：… as one', async () => {
    const target = await storeLead();
    expect(await say('wangjc', `不予受理 ${target.number}`)).toContain('请直接回复不予受理的理由');
    expect(await say('wangjc', '不对，应该受理')).toContain('没有作为理由记录');
    expect((await lead(target._id)).decision?.reason).toBeUndefined();
    expect(await say('wangjc', '理由：当事人表示再考虑整改方案，已移送公安')).toContain('已记录线索');
    expect((await lead(target._id)).decision?.reason).toBe('当事人表示再考虑整改方案，已移送公安');
  });

  it('lists the leads for 帮我看看有哪些线索 and gives this month\'s figures for 本月统计', async () => {
    const target = await storeLead();
    const list = await say('wangjc', '帮我看看有哪些线索');
    expect(list).toContain('分派给您的待处理线索');
    expect(list).toContain(target.number);
    const today = localDate(new Date(h.clock.now()), h.config.TZ);
    const month = await say('wangjc', '本月统计');
    expect(month).toContain(`平台统计：本月（${today.slice(0, 7)}-01 至 ${today}`);
    expect(month).toContain('录入执法案件');
  });

  it('shows a duty-crime lead sent to the 监察委 as sent on its date, with no countdown', async () => {
    const at = new Date(h.clock.now() - 2 * 24 * hour);
    const target = await storeLead({
      kind: 'duty_crime', status: 'supervision', transferDueOn: new Date(h.clock.now() + 13 * 24 * hour),
      decision: { action: 'supervision', by: 'wangjc', byName: '王检察官', at },
    });
    const detail = await say('wangjc', `线索 ${target.number}`);
    expect(detail).toContain(`已于 ${localDate(at, h.config.TZ)} 移送监察委`);
    expect(detail).not.toContain('还剩');
  });

  it('records no acceptance while evidence is still to come, and quotes the note as typed', async () => {
    const ref14 = '富检行公建[2021]14号';
    expect(await say('zhangsan', `完成 ${ref14} 已恢复林地381亩`)).toContain('已记录');
    // The prosecutor's notice of the completion comes first, so that the answers below are not taken for it.
    await h.fake.waitFor(() => h.fake.appMessages().find((m) => m.touser === 'wangjc' && JSON.stringify(m).includes('【整改完成待审核】')), 10_000);
    const later = await say('wangjc', '验收 富检行公建〔2021〕14号 通过，照片后补');
    expect(later).toContain('没有记录审核结果：「通过，照片后补」');
    expect((await recommendationModel(h.runtime.mongo).findById(ref14).lean())?.status).toBe('completed');
    expect(await say('wangjc', '验收 14号 基本到位，但照片少')).toContain('「基本到位，但照片少」');
    expect((await recommendationModel(h.runtime.mongo).findById(ref14).lean())?.status).toBe('completed');
  });

  it('tells the prosecutor alerted to an overdue progress update that it was taken back', async () => {
    const ref9 = '富检行公建[2021]9号';
    const seen = (marker: string) => h.fake.appMessages().filter((m) => String(m.touser).split('|').includes('wangjc') && JSON.stringify(m).includes(marker) && JSON.stringify(m).includes(ref9));
    await say('zhangsan', `进度 ${ref9} 70% 已追缴部分费用`);
    await h.fake.waitFor(() => seen('【逾期整改进展】')[0], 10_000);
    expect(await say('zhangsan', '撤回')).toContain('已撤回');
    const notice = await h.fake.waitFor(() => seen('【已撤回】')[0], 10_000);
    const text = (notice.text as { content: string }).content;
    expect(text).toContain('逾期整改进展（进度 70%：「已追缴部分费用」）');
    expect(text).toContain('进度恢复为');
  });
});
