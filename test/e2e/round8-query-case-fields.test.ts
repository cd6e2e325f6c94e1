import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';

/** A UTF-8 CSV with a BOM, as Excel's “CSV UTF-8” saves one. */
const csv = (...lines: string[]): Buffer => Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`);

describe('查询 <案号> shows every field a 更正 can change, as recorded', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ longConnection: true });
  });
  afterAll(() => h.stop());

  const textOf = (body: unknown) => (body as { stream?: { content?: string } }).stream?.content ?? JSON.stringify(body);
  async function say(content: string): Promise<string> {
    const { reqId } = h.fake.bot.sendText({ userid: 'zhangsan', content });
    return textOf((await h.fake.bot.waitForReply(reqId, 20_000)).body);
  }
  /** The answer's lines between its heading and the corrections note / how to correct it. */
  const fieldLines = (answer: string) => answer.split('\n').slice(1).filter((l) => !/^已更正|^如记录有误/.test(l));

  it('shows the corrected 面积, the legal basis and the decision date, and which field the last 更正 changed', async () => {
    await say('上报 案号：富林罚〔2026〕871号 当事人：郑某 违法事实：擅自开垦林地 面积：6亩 罚款：1万元 决定日期：2026年1月13日 法律依据：森林法第七十四条');
    expect(await say('更正 富林罚〔2026〕871号 面积：8亩')).toContain('面积：6 亩 → 8 亩');
    const answer = await say('查询 富林罚〔2026〕871号');
    expect(answer.split('\n')[0]).toMatch(/^案件 富林罚〔2026〕871号（\d{4}\/\d{1,2}\/\d{1,2} 上报）$/);
    expect(fieldLines(answer)).toEqual([
      '当事人：郑某',
      '违法事实：擅自开垦林地',
      '面积：8 亩',
      '法律依据：森林法第七十四条',
      '罚款：10,000 元，缴纳情况：未记录',
      '决定日期：2026-01-13',
      '领域：生态环境和资源保护',
      '结案情况：未记录结案',
    ]);
    expect(answer).toMatch(/已更正 1 次，最近一次 .+（面积）。/);
  });

  it('shows the filing date, case type, decision, enforcement and campaign of an imported case, and 未记录 for a missing legal basis or date', async () => {
    const { reqId } = h.fake.bot.sendFile({ userid: 'zhangsan', filename: '台账.csv', bytes: csv(
      '案号,案件类型,当事人,违法事实,违法行为,处罚决定,罚款,是否缴纳,是否执行,立案日期,决定日期,法律依据,专项,备注',
      '富林罚〔2026〕872号,处罚,某林场,滥伐林木5立方米,滥伐林木,责令补种并处罚款3000元,3000,否,是,2026-01-02,2026-01-20,森林法第七十六条,"两山"清理,已告知陈述申辩权利',
      '富林罚〔2026〕873号,,严某,擅自采挖野生植物,,,,,,,,,,',
    ) });
    expect(textOf((await h.fake.bot.waitForReply(reqId, 30_000)).body)).toBe('《台账.csv》共 2 行，已全部导入，共 2 件。');
    expect(fieldLines(await say('查询 富林罚〔2026〕872号'))).toEqual([
      '案件类型：处罚',
      '当事人：某林场',
      '违法事实：滥伐林木5立方米',
      '违法行为：滥伐林木',
      '法律依据：森林法第七十六条',
      '处罚决定：责令补种并处罚款3000元',
      '罚款：3,000 元，缴纳情况：未缴纳，执行情况：已执行',
      '立案日期：2026-01-02，决定日期：2026-01-20',
      '领域：生态环境和资源保护，专项：两山清理',
      '结案情况：未记录结案',
      '备注：已告知陈述申辩权利',
    ]);
    expect(fieldLines(await say('查询 富林罚〔2026〕873号'))).toEqual([
      '当事人：严某',
      '违法事实：擅自采挖野生植物',
      '法律依据：未记录',
      '罚款：未记录，缴纳情况：未记录',
      '决定日期：未记录',
      '领域：生态环境和资源保护',
      '结案情况：未记录结案',
    ]);
  });
});
