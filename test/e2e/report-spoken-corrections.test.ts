import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseModel, type CaseRecord } from '../../src/models/case.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { say as sayTo } from '../support/chat.js';

/**
 * 上报 and 更正 as staff type or dictate them (round 7 of the chat tester): a value taken back in the same message,
 * a payment of part of the fine said in words, labels glued to their values with only spaces between the fields.
 * zhangsan is 林业局 staff (seed/demo.json).
 */
describe('上报 / 更正 said as people talk (e2e through the fake WeCom)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ clockStart: Date.parse('2026-11-30T10:00:00+08:00') });
  });
  afterAll(() => h.stop());

  const say = (content: string) => sayTo(h, 'zhangsan', content);
  const stored = (caseNumber: string) => caseModel(h.runtime.mongo).findOne({ caseNumber }).lean() as Promise<CaseRecord | null>;

  it('records the value said after 不对, never the one taken back, and keeps the fine said after it', async () => {
    const area = await say('上报 案号富林罚〔2026〕68号 当事人钱某 违法事实 擅自占用林地 面积：12亩，不对，是21亩 罚款十万元');
    expect(area).toContain('面积：21 亩');
    expect(area).toContain('罚款：100000 元');
    expect(area).not.toContain('12 亩');
    const fine = await say('上报 案号富林罚〔2026〕52号 当事人孙某 违法事实 擅自占用林地 处罚决定：罚款三十万元，不对，是罚款二十万元');
    expect(fine).toContain('罚款：200000 元');
    expect(fine).not.toContain('三十万');
    const paid = await say('上报 案号富林罚〔2026〕82号 当事人李某 违法事实 擅自占用林地 罚款2万元 已缴纳，不对，还没缴');
    expect(paid).toContain('缴纳情况：未缴纳');
    expect([(await stored('富林罚〔2026〕68号'))?.areaMu, (await stored('富林罚〔2026〕68号'))?.fineYuan]).toEqual([21, 100_000]);
    expect((await stored('富林罚〔2026〕52号'))?.fineYuan).toBe(200_000);
    expect((await stored('富林罚〔2026〕82号'))?.finePaid).toBe(false);
  });

  it('asks for a value taken back with nothing in its place, records nothing until answered', async () => {
    const asked = await say('上报 案号富林罚〔2026〕83号 当事人周某 违法事实 擅自占用林地 面积12亩，不对');
    expect(asked).toContain('没有写出正确的内容');
    expect(asked).toContain('请直接回复正确的面积');
    expect(await stored('富林罚〔2026〕83号')).toBeNull();
    expect(await say('21亩')).toContain('面积：21 亩');
    expect((await stored('富林罚〔2026〕83号'))?.areaMu).toBe(21);
  });

  it('records a payment of part of the fine said in words as not paid in full', async () => {
    await say('上报 案号富林罚〔2026〕51号 当事人王某某 违法事实 未经批准擅自砍伐林木十五立方米 毁坏林地三亩半 处罚决定 罚款两万五千元 责令补种树木 已缴纳一半');
    await say('上报 案号富林罚〔2026〕81号 当事人吴某 违法事实 擅自占用林地 罚款2万元 已交了五千 剩下的分期');
    const answer = await say('上报 案号富林罚〔2026〕84号 当事人冯某 违法事实 擅自占用林地 罚款2万元，已交了五千');
    expect(answer).toContain('缴纳情况：部分缴纳');
    for (const number of ['51', '81', '84']) expect((await stored(`富林罚〔2026〕${number}号`))?.finePaid, number).toBe(false);
    await say('上报 案号富林罚〔2026〕85号 当事人陈某 违法事实 擅自占用林地 罚款2万元 已缴纳');
    const corrected = await say('更正 富林罚〔2026〕85号 缴纳情况 已缴一半');
    expect(corrected).toContain('已更正案件');
    expect((await stored('富林罚〔2026〕85号'))?.finePaid).toBe(false);
  });

  it('reads labels glued to their values with only spaces between the fields', async () => {
    const answer = await say('上报 案号富林罚〔2026〕65号 当事人郑某 违法事实擅自占用林地12亩 面积十二亩 罚款二十四万 两成已缴');
    expect(answer).toContain('已登记行政执法案件');
    const record = await stored('富林罚〔2026〕65号');
    expect([record?.party, record?.facts, record?.areaMu, record?.fineYuan, record?.finePaid]).toEqual(['郑某', '擅自占用林地12亩', 12, 240_000, false]);
    const corrected = await say('更正 富林罚〔2026〕65号 当事人钱某某 罚款10万');
    expect(corrected).toContain('钱某某');
    expect([(await stored('富林罚〔2026〕65号'))?.party, (await stored('富林罚〔2026〕65号'))?.fineYuan]).toEqual(['钱某某', 100_000]);
  });

  it('never drops a fine said after another field', async () => {
    await say('上报 案号富林罚〔2026〕72号 当事人沈某 违法事实：擅自占用林地 处罚决定罚款两万元');
    expect((await stored('富林罚〔2026〕72号'))?.fineYuan).toBe(20_000);
    const corrected = await say('更正 富林罚〔2026〕72号 面积21亩 罚款十万元');
    expect(corrected).toContain('21 亩');
    expect(corrected).toContain('100,000 元');
    const other = await say('更正 富林罚〔2026〕72号 面积：22亩，另罚款十万元');
    expect(other).toContain('没有更正：\n· 另罚款十万元');
  });

  it('asks which is the fine when the decision names two, and files the answer as the fine', async () => {
    const asked = await say('上报 案号富林罚〔2026〕73号 当事人韩某 违法事实：擅自占用林地 处罚决定：罚款三万元，并处罚款两万元');
    expect(asked).toContain('没有看出哪个是这件案件的罚款');
    expect(await stored('富林罚〔2026〕73号')).toBeNull();
    expect(await say('3万元')).toContain('罚款：30000 元');
    const record = await stored('富林罚〔2026〕73号');
    expect([record?.fineYuan, record?.decision]).toEqual([30_000, '罚款三万元，并处罚款两万元']);
  });

  it('keeps a case number sent alone and asks for the rest', async () => {
    const asked = await say('上报 案号富林罚〔2026〕61号');
    expect(asked).toContain('请补充当事人、违法事实');
    expect(asked).not.toContain('没有记录：\n· 案号');
    await say('当事人：富阳某竹木加工厂\n违法事实：无证收购加工木材二十立方米，罚款一万二');
    expect((await stored('富林罚〔2026〕61号'))?.fineYuan).toBe(12_000);
  });

  it('takes a free-text answer to the question for 违法事实 rather than dropping the report unsaid', async () => {
    expect(await say('上报 案号富林罚〔2026〕66号 当事人郑某')).toContain('请补充违法事实');
    const answer = await say('违法事实在上面写了啊，擅自占用林地12亩');
    expect(answer).toContain('已登记行政执法案件');
    expect((await stored('富林罚〔2026〕66号'))?.facts).toBe('擅自占用林地12亩');
  });
});
