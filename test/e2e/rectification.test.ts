import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressModel } from '../../src/models/progress.js';
import { recommendationModel } from '../../src/models/recommendation.js';
import { auditModel } from '../../src/models/audit.js';
import { localDate } from '../../src/calendar/local-date.js';
import { newMsgId, startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { buildCallback, eventXml, postCallback } from '../support/wecom-callback.js';

const ref14 = '富检行公建[2021]14号';

describe('rectification by message (e2e through the fake WeCom)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness();
  });
  afterAll(() => h.stop());

  /** Sends a text and returns the texts the bot sent back to that user. */
  async function say(from: string, content: string, msgId = newMsgId()): Promise<string[]> {
    const before = h.fake.appMessages().length;
    expect((await h.sendText(from, content, msgId)).status).toBe(200);
    // The sender's own answer: a lead alert to a prosecutor can arrive first, and the answer after the pause below.
    await h.fake.waitFor(() => h.fake.appMessages().slice(before).some((m) => m.touser === from) || undefined, 15_000);
    await new Promise((r) => setTimeout(r, 150));
    return h.fake.appMessages().slice(before).filter((m) => m.touser === from).map((m) => JSON.stringify(m.text ?? m.template_card ?? m));
  }
  const rec = (ref: string) => recommendationModel(h.runtime.mongo).findById(ref).lean();

  it('answers an unknown WeCom user politely with whom to contact, and audits it', async () => {
    h.fake.addUser({ userid: 'stranger', name: '陌生人' });
    const [answer] = await say('stranger', '待办');
    expect(answer).toContain('尚未登记');
    expect(answer).toContain('检察院公益诉讼检察部门');
    expect(await auditModel(h.runtime.mongo).countDocuments({ actor: 'stranger', outcome: 'refused' })).toBe(1);
  });

  it.each(['待办', '我的待办', 'todo'])('lists the agency\'s open recommendations with deadline lights for 「%s」', async (text) => {
    const [answer] = await say('zhangsan', text);
    expect(answer).toContain(ref14);
    expect(answer).toContain('督促恢复被非法占用林地');
    expect(answer).toMatch(/🟢|🟡|🔴/);
    expect(answer).toContain('还剩');
    expect(answer).not.toContain('富检行公建[2021]21号'); // another agency's
  });

  it.each([`查询 ${ref14}`, '查一下富检行公建〔2021〕14号', `查询 富检行公建（2021）14号`, '查询 恢复林地'])('shows one recommendation for 「%s」', async (text) => {
    const [answer] = await say('zhangsan', text);
    expect(answer).toContain('整改要求');
    expect(answer).toContain('381亩');
  });

  it('offers the recommendations whose titles fit words that fit several', async () => {
    const before = h.fake.appMessages().length;
    await say('zhangsan', '查一下林地那个建议');
    const card = h.fake.appMessages().slice(before).find((m) => m.touser === 'zhangsan' && m.template_card)?.template_card as { button_list: { key: string }[] } | undefined;
    expect(card?.button_list.map((b) => b.key).sort()).toEqual([`pick:${ref14}`, 'pick:富检行公建[2022]14号']);
  });

  it('records progress from three phrasings, confirms exactly what was recorded, and keeps the history', async () => {
    const phrasings: Array<[string, number]> = [
      [`进度 ${ref14} 30% 已恢复林地120亩`, 30],
      ['进度 富检行公建〔2021〕14号 百分之五十 解除承包合同12份', 50],
      ['富检行公建(2021)14号 进度 六成 罚款已缴纳50万元', 60],
    ];
    for (const [text, percent] of phrasings) {
      const [answer] = await say('zhangsan', text);
      expect(answer).toContain(`已记录 ${ref14} 的整改进展`);
      expect(answer).toContain(`进度 ${percent}%`);
      expect((await rec(ref14))?.percent).toBe(percent);
    }
    const stored = await rec(ref14);
    expect(stored?.status).toBe('rectifying');
    expect(stored?.history.filter((c) => c.action === 'progress')).toHaveLength(3);
    const updates = await progressModel(h.runtime.mongo).find({ recommendation: ref14 }).sort({ createdAt: 1 }).lean();
    expect(updates.map((u) => u.quantities[0])).toEqual([
      { item: '林地', value: 120, unit: '亩' }, { item: '承包合同', value: 12, unit: '份' }, { item: '罚款', value: 50, unit: '万元' },
    ]);
  });

  it('attaches a photo sent after a progress update as evidence, with its hash', async () => {
    await say('zhangsan', `进度 ${ref14} 70% 补种苗木3000株`);
    const mediaId = h.fake.addMedia({ bytes: Buffer.from('JPEG-photo-of-replanted-forest'), filename: '补种.jpg' });
    const xml = `<xml><ToUserName><![CDATA[${h.config.WECOM_CORP_ID}]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName><CreateTime>${Math.floor(h.clock.now() / 1000)}</CreateTime><MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://p]]></PicUrl><MediaId><![CDATA[${mediaId}]]></MediaId><MsgId>${newMsgId()}</MsgId><AgentID>${h.config.WECOM_AGENT_ID}</AgentID></xml>`;
    const before = h.fake.appMessages().length;
    await postCallback(h.runtime.url!, buildCallback({ token: h.config.WECOM_TOKEN, aesKey: h.config.WECOM_ENCODING_AES_KEY, corpId: h.config.WECOM_CORP_ID, agentId: h.config.WECOM_AGENT_ID, xml }));
    const answer = await h.fake.waitFor(() => h.fake.appMessages().slice(before).find((m) => m.touser === 'zhangsan'), 10_000);
    expect(JSON.stringify(answer)).toContain('证据');
    const latest = await progressModel(h.runtime.mongo).findOne({ recommendation: ref14, percent: 70 }).lean();
    expect(latest?.evidence).toHaveLength(1);
    expect(latest?.evidence[0]).toMatchObject({ filename: '补种.jpg', size: 30 });
    expect(latest?.evidence[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not double a record when WeCom redelivers the same message', async () => {
    const msgId = newMsgId();
    await say('zhangsan', `进度 ${ref14} 75% 清理违建2处`, msgId);
    await h.sendText('zhangsan', `进度 ${ref14} 75% 清理违建2处`, msgId);
    await new Promise((r) => setTimeout(r, 500));
    expect(await progressModel(h.runtime.mongo).countDocuments({ _id: `msg:${msgId}` })).toBe(1);
    expect((await rec(ref14))?.history.filter((c) => c.sourceId === `msg:${msgId}`)).toHaveLength(1);
  });

  it('offers a selection card for an ambiguous short number, and the click completes the update', async () => {
    const [card] = await say('zhangsan', '进度 14号 80% 已恢复林地300亩');
    expect(card).toContain('请选择检察建议');
    const sent = h.fake.appMessages().filter((m) => m.msgtype === 'template_card').at(-1)!.template_card as { task_id: string; button_list: Array<{ key: string; text: string }> };
    expect(sent.button_list.map((b) => b.key)).toEqual(expect.arrayContaining([`pick:${ref14}`, 'pick:富检行公建[2022]14号']));
    const code = h.fake.issueResponseCode(sent.task_id);
    const click = eventXml({ corpId: h.config.WECOM_CORP_ID, agentId: h.config.WECOM_AGENT_ID, from: 'zhangsan', event: 'template_card_event', eventKey: `pick:${ref14}`, taskId: sent.task_id, cardType: 'button_interaction', responseCode: code, createTime: Math.floor(h.clock.now() / 1000) });
    const before = h.fake.appMessages().length;
    await postCallback(h.runtime.url!, buildCallback({ token: h.config.WECOM_TOKEN, aesKey: h.config.WECOM_ENCODING_AES_KEY, corpId: h.config.WECOM_CORP_ID, agentId: h.config.WECOM_AGENT_ID, xml: click }));
    const confirmation = await h.fake.waitFor(() => h.fake.appMessages().slice(before).find((m) => m.touser === 'zhangsan'), 10_000);
    expect(JSON.stringify(confirmation)).toContain(`已记录 ${ref14} 的整改进展`);
    expect((await rec(ref14))?.percent).toBe(80);
    expect((await rec('富检行公建[2022]14号'))?.percent).toBe(0);
    // The card's buttons give way to the choice made, so it is not clicked again.
    expect(await h.fake.waitFor(() => h.fake.cardUpdates().find((u) => u.response_code === code), 10_000)).toMatchObject({ button: { replace_name: `已选择 ${ref14}` } });
    // A second click (a card still on another device) records nothing and says how to check what the first did.
    const second = h.fake.appMessages().length;
    const again = eventXml({ corpId: h.config.WECOM_CORP_ID, agentId: h.config.WECOM_AGENT_ID, from: 'zhangsan', event: 'template_card_event', eventKey: 'pick:富检行公建[2022]14号', taskId: sent.task_id, cardType: 'button_interaction', responseCode: h.fake.issueResponseCode(sent.task_id), createTime: Math.floor(h.clock.now() / 1000) });
    await postCallback(h.runtime.url!, buildCallback({ token: h.config.WECOM_TOKEN, aesKey: h.config.WECOM_ENCODING_AES_KEY, corpId: h.config.WECOM_CORP_ID, agentId: h.config.WECOM_AGENT_ID, xml: again }));
    const answer = await h.fake.waitFor(() => h.fake.appMessages().slice(second).find((m) => m.touser === 'zhangsan'), 10_000);
    expect(JSON.stringify(answer)).toContain('这次点击没有记录任何内容');
    expect((await rec('富检行公建[2022]14号'))?.percent).toBe(0);
  });

  it('reads figures glued to the number, and a bare number after the figures as the number', async () => {
    const [glued] = await say('zhangsan', '进度 八成二〔2021〕14号 补植苗木');
    expect(glued).toContain(`已记录 ${ref14} 的整改进展`);
    expect(glued).toContain('进度 82%');
    expect((await rec(ref14))?.percent).toBe(82);
    // zhangsan's agency has a 14号 of 2021 and of 2022: the bare 14 is a number, so the bot asks which.
    const [card] = await say('zhangsan', '进度 83% 14 巡护复查');
    expect(card).toContain('请选择检察建议');
    expect((await rec(ref14))?.percent).toBe(82);
  });

  it('reads a sentence that names the recommendation and introduces its figures, and a question about its progress', async () => {
    const [answer] = await say('zhangsan', '关于富检行公建2021年14号检察建议，目前整改进度八成四，已恢复林地120亩');
    expect(answer).toContain(`已记录 ${ref14} 的整改进展`);
    expect(answer).toContain('进度 84%');
    const latest = await progressModel(h.runtime.mongo).findOne({ recommendation: ref14, percent: 84 }).lean();
    expect(latest?.measures).toBe('已恢复林地120亩');
    const [status] = await say('zhangsan', '富检行公建〔2021〕14号进展如何');
    expect(status).toContain('整改要求');
    expect((await rec(ref14))?.percent).toBe(84);
  });

  it('asks for a missing percentage and records it from the answer', async () => {
    const [question] = await say('zhangsan', `进度 ${ref14} 已拆除违章建筑`);
    expect(question).toContain('请补充整改进度');
    const [answer] = await say('zhangsan', '85%');
    expect(answer).toContain('进度 85%');
    expect((await rec(ref14))?.percent).toBe(85);
  });

  it('asks for one message per recommendation instead of recording two on the first', async () => {
    const before = (await rec(ref14))?.percent;
    const [answer] = await say('zhangsan', '富检行公建〔2021〕14号、9号 进度95%');
    expect(answer).toContain('请分别发送');
    expect((await rec(ref14))?.percent).toBe(before);
  });

  it('takes an update naming another recommendation as its own, not as the answer to a question about the first', async () => {
    const before = (await rec(ref14))?.percent;
    const [question] = await say('zhangsan', `进度 ${ref14} 已拆除违章建筑`);
    expect(question).toContain('请补充整改进度');
    const sent = h.fake.appMessages().length;
    await say('zhangsan', '富检行公建〔2022〕14号 40% 巡查复核');
    // Two replies: the notice about the update left unrecorded, then the confirmation of this one.
    const answers = await h.fake.waitFor(() => {
      const texts = h.fake.appMessages().slice(sent).filter((m) => m.touser === 'zhangsan').map((m) => JSON.stringify(m.text));
      return texts.length >= 2 ? texts.join('\n') : undefined;
    }, 10_000);
    expect(answers).toContain(`之前关于「${ref14}」的消息因缺少内容没有记录`);
    expect(answers).toContain('已记录 富检行公建[2022]14号 的整改进展');
    expect((await rec('富检行公建[2022]14号'))?.percent).toBe(40);
    expect((await rec(ref14))?.percent).toBe(before);
  });

  it('takes back the last update within 10 minutes, and refuses after 10 minutes', async () => {
    await say('zhangsan', `进度 ${ref14} 90% 补植完成`);
    const [undone] = await say('zhangsan', '撤回');
    expect(undone).toContain('已撤回');
    expect((await rec(ref14))?.percent).toBe(85);
    expect(await progressModel(h.runtime.mongo).countDocuments({ recommendation: ref14, percent: 90, 'revoked.by': 'zhangsan' })).toBe(1);

    // A percentage below the last one is recorded, but the confirmation points it out with the way back.
    const [lower] = await say('zhangsan', `进度 ${ref14} 8% 巡查复核`);
    expect(lower).toContain('进度 8%（低于上次报告的 85%');
    await say('zhangsan', '撤回');
    expect((await rec(ref14))?.percent).toBe(85);

    await say('zhangsan', `进度 ${ref14} 88% 巡查复核`);
    h.clock.advance(11 * 60 * 1000);
    const [refused] = await say('zhangsan', '撤回');
    expect(refused).toContain('已超过10分钟');
    expect((await rec(ref14))?.percent).toBe(88);
  });

  it('refuses to take back an update a colleague has built on, and allows it once theirs is taken back', async () => {
    await say('zhangsan', `进度 ${ref14} 91% 补植复查`);
    await say('zhaoliu', `进度 ${ref14} 93% 巡护`);
    const [refused] = await say('zhangsan', '撤回');
    expect(refused).toContain('已有新的更新');
    expect((await rec(ref14))?.percent).toBe(93);
    expect((await say('zhaoliu', '撤回'))[0]).toContain('进度恢复为 91%');
    expect((await say('zhangsan', '撤回'))[0]).toContain('进度恢复为 88%');
    expect((await rec(ref14))?.percent).toBe(88);
  });

  it('takes back a written reply so that the recommendation no longer counts as replied', async () => {
    const ref9 = '富检行公建[2021]9号';
    await say('zhangsan', '回复 富检行公建〔2021〕9号 已按建议书面回复，附整改方案');
    // Stored as written, with its Chinese comma.
    expect(await rec(ref9)).toMatchObject({ replyPoints: '已按建议书面回复，附整改方案' });
    expect((await rec(ref9))?.repliedAt).toBeInstanceOf(Date);
    expect((await say('zhangsan', '撤回'))[0]).toContain('已撤回');
    const after = await rec(ref9);
    expect(after?.repliedAt).toBeUndefined();
    expect(after?.replyPoints).toBeUndefined();
    // The prosecutor told of the reply is told it was taken back.
    const told = await h.fake.waitFor(() => h.fake.appMessages().find((m) => JSON.stringify(m).includes('【已撤回】')), 10_000);
    expect(JSON.stringify(told)).toContain(`撤回了 ${ref9}`);
    expect(String(told.touser)).toContain('wangjc');
  });

  it('refuses another agency\'s recommendation and audits the refusal', async () => {
    const [answer] = await say('lisi', `进度 ${ref14} 100% 已完成`);
    expect(answer).toContain('不是发给贵单位的检察建议');
    expect((await rec(ref14))?.percent).toBe(88);
    expect(await auditModel(h.runtime.mongo).countDocuments({ actor: 'lisi', outcome: 'refused' })).toBe(1);
  });

  it('records completion and a written reply, notifying the responsible prosecutor', async () => {
    const [done] = await say('zhangsan', `完成 ${ref14} 林地已全部恢复，合同已解除`);
    expect(done).toContain('整改已完成（100%），等待检察官审核');
    const notice = await h.fake.waitFor(() => h.fake.appMessages().find((m) => m.touser === 'wangjc' && JSON.stringify(m).includes('整改完成待审核')));
    expect(JSON.stringify(notice)).toContain(ref14);
    expect((await rec(ref14))?.status).toBe('completed');

    const [replied] = await say('zhangsan', `回复 ${ref14} 已收回林地381亩，恢复植被，处罚3人`);
    expect(replied).toContain('书面回复');
    const told = await h.fake.waitFor(() => h.fake.appMessages().find((m) => m.touser === 'wangjc' && JSON.stringify(m).includes('【书面回复】') && JSON.stringify(m).includes('381亩')));
    expect((await rec(ref14))?.replyPoints).toContain('381亩');
    // The prosecutor reads the reply's date against the deadline, as 待办 shows it.
    const due = (await rec(ref14))!.dueOn!.toISOString().slice(0, 10);
    const today = localDate(new Date(h.clock.now()), 'Asia/Shanghai');
    const timing = today > due ? `回复日期 ${today}，逾期 ` : `回复日期 ${today}，在回复期限 ${due} 内）`;
    expect(JSON.stringify(told)).toContain(timing);
  });

  it.each([
    ['进度', '文号'],
    ['进度 14号 120% 已恢复', '0到100'],
    ['完成', '文号'],
    ['回复', '文号'],
    ['查询', '文号'],
    ['罚款已经缴了', '进度'],
    ['asdfgh', '帮助'],
    ['进度 富检行公建〔2099〕77号 50%', '没有找到'],
    ['上报', '案号'],
    ['上报 案号：富林罚〔2024〕900号', '当事人'],
    ['进度 14号 百分之二百', '0到100'],
    ['？？？', '待办'],
  ])('answers the malformed 「%s」 helpfully (mentions %s)', async (text, expected) => {
    const answers = await say('zhaoliu', text);
    expect(answers.join('\n')).toContain(expected);
  });

  it('registers a case reported field by field', async () => {
    const [answer] = await say('zhangsan', '上报\n案号：富林罚〔2024〕31号\n当事人：富阳某木业公司\n违法事实：擅自改变林地用途\n罚款：5000元\n面积：6亩');
    expect(answer).toContain('已登记行政执法案件');
    expect(answer).toContain('富阳某木业公司');
    const [again] = await say('zhangsan', '上报\n案号：富林罚[2024]031号\n当事人：另一家\n违法事实：重复');
    expect(again).toContain('已上报过');
    // A decision date without a year is the latest such day up to today; the confirmation shows the year taken.
    const today = localDate(new Date(h.clock.now()), h.config.TZ);
    const year = Number(today.slice(0, 4));
    const expected = `${year}-01-02` <= today ? `${year}-01-02` : `${year - 1}-01-02`;
    const [dated] = await say('zhangsan', '上报\n案号：富林罚〔2024〕32号\n当事人：孙某\n违法事实：滥伐林木\n日期：1月2日');
    expect(dated).toContain('已登记行政执法案件');
    expect(dated).toContain(`决定日期：${expected}`);
  });

  describe('natural phrasings of the other commands', () => {
    const ref9 = '富检行公建[2021]9号';
    it.each(['帮助', '怎么用', '菜单'])('帮助: 「%s」', async (text) => {
      expect((await say('zhaoliu', text)).join()).toContain('进度 <文号>');
    });
    it.each(['完成 富检行公建〔2021〕9号 已追缴全部费用', '富检行公建[2021]9号 完成了，照片稍后发', '富检行公建(2021)9号 已完成整改 费用已追缴'])('完成: 「%s」', async (text) => {
      expect((await say('zhaoliu', text)).join()).toContain(`已记录 ${ref9} 的整改完成`);
      expect((await rec(ref9))?.status).toBe('completed');
      // A second completion while one awaits review is refused: take this one back so the next phrasing is recorded.
      expect((await say('zhaoliu', '撤回')).join()).toContain('已撤回');
    });
    it.each(['回复 富检行公建〔2021〕9号 已追缴植被恢复费20万元', '书面回复 富检行公建[2021]9号 已处罚2人', '回复富检行公建（2021）9号：已建立长效机制'])('回复: 「%s」', async (text) => {
      expect((await say('zhaoliu', text)).join()).toContain(`已记录 ${ref9} 的书面回复`);
    });
    it.each([
      ['上报 案号:富林罚[2024]41号 当事人:王某 违法事实:滥伐林木 罚款:3000元', '王某'],
      ['上报\n案号：富林罚〔2024〕42号\n当事人：富阳某石材厂\n违法事实：非法占用林地\n面积：12亩', '富阳某石材厂'],
      ['上报；案号：富林罚（2024）43号；当事人：陈某；违法事实：擅自改变林地用途；罚款：五千元', '陈某'],
      ['上报 案号富林罚〔2024〕44号，当事人赵某，违法事实擅自占用林地3亩，罚款1万元', '赵某'],
    ])('上报: 「%s」', async (text, party) => {
      const answer = (await say('zhaoliu', text)).join();
      expect(answer).toContain('已登记行政执法案件');
      expect(answer).toContain(party);
    });
    it.each(['撤回', '撤销', '撤回上一条'])('撤回: 「%s」', async (text) => {
      await say('zhaoliu', `进度 ${ref9} 40% 复查中`);
      expect((await say('zhaoliu', text)).join()).toContain('已撤回');
    });
  });

  it('tells the prosecutor when progress arrives after the deadline', async () => {
    const overdue = '富检行公建[2021]9号';
    await say('zhangsan', `进度 ${overdue} 20% 已追缴部分费用`);
    const notice = await h.fake.waitFor(() => h.fake.appMessages().find((m) => m.touser === 'wangjc' && JSON.stringify(m).includes('【逾期整改进展】') && JSON.stringify(m).includes(overdue)));
    expect(JSON.stringify(notice)).toContain(overdue);
  });

  it('asks a second 撤回 in a row to name what it takes back, rather than reaching back further on its own', async () => {
    const ref21 = '富检行公建[2021]21号';
    await say('lisi', '进度 21号 50% 已关停矿点2处');
    await say('lisi', '进度 21号 60% 已关停矿点3处');
    expect((await say('lisi', '撤回'))[0]).toContain('进度恢复为 50%');
    const [asked] = await say('lisi', '撤回');
    expect(asked).toContain(`您刚撤回过一条更新。再撤回会撤回更早的 ${ref21} 的进度 50%`);
    expect((await rec(ref21))?.percent).toBe(50);
    expect((await say('lisi', '撤回 21号'))[0]).toContain('已撤回');
    expect((await rec(ref21))?.percent).not.toBe(50);
  });

  it('takes the date a written reply states for its date, when it is one the reply could have', async () => {
    const ref = '富检行公建[2022]14号';
    const stated = localDate(new Date(h.clock.now() - 2 * 86_400_000), h.config.TZ);
    const [month, day] = stated.slice(5).split('-').map(Number) as [number, number];
    const [answer] = await say('zhangsan', `回复 富检行公建〔2022〕14号 已于${month}月${day}日书面回复检察院，附整改方案`);
    expect(answer).toContain(`书面回复日期：${stated}`);
    const stored = await rec(ref);
    expect(localDate(stored!.repliedAt!, h.config.TZ)).toBe(stated);
  });
});

