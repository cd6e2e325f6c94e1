/**
 * Round 9 (inject), what agency-typed text does in what prosecutors receive: text cut inside an emoji (M1), markdown in
 * the intelligent bot's stream replies (M3), and notes that mimic the bot's own notices (m2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { say, textOf } from '../support/chat.js';
import { raiseFineLead } from '../support/fine-lead.js';

describe('round 9: agency-typed text in what prosecutors receive', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ longConnection: true });
  });
  afterAll(() => h.stop());

  /** The finished stream reply to a long-connection message from `userid`. */
  async function askOverConnection(userid: string, content: string, chat: { chatid?: string; chattype?: 'group' } = {}): Promise<string> {
    h.clock.advance(1000);
    const { reqId } = h.fake.bot.sendText({ userid, content, ...chat });
    const reply = await h.fake.bot.waitForReply(reqId, 20_000);
    return (reply.body as { stream: { content: string } }).stream.content;
  }
  /** The text messages the app sent `userid` that contain `marker`. */
  const textsTo = (userid: string, marker: string) => h.fake.appMessages().filter((m) => m.touser === userid && m.msgtype === 'text').map(textOf).filter((t) => t.includes(marker));

  describe('text cut inside an emoji (M1)', () => {
    it('sends the lead card of a party with emoji in well-formed fields, within what WeCom shows', async () => {
      const lead = await raiseFineLead(h, 'zhangsan', '富林罚〔2024〕303号', 'AAAAAAAAAAAAAAAAA😀😀😀有限公司');
      const card = h.fake.appMessages().find((m) => m.msgtype === 'template_card' && JSON.stringify(m).includes(lead.number));
      const body = card?.template_card as { main_title: { title: string; desc: string }; horizontal_content_list: Array<{ keyname: string; value: string }> };
      expect(body.main_title.desc).toBe('富阳区林业局 · 案号 富林罚〔2024〕303号（AAA…');
      expect(body.main_title.title).toBe('罚款决定后逾期未见缴纳或强制执行');
      expect(body.horizontal_content_list.slice(0, 2)).toEqual([
        { keyname: '线索编号', value: lead.number }, { keyname: '依据', value: '《中华人民共和国行政处罚法》第七十二条；《中华人民…' },
      ]);
      expect(h.fake.malformedStrings()).toEqual([]);
    });

    it('answers a 更正 whose new party is 79 letters and an emoji without half of the emoji', async () => {
      expect(await say(h, 'zhangsan', '上报\n案号：富林罚〔2024〕951号\n当事人：丁公司\n违法事实：滥伐林木\n罚款：5000元\n已缴纳\n日期：2026-01-05')).toContain('已登记');
      const answer = await say(h, 'zhangsan', `更正 富林罚〔2024〕951号\n当事人：${'B'.repeat(79)}😀有限公司`);
      expect(answer).toContain(`当事人：丁公司 → ${'B'.repeat(79)}😀…`);
      expect(h.fake.malformedStrings()).toEqual([]);
    });
  });

  describe('markdown in answers over the intelligent bot (M3)', () => {
    it('shows a link typed into a party as text in a prosecutor\'s 线索 answer', async () => {
      const lead = await raiseFineLead(h, 'zhangsan', '富林罚〔2024〕501号', '某木业公司[点此查看附件](http://evil.example/a.html)');
      const answer = await askOverConnection('wangjc', `线索 ${lead.number}`);
      expect(answer).toContain('某木业公司［点此查看附件］(http://evil.example/a.html)');
      expect(answer).not.toMatch(/\]\(|[*<>]/);
    });

    it('shows a link and a bold claim typed into measures as text in 查询, and the 文号 as one to type back', async () => {
      await say(h, 'zhangsan', '进度 富检行公建〔2021〕9号 60% 已恢复林地120亩 [整改报告](http://evil.example/r) **检察院已同意延期**');
      const answer = await askOverConnection('wangjc', '查询 富检行公建〔2021〕9号');
      expect(answer).toContain('已恢复林地120亩 ［整改报告］(http://evil.example/r) ＊＊检察院已同意延期＊＊');
      expect(answer).not.toMatch(/\]\(|[*<>]/);
      // A 文号 keeps its brackets as written, to be typed back; the full-width ones of a link read the same.
      expect(answer).toContain('富检行公建[2021]9号');
      expect(await askOverConnection('wangjc', '查询 富检行公建［2021］9号')).toBe(answer);
    });

    it('shows <@all> typed into a party as text in the group\'s answer, and 帮助\'s <文号> placeholders at all', async () => {
      const answer = await askOverConnection('zhangsan', '上报\n案号：富林罚〔2024〕961号\n当事人：<@all> 某公司\n违法事实：滥伐林木\n罚款：5000元\n已缴纳\n日期：2026-01-06', { chatid: 'wrgroup01', chattype: 'group' });
      expect(answer).toContain('＜@all＞ 某公司');
      expect(answer).not.toContain('<@all>');
      expect(await askOverConnection('zhangsan', '帮助')).toContain('• 进度 ＜文号＞ ＜百分比或阶段＞ ＜措施＞');
      expect(h.fake.malformedStrings()).toEqual([]);
    });
  });

  describe('notes that mimic the bot\'s notices (m2)', () => {
    it('quotes a completion note in 【整改完成待审核】 as the agency\'s words, which no 」 of theirs can close', async () => {
      await say(h, 'zhangsan', '完成 富检行公建〔2021〕14号 已全部整改完毕。\n\n【线索提醒】XS-2026-0001 已由王检察官受理，无需再处理。」\n【系统通知】富检行公建〔2021〕14号 已验收通过');
      const [notice] = await h.fake.waitFor(() => { const found = textsTo('wangjc', '【整改完成待审核】'); return found.length ? found : undefined; });
      expect(notice).toContain('说明：「【线索提醒】XS-2026-0001 已由王检察官受理，无需再处理。』 【系统通知】富检行公建〔2021〕14号 已验收通过」。请审核：');
    });

    it('quotes the points of a 书面回复 and the measures of overdue progress', async () => {
      await say(h, 'zhangsan', '回复 富检行公建〔2021〕14号 【系统通知】已验收通过');
      const [reply] = await h.fake.waitFor(() => { const found = textsTo('wangjc', '【书面回复】'); return found.length ? found : undefined; });
      expect(reply).toMatch(/。要点：「【系统通知】已验收通过」$/);
      // 9号 is past its reply deadline: the progress above was told to wangjc.
      const [overdue] = textsTo('wangjc', '【逾期整改进展】');
      expect(overdue).toContain('报告进度 60%：「已恢复林地120亩 [整改报告](http://evil.example/r) **检察院已同意延期**」。');
    });
  });
});
