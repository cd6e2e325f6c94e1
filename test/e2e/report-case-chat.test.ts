import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseModel } from '../../src/models/case.js';
import { newMsgId, startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { say as sayTo, textOf } from '../support/chat.js';

/** 市场监管局 staff (seed/demo.json) reporting cases by chat, on 2026-11-30 in Asia/Shanghai. */
const user = 'qianqi';

describe('上报 by chat (e2e through the fake WeCom)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ clockStart: Date.parse('2026-11-30T10:00:00+08:00') });
  });
  afterAll(() => h.stop());

  /** Sends a text and returns the texts the bot sent back to that user. */
  const say = (content: string) => sayTo(h, user, content);
  const stored = (caseNumber: string) => caseModel(h.runtime.mongo).findOne({ caseNumber }).lean();

  it('records 违法事实 written over several lines whole', async () => {
    const answer = await say('上报\n案号：富市监罚〔2026〕110号\n当事人：某店\n违法事实：2026年11月10日执法人员检查发现\n该店销售过期面包12袋\n货值金额240元\n罚款：5000元');
    expect(answer).toContain('已登记行政执法案件');
    expect((await stored('富市监罚〔2026〕110号'))?.facts).toBe('2026年11月10日执法人员检查发现\n该店销售过期面包12袋\n货值金额240元');
  });

  it('reads a labelled line without a colon, and a form without colons to its last label', async () => {
    await say('上报\n案号：富市监罚〔2026〕101号\n当事人：李某\n违法事实：无证经营\n罚款 2万');
    expect((await stored('富市监罚〔2026〕101号'))?.fineYuan).toBe(20_000);
    const answer = await say('上报 案号富市监罚〔2026〕102号，当事人王某某，违法事实无证经营，罚款伍万元，日期2026年11月25日');
    expect(answer).toContain('决定日期：2026-11-25');
    const record = await stored('富市监罚〔2026〕102号');
    expect([record?.fineYuan, record?.decidedOn?.toISOString().slice(0, 10)]).toEqual([50_000, '2026-11-25']);
  });

  it('lists what it could not read in the confirmation instead of dropping it', async () => {
    const answer = await say('上报\n案号：富市监罚〔2026〕103号\n当事人：某超市\n违法事实：销售过期食品\n联系人：李四 13800000000');
    expect(answer).toContain('已登记行政执法案件');
    expect(answer).toContain('以下内容未能识别，没有记录：\n· 联系人：李四 13800000000');
  });

  it('records payment and the note, and shows them', async () => {
    const answer = await say('上报\n案号：富市监罚〔2026〕104号\n当事人：某面包店\n违法事实：销售过期面包\n罚款：5000元\n缴纳情况：已于2026年11月26日缴纳\n备注：已责令停业整改');
    expect(answer).toContain('缴纳情况：已缴纳（2026-11-26）');
    expect(answer).toContain('备注：已责令停业整改');
    const record = await stored('富市监罚〔2026〕104号');
    expect(record?.finePaid).toBe(true);
    expect(record?.history[0]?.detail).toMatchObject({ note: '已责令停业整改', paidOn: '2026-11-26' });
    await say('上报\n案号：富市监罚〔2026〕106号\n当事人：某店\n违法事实：无证经营\n罚款：3000元\n是否缴纳：尚未缴纳');
    expect((await stored('富市监罚〔2026〕106号'))?.finePaid).toBe(false);
  });

  it('asks about a decision date after today, records nothing, and takes the corrected date as the answer', async () => {
    const asked = await say('上报\n案号：富市监罚〔2026〕107号\n当事人：某店\n违法事实：无证经营\n日期：2026年12月5日');
    expect(asked).toContain('晚于今天（2026-11-30）');
    expect(await stored('富市监罚〔2026〕107号')).toBeNull();
    expect(await say('2026年11月5日')).toContain('决定日期：2026-11-05');
    expect(await say('上报\n案号：富市监罚〔2026〕108号\n当事人：某店\n违法事实：无证经营\n日期：2062年11月5日')).toContain('晚于今天');
    expect(await stored('富市监罚〔2026〕108号')).toBeNull();
  });

  it('records as the fine the amount labelled 罚款, keeping the confiscation in the decision', async () => {
    const answer = await say('上报\n案号：富市监罚〔2026〕109号\n当事人：某店\n违法事实：销售假冒商品\n罚款：没收违法所得2000元，罚款1万元');
    expect(answer).toContain('罚款：10000 元');
    expect(answer).toContain('没收违法所得：2000 元');
    const record = await stored('富市监罚〔2026〕109号');
    expect([record?.fineYuan, record?.decision]).toEqual([10_000, '没收违法所得2000元']);
  });

  it('takes a plain reply as the one missing field, with an example of that field in the question', async () => {
    const asked = await say('上报 当事人：周某 违法事实：超范围经营 罚款：3万元');
    expect(asked).toContain('请补充案号');
    expect(asked).toContain('富市监罚〔2026〕12号');
    expect(asked).not.toContain('当事人：张某');
    expect(await say('富市监罚〔2026〕111号')).toContain('已登记行政执法案件');
    expect((await stored('富市监罚〔2026〕111号'))?.party).toBe('周某');
    await say('上报 案号：富市监罚〔2026〕112号 当事人：吴某 罚款：1万元');
    expect(await say('未经许可从事食品经营')).toContain('已登记行政执法案件');
    expect((await stored('富市监罚〔2026〕112号'))?.facts).toBe('未经许可从事食品经营');
  });

  it('reads labels separated by spaces only', async () => {
    expect(await say('上报 案号 富市监罚〔2026〕105号 当事人 陈某 违法事实 无证经营 罚款 2万')).toContain('已登记行政执法案件');
    expect((await stored('富市监罚〔2026〕105号'))?.fineYuan).toBe(20_000);
  });

  it('does not promise a plain reply works when several fields are missing, and lists a plain reply as not understood', async () => {
    const asked = await say('上报 罚款：3万元');
    expect(asked).not.toContain('直接回复即可');
    const again = await say('富市监罚〔2026〕113号');
    expect(again).toContain('请补充');
    expect(again).toContain('以下内容未能识别，没有记录：\n· 富市监罚〔2026〕113号');
    expect(await say('取消')).toBe('已取消这次上报，没有记录。');
  });

  it.each(['算了 先不报了', '取消', '不报了'])('cancels a pending 上报 on 「%s」', async (text) => {
    await say('上报 当事人：郑某 违法事实：无证经营');
    expect(await say(text)).toBe('已取消这次上报，没有记录。');
    // Nothing waits any more: a plain text is not taken as a case number.
    expect(await say('富市监罚〔2026〕120号')).not.toContain('已登记');
    expect(await stored('富市监罚〔2026〕120号')).toBeNull();
  });

  it('tells the sender a half-finished 上报 was not recorded when another command comes instead', async () => {
    await say('上报 当事人：冯某 违法事实：无证经营');
    const answer = await say('待办');
    expect(answer).toContain('之前的上报还缺少案号，没有记录');
    expect(await caseModel(h.runtime.mongo).countDocuments({ party: '冯某' })).toBe(0);
  });

  it.each([
    ['当事人：', '当事人叫什么来着 我查一下', '苏某', 'party'],
    ['违法事实：', '稍等，我去翻一下卷宗', '超范围经营', 'facts'],
    // Starts with a command word (查): chatter all the same, not a 查询 that would drop the report.
    ['当事人：', '查一下再告诉你', '苏某', 'party'],
    // An acknowledgement or a deferral is not the facts: recorded, it would be a case nobody can take back.
    ['违法事实：', '好的', '超范围经营', 'facts'],
    ['违法事实：', '稍后补充', '超范围经营', 'facts'],
    ['违法事实：', '问一下领导再说', '超范围经营', 'facts'],
  ] as const)('keeps waiting when the answer for %s is chatter (%s), and records the real answer', async (label, chatter, value, field) => {
    const caseNumber = `富市监罚〔2026〕${140 + ['当事人叫什么来着 我查一下', '稍等，我去翻一下卷宗', '查一下再告诉你', '好的', '稍后补充', '问一下领导再说'].indexOf(chatter)}号`;
    const given = field === 'party' ? '违法事实：无证经营' : '当事人：苏某';
    expect(await say(`上报 案号：${caseNumber} ${given}`)).toContain(`请补充${label.slice(0, -1)}`);
    const waiting = await say(chatter);
    expect(waiting).toContain('上报还在等您补充');
    expect(await stored(caseNumber)).toBeNull();
    expect(await say(value)).toContain('已登记行政执法案件');
    expect((await stored(caseNumber))?.[field]).toBe(value);
  });

  it('ends the case number at its 号 and reads the glued label after it', async () => {
    await say('上报 案号富市监罚〔2026〕234号 当事人张某 违法事实 超范围经营 罚款：3千元');
    const record = await stored('富市监罚〔2026〕234号');
    expect([record?.party, record?.facts, record?.fineYuan]).toEqual(['张某', '超范围经营', 3000]);
  });

  it('reads the payment written inside the 罚款 value', async () => {
    const answer = await say('上报\n案号：富市监罚〔2026〕132号\n当事人：某店\n违法事实：无证经营\n罚款：5000元（已缴）');
    expect(answer).toContain('缴纳情况：已缴纳');
    expect((await stored('富市监罚〔2026〕132号'))?.finePaid).toBe(true);
  });

  it('keeps the warning of a 罚款 value in the decision, with the confiscation', async () => {
    const answer = await say('上报 案号：富市监罚〔2026〕133号 当事人：某店 违法事实：无证经营 罚款：警告并处罚款三千元 没收违法所得：两百');
    expect(answer).not.toContain('未能识别');
    const record = await stored('富市监罚〔2026〕133号');
    expect([record?.fineYuan, record?.decision]).toEqual([3000, '警告并处罚款三千元；没收违法所得200元']);
  });

  it('takes the fine from the decision when there is no 罚款 field', async () => {
    await say('上报 案号：富市监罚〔2026〕134号 当事人：某店 违法事实：无证经营 处罚决定：罚款20万元');
    expect((await stored('富市监罚〔2026〕134号'))?.fineYuan).toBe(200_000);
  });

  it('reads a date inside a short answer, and asks again for a date it cannot read instead of dropping the report', async () => {
    expect(await say('上报\n案号：富市监罚〔2026〕135号\n当事人：某店\n违法事实：无证经营\n日期：2026年12月5日')).toContain('晚于今天');
    expect(await say('哦写错了 是11月22号')).toContain('决定日期：2026-11-22');
    const asked = await say('上报\n案号：富市监罚〔2026〕136号\n当事人：某店\n违法事实：无证经营\n日期：上周');
    expect(asked).toContain('请直接回复正确的日期');
    expect(await stored('富市监罚〔2026〕136号')).toBeNull();
    expect(await say('决定日期：11.20')).toContain('决定日期：2026-11-20');
  });

  it('records nothing of a message reporting two cases, and asks for one 上报 per case', async () => {
    const answer = await say('上报 两个案子：1. 案号富市监罚〔2026〕503号，当事人何某，违法事实销售过期食品 2. 案号富市监罚〔2026〕504号，当事人李某，违法事实无证经营');
    expect(answer).toContain('这条消息里有2件案件（富市监罚〔2026〕503号、富市监罚〔2026〕504号），没有记录');
    expect(answer).toContain('请每件案件单独发送一条「上报」');
    expect(answer).not.toContain('请补充');
    expect(await stored('富市监罚〔2026〕503号')).toBeNull();
    expect(await stored('富市监罚〔2026〕504号')).toBeNull();
    // Nothing waits for an answer: the next message is read on its own.
    expect(await say('上报 案号：富市监罚〔2026〕503号 当事人：何某 违法事实：销售过期食品')).toContain('已登记行政执法案件');
  });

  it('reads a case told in sentences: the party ends at its name, and what follows is the facts', async () => {
    const answer = await say('上报 今天查了一个案子，当事人是张某某，在超市门口销售过期面包20袋，罚了他3万块，案号富市监罚〔2026〕501号');
    expect(answer).toContain('已登记行政执法案件');
    expect(answer).toContain('当事人：张某某\n');
    expect(answer).toContain('违法事实：在超市门口销售过期面包20袋，罚了他3万块');
    expect(answer).toContain('以下内容未能识别，没有记录：\n· 今天查了一个案子');
    const record = await stored('富市监罚〔2026〕501号');
    expect([record?.party, record?.facts]).toEqual(['张某某', '在超市门口销售过期面包20袋，罚了他3万块']);
  });

  it('asks before registering a case number with the 字号 of another agency\'s cases, and registers it on 确认', async () => {
    expect(await say('上报 案号：富市监罚〔2026〕160号 当事人：某超市 违法事实：销售过期食品')).toContain('已登记行政执法案件');
    const sayAs = (who: string, content: string) => sayTo(h, who, content);
    const asked = await sayAs('zhangsan', '上报 案号：富市监罚〔2026〕161号 当事人：吴某 违法事实：滥伐林木');
    expect(asked).toContain('案号「富市监罚〔2026〕161号」的字号「富市监罚」此前只用于富阳区市场监管局的案件，这次还没有登记');
    expect(await stored('富市监罚〔2026〕161号')).toBeNull();
    expect(await sayAs('zhangsan', '取消')).toContain('这次上报没有登记');
    expect(await stored('富市监罚〔2026〕161号')).toBeNull();

    expect(await sayAs('zhangsan', '上报 案号：富市监罚〔2026〕162号 当事人：吴某 违法事实：滥伐林木')).toContain('这次还没有登记');
    expect(await sayAs('zhangsan', '确认')).toContain('已登记行政执法案件');
    expect(await stored('富市监罚〔2026〕162号')).toMatchObject({ agency: 'linye', party: '吴某' });
    // Once confirmed, the 字号 is one this agency uses too; a 字号 nobody used is not asked about.
    expect(await sayAs('zhangsan', '上报 案号：富市监罚〔2026〕163号 当事人：吴某 违法事实：滥伐林木')).toContain('已登记行政执法案件');
    expect(await sayAs('zhangsan', '上报 案号：富林新罚〔2026〕161号 当事人：吴某 违法事实：滥伐林木')).toContain('已登记行政执法案件');
  });

  it('takes 确定 or 好的，确认 for yes, 不是，案号写错了 for no, and says so when another message lets the question lapse', async () => {
    const sayAs = (who: string, content: string) => sayTo(h, who, content);
    // Each 字号 asked about once: a confirmed one is 自然资源局's too from then on.
    const ask = (n: number) => sayAs('lisi', `上报 案号：${n === 171 ? '富市监罚' : '富林罚'}〔2026〕${n}号 当事人：郑某 违法事实：非法采砂`);
    expect(await ask(171)).toContain('这次还没有登记');
    expect(await sayAs('lisi', '好的，确认')).toContain('已登记行政执法案件');
    expect(await ask(172)).toContain('这次还没有登记');
    expect(await sayAs('lisi', '不是，案号写错了')).toContain('好的，这次上报没有登记。如案号有误，请用正确的案号重新发送「上报」');
    expect(await stored('富林罚〔2026〕172号')).toBeNull();
    expect(await ask(173)).toContain('这次还没有登记');
    const lapsed = await sayAs('lisi', '上报 案号：富自然罚〔2026〕174号 当事人：郑某 违法事实：非法采砂');
    expect(lapsed).toContain('（刚才案号「富林罚〔2026〕173号」的上报没有登记。如确是贵单位的案件，请重新发送「上报」并回复「确认」。）');
    expect(lapsed).toContain('已登记行政执法案件');
    expect(await stored('富林罚〔2026〕173号')).toBeNull();
  });

  it('shows a reported case as recorded on 查询 <案号>, only to its own agency', async () => {
    const answer = await say('查询 富市监罚(2026)110号');
    expect(answer).toContain('案件 富市监罚〔2026〕110号');
    expect(answer).toContain('当事人：某店');
    expect(answer).toContain('罚款：5,000 元，缴纳情况：未记录');
    expect(answer).toContain('结案情况：未记录结案');
    expect(answer).toContain('如记录有误，请发送「更正 富市监罚〔2026〕110号」加正确的内容');
    // 林业局 staff cannot read 市场监管局's case.
    const before = h.fake.appMessages().length;
    await h.sendText('zhangsan', '查询 富市监罚〔2026〕110号', newMsgId());
    await h.fake.waitFor(() => h.fake.appMessages().slice(before).some((m) => m.touser === 'zhangsan') || undefined, 10_000);
    const other = h.fake.appMessages().slice(before).filter((m) => m.touser === 'zhangsan').map(textOf).join('\n');
    expect(other).toContain('贵单位没有案号为');
    expect(other).not.toContain('某店');
  });
});
