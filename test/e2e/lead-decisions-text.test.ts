import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadModel, type LeadRecord } from '../../src/models/lead.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { firstTextAnswer } from '../support/chat.js';
import { raiseFineLead } from '../support/fine-lead.js';
import { buildCallback, eventXml, postCallback } from '../support/wecom-callback.js';

/**
 * Deciding leads by chat: the reason of every 不予受理 (several clicked before any reason), decisions typed with the
 * lead number, and the lead list of each prosecutor. wangjc handles 林业局 (zhangsan reports), lijc 市场监管局 (qianqi).
 */
describe('lead decisions in chat (e2e through the fake WeCom)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness();
  });
  afterAll(() => h.stop());

  let serial = 300;

  /** Reports a case with a fine unpaid for 120 days (rule R01) and waits until the lead's alert card was sent. */
  function raiseLead(reporter: 'zhangsan' | 'qianqi'): Promise<LeadRecord> {
    const caseNumber = reporter === 'zhangsan' ? `富林罚〔2024〕${++serial}号` : `富市监罚〔2024〕${++serial}号`;
    return raiseFineLead(h, reporter, caseNumber, `${serial}号公司`);
  }

  const lead = async (id: string) => (await leadModel(h.runtime.mongo).findById(id).lean())!;

  /** Sends a text and returns the bot's text answer to the sender. */
  const say = (from: string, text: string) => firstTextAnswer(h, from, text);

  async function click(from: string, target: LeadRecord, action: string): Promise<string> {
    const taskId = target.alert!.taskId;
    const xml = eventXml({ corpId: h.config.WECOM_CORP_ID, agentId: h.config.WECOM_AGENT_ID, from, event: 'template_card_event', eventKey: `lead:${target._id}:${action}`, taskId, cardType: 'button_interaction', responseCode: h.fake.issueResponseCode(taskId), createTime: Math.floor(h.clock.now() / 1000) + Math.floor(Math.random() * 1e6) });
    const before = h.fake.appMessages().length;
    await postCallback(h.runtime.url!, buildCallback({ token: h.config.WECOM_TOKEN, aesKey: h.config.WECOM_ENCODING_AES_KEY, corpId: h.config.WECOM_CORP_ID, agentId: h.config.WECOM_AGENT_ID, xml }));
    const answer = await h.fake.waitFor(() => h.fake.appMessages().slice(before).find((m) => m.touser === from && m.msgtype === 'text'), 15_000);
    return (answer.text as { content: string }).content;
  }

  it('asks for the reason of each 不予受理 in turn, naming the lead, when a second is clicked before the first reason', async () => {
    const first = await raiseLead('zhangsan');
    const second = await raiseLead('zhangsan');
    expect(await click('wangjc', first, 'reject')).toContain(`请直接回复不予受理的理由，将记入线索 ${first.number}「${first.title}」· ${first.subject.label}`);
    // Decided at the click, its reason owed: the detail says so and how to give it.
    expect(await lead(first._id)).toMatchObject({ status: 'reject', decision: { action: 'reject', by: 'wangjc' } });
    expect(await say('wangjc', `线索 ${first.number}`)).toContain(`理由待补充：请王检察官发送「不予受理 ${first.number} <理由>」`);

    const asked = await click('wangjc', second, 'reject');
    expect(asked).toContain(`将记入线索 ${second.number}「${second.title}」· ${second.subject.label}`);
    expect(asked).toContain(`尚未填写理由（${first.number}）`);

    const answered = await say('wangjc', '罚款已于上周缴纳');
    expect(answered).toContain(`已记录线索 ${second.number} 不予受理的理由：罚款已于上周缴纳`);
    expect(answered).toContain(`线索 ${first.number}「${first.title}」· ${first.subject.label} 的不予受理理由还没有填写，请直接回复理由`);
    expect((await lead(second._id)).decision?.reason).toBe('罚款已于上周缴纳');
    expect((await lead(first._id)).decision?.reason).toBeUndefined();

    const last = await say('wangjc', '当事人已申请复议，待复议结果');
    expect(last).toContain(`已记录线索 ${first.number} 不予受理的理由：当事人已申请复议，待复议结果`);
    expect(last).not.toContain('还没有填写');
    expect((await lead(first._id)).decision?.reason).toBe('当事人已申请复议，待复议结果');
    expect((await lead(second._id)).decision?.reason).toBe('罚款已于上周缴纳');
    // With nothing owed, free text is not taken as a reason any more.
    expect(await say('wangjc', '辛苦了')).not.toContain('理由');
  });

  it('lets the decider give or correct a reason by number at any time, keeping the earlier one in the history', async () => {
    const target = await raiseLead('zhangsan');
    await click('wangjc', target, 'reject');
    // The reason is owed on the lead itself, so the list shows it whatever became of the question.
    expect(await say('wangjc', '线索')).toContain(`您不予受理但尚未填写理由的线索 1 条：${target.number}`);
    expect(await say('wangjc', `不予受理 ${target.number} 罚款已缴纳`)).toContain(`已记录线索 ${target.number} 不予受理的理由：罚款已缴纳`);
    const corrected = await say('wangjc', `不予受理 ${target.number} 罚款已缴纳，有缴款凭证`);
    expect(corrected).toContain('已更新');
    expect(corrected).toContain('原理由：罚款已缴纳');
    const stored = await lead(target._id);
    expect(stored.decision?.reason).toBe('罚款已缴纳，有缴款凭证');
    expect(stored.history.filter((c) => c.action === 'reason').map((c) => c.detail?.reason)).toEqual(['罚款已缴纳', '罚款已缴纳，有缴款凭证']);
    const again = await say('wangjc', `不予受理 ${target.number} 罚款已缴纳，有缴款凭证`);
    expect(again).toContain('无需重复处理');
    expect((await lead(target._id)).history).toHaveLength(stored.history.length);
    expect(await say('wangjc', '线索')).not.toContain('尚未填写理由');
  });

  it('decides a lead typed with its number, with the checks and effects of the card buttons', async () => {
    const rejected = await raiseLead('zhangsan');
    const [year, serialNo] = rejected.number.replace('XS-', '').split('-') as [string, string];
    // The tester's message, with the usual variations: lower case, full-width hyphens, no leading zeros.
    const answer = await say('wangjc', `不予受理 xs－${year}－${Number(serialNo)} 已告知听证，罚款已缴纳`);
    expect(answer).toContain(`已记录：线索 ${rejected.number}「不予受理」`);
    expect(answer).not.toContain('整改进展');
    expect(await lead(rejected._id)).toMatchObject({ status: 'reject', decision: { action: 'reject', by: 'wangjc', reason: '已告知听证，罚款已缴纳' } });
    await h.fake.waitFor(() => h.fake.cardUpdates().find((u) => u.response_code === h.fake.responseCode(rejected.alert!.taskId)));
    const update = h.fake.cardUpdates().find((u) => u.response_code === h.fake.responseCode(rejected.alert!.taskId))!;
    expect(update).toMatchObject({ atall: 1, button: { replace_name: '已不予受理 · 王检察官' } });
    const history = (await lead(rejected._id)).history;
    expect(history.filter((c) => c.action === 'decided:reject')).toHaveLength(1);

    // A repeat changes nothing; the other prosecutor is told who decided.
    expect(await say('wangjc', `不予受理 ${rejected.number} 已告知听证，罚款已缴纳`)).toContain('无需重复处理');
    expect(await say('lijc', `受理 ${rejected.number}`)).toContain('已由王检察官');
    expect((await lead(rejected._id)).history).toHaveLength(history.length);
    expect((await lead(rejected._id)).status).toBe('reject');

    // Only the prosecutors the alert went to.
    const transferred = await raiseLead('zhangsan');
    expect(await say('lijc', `转监察委 ${transferred.number}`)).toContain('这条线索没有分派给您');
    expect((await lead(transferred._id)).status).toBe('open');
    expect(await say('wangjc', `转监察委 ${transferred.number}`)).toContain(`已记录：线索 ${transferred.number}「转监察委」`);
    expect(await lead(transferred._id)).toMatchObject({ status: 'supervision', decision: { action: 'supervision', by: 'wangjc' } });
    await h.fake.waitFor(() => h.fake.cardUpdates().find((u) => u.response_code === h.fake.responseCode(transferred.alert!.taskId)));

    const criminal = await raiseLead('zhangsan');
    expect(await say('wangjc', `转刑事 ${criminal.number.toLowerCase()}`)).toContain('「转刑事线索」');
    expect((await lead(criminal._id)).status).toBe('criminal');

    const accepted = await raiseLead('zhangsan');
    expect(await say('wangjc', `受理 ${accepted.number}`)).toContain(`已记录：线索 ${accepted.number}「受理」`);
    expect((await lead(accepted._id)).status).toBe('accept');

    expect(await say('wangjc', `受理 XS-${year}-9999`)).toContain(`没有编号为 XS-${year}-9999 的线索`);
    expect(await say('wangjc', '受理')).toContain('请写明线索编号，例如「受理 XS-2026-0009」');
  });

  it('asks for the reason of a 不予受理 typed without one, naming the lead, and takes the next message as it', async () => {
    const target = await raiseLead('zhangsan');
    const asked = await say('wangjc', `不予受理 ${target.number}`);
    expect(asked).toContain(`请直接回复不予受理的理由，将记入线索 ${target.number}「${target.title}」· ${target.subject.label}`);
    expect((await lead(target._id)).status).toBe('reject');
    // 不予受理 <理由> without a number answers the question waiting.
    expect(await say('wangjc', '不予受理，理由是已移送公安处理')).toContain(`已记录线索 ${target.number} 不予受理的理由：已移送公安处理`);
    expect((await lead(target._id)).decision?.reason).toBe('已移送公安处理');
  });

  it('answers a decision asked as a question with the lead\'s status, recording nothing', async () => {
    const target = await raiseLead('zhangsan');
    const asked = await say('wangjc', `${target.number} 受理了吗？`);
    expect(asked).toContain(`线索 ${target.number}`);
    expect(asked).toContain('状态：待处理');
    expect(asked).toContain('未记录任何决定');
    expect(asked).toContain(`「受理 ${target.number}」`);
    expect(await say('wangjc', `线索 ${target.number} 不予受理吗`)).toContain('未记录任何决定');
    const stored = await lead(target._id);
    expect(stored.status).toBe('open');
    expect(stored.decision?.action).toBeUndefined();
    expect(stored.history.filter((c) => c.action.startsWith('decided:'))).toHaveLength(0);
    expect(h.fake.cardUpdates().filter((u) => u.response_code === h.fake.responseCode(target.alert!.taskId))).toHaveLength(0);
  });

  it('records nothing for a decision naming two leads, and asks for them one at a time, naming both', async () => {
    const first = await raiseLead('zhangsan');
    const second = await raiseLead('zhangsan');
    const answer = await say('wangjc', `受理 ${first.number}、${second.number}`);
    expect(answer).toContain('未记录任何决定');
    expect(answer).toContain(`「受理 ${first.number}」`);
    expect(answer).toContain(`「受理 ${second.number}」`);
    expect((await lead(first._id)).status).toBe('open');
    expect((await lead(second._id)).status).toBe('open');
  });

  it('lets the decider change their own decision within 30 minutes, keeping the earlier one in the history', async () => {
    const target = await raiseLead('zhangsan');
    await click('wangjc', target, 'accept');
    expect((await lead(target._id)).status).toBe('accept');
    // Another prosecutor may not change it, and is told whom to ask.
    const other = await say('lijc', `不予受理 ${target.number} 重复线索`);
    expect(other).toContain('未记录');
    expect(other).toContain('请联系王检察官或管理员');
    expect((await lead(target._id)).status).toBe('accept');

    const changed = await say('wangjc', `不予受理 ${target.number} 上一条是提问，不是受理`);
    expect(changed).toContain(`已更正：线索 ${target.number} 由「受理」改为「不予受理」`);
    const stored = await lead(target._id);
    expect(stored).toMatchObject({ status: 'reject', decision: { action: 'reject', by: 'wangjc', reason: '上一条是提问，不是受理' } });
    expect(stored.history.filter((c) => c.action.startsWith('decided:')).map((c) => c.action)).toEqual(['decided:accept', 'decided:reject']);
    expect(stored.history.at(-1)?.detail).toMatchObject({ previous: { action: 'accept' } });
    // The click spent its own response_code; the alert's is still unspent and updates the card for every recipient.
    const alertCode = h.fake.responseCode(target.alert!.taskId);
    const update = await h.fake.waitFor(() => h.fake.cardUpdates().find((u) => u.response_code === alertCode));
    expect(update).toMatchObject({ button: { replace_name: '已不予受理 · 王检察官' } });

    h.clock.advance(31 * 60_000);
    const late = await say('wangjc', `受理 ${target.number}`);
    expect(late).toContain('超过 30 分钟');
    expect(late).toContain('请联系管理员');
    expect((await lead(target._id)).status).toBe('reject');
    expect((await lead(target._id)).history).toHaveLength(stored.history.length);
  });

  it('changes a decision typed in chat without a second update with the card code it spent', async () => {
    const target = await raiseLead('zhangsan');
    expect(await say('wangjc', `受理 ${target.number}`)).toContain(`已记录：线索 ${target.number}「受理」`);
    const alertCode = h.fake.responseCode(target.alert!.taskId);
    await h.fake.waitFor(() => h.fake.cardUpdates().find((u) => u.response_code === alertCode));
    const changed = await say('wangjc', `转刑事线索 ${target.number}`);
    expect(changed).toContain('由「受理」改为「转刑事线索」');
    expect((await lead(target._id)).status).toBe('criminal');
    // Shown as the kind it ends as, as the statistics count it.
    expect(await say('wangjc', `线索 ${target.number}`)).toMatch(/【刑事案件线索（由.+转）】/);
    // WeCom takes each response_code once: no second update is attempted with the spent code.
    expect(h.fake.cardUpdates().filter((u) => u.response_code === alertCode)).toHaveLength(1);
  });

  it('handles a complete command sent while a 不予受理 reason is asked as the command, and takes other text as the reason', async () => {
    const target = await raiseLead('zhangsan');
    expect(await say('wangjc', `不予受理 ${target.number}`)).toContain('请直接回复不予受理的理由');
    expect(await say('wangjc', '查询 9号')).not.toContain('已记录线索');
    expect((await lead(target._id)).decision?.reason).toBeUndefined();
    expect(await say('wangjc', `线索 ${target.number}`)).toContain('理由待补充');

    for (const reason of ['查明该案已移送公安', '已完成行政处罚，不属于公益诉讼范围', '撤销处罚决定的情形不存在']) {
      const next = await raiseLead('zhangsan');
      expect(await say('wangjc', `不予受理 ${next.number}`)).toContain(`将记入线索 ${next.number}`);
      expect(await say('wangjc', reason)).toContain(`已记录线索 ${next.number} 不予受理的理由：${reason}`);
      expect((await lead(next._id)).decision?.reason).toBe(reason);
    }
  });

  it('records neither a wait nor 取消 as a reason: a wait keeps the question, 取消 closes it and the reason stays owed', async () => {
    const target = await raiseLead('zhangsan');
    expect(await say('wangjc', `不予受理 ${target.number}`)).toContain('请直接回复不予受理的理由');
    const waiting = await say('wangjc', '稍等，我查一下卷宗');
    expect(waiting).toContain(`这条消息没有作为理由记录。线索 ${target.number} 不予受理的理由仍待填写：想好后直接回复理由`);
    expect(await say('wangjc', '已移送公安机关')).toContain(`已记录线索 ${target.number} 不予受理的理由：已移送公安机关`);

    const next = await raiseLead('zhangsan');
    expect(await say('wangjc', `不予受理 ${next.number}`)).toContain('请直接回复不予受理的理由');
    const cancelled = await say('wangjc', '取消');
    expect(cancelled).toContain(`发送「受理 ${next.number}」`);
    expect((await lead(next._id)).decision?.reason).toBeUndefined();
    expect(await say('wangjc', `线索 ${next.number}`)).toContain('理由待补充');
  });

  it('still takes the reason after another command came between (统计, 查询), as the next free text', async () => {
    const target = await raiseLead('zhangsan');
    expect(await say('wangjc', `不予受理 ${target.number}`)).toContain('请直接回复不予受理的理由');
    expect(await say('wangjc', '统计')).toContain('平台统计');
    expect(await say('wangjc', '查询 9号')).not.toContain('已记录线索');
    expect(await say('wangjc', '已由公安机关立案侦查')).toContain(`已记录线索 ${target.number} 不予受理的理由：已由公安机关立案侦查`);
  });

  it('records 同上 as the reason the prosecutor gave last, in full, so the lead\'s file says it', async () => {
    const first = await raiseLead('zhangsan');
    expect(await say('wangjc', `不予受理 ${first.number} 已移送公安机关处理`)).toContain('已移送公安机关处理');
    const second = await raiseLead('zhangsan');
    expect(await say('wangjc', `不予受理 ${second.number}`)).toContain('请直接回复不予受理的理由');
    expect(await say('wangjc', '同上')).toContain(`已记录线索 ${second.number} 不予受理的理由：已移送公安机关处理`);
    expect((await lead(second._id)).decision?.reason).toBe('已移送公安机关处理');
  });

  it('lists for each prosecutor the open leads assigned to them, and counts the others', async () => {
    const theirs = await raiseLead('qianqi');
    const mine = await raiseLead('zhangsan');
    const forLijc = await say('lijc', '线索');
    expect(forLijc).toContain(theirs.number);
    expect(forLijc).not.toContain(mine.number);
    const open = await leadModel(h.runtime.mongo).countDocuments({ status: 'open' });
    const lijcOpen = await leadModel(h.runtime.mongo).countDocuments({ status: 'open', 'alert.recipients': 'lijc' });
    expect(forLijc).toContain(`分派给您的待处理线索 ${lijcOpen} 条`);
    expect(forLijc).toContain(`另有 ${open - lijcOpen} 条待处理线索未分派给您`);
    const forWangjc = await say('wangjc', '线索');
    expect(forWangjc).toContain(mine.number);
    expect(forWangjc).not.toContain(theirs.number);
    const forAdmin = await say('admin', '线索');
    expect(forAdmin).toContain(`待处理线索 ${open} 条`);
    expect(forAdmin).toContain(mine.number);
    expect(forAdmin).toContain(theirs.number);
  });

  it('lists the decisions by text in the help', async () => {
    expect(await say('wangjc', '帮助')).toContain('「不予受理 XS-2026-0009 罚款已缴纳」');
  });
});
