import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../src/calendar/local-date.js';
import { caseModel } from '../../src/models/case.js';
import { leadModel } from '../../src/models/lead.js';
import { progressModel } from '../../src/models/progress.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { waitUntil } from '../support/wait-until.js';

/** A UTF-8 CSV with a BOM, as Excel's “CSV UTF-8” saves one. */
const csv = (...lines: string[]): Buffer => Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`);
const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));

describe('上报 by spreadsheet: ledger layouts as agencies keep them', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ longConnection: true });
  });
  afterAll(() => h.stop());

  /** Sends a file as `userid` over the long connection and returns the bot's reply text. */
  async function sendSheet(filename: string, bytes: Buffer, userid = 'zhangsan'): Promise<string> {
    const { reqId } = h.fake.bot.sendFile({ userid, filename, bytes });
    const reply = await h.fake.bot.waitForReply(reqId, 30_000);
    return (reply.body as { stream?: { content?: string } }).stream?.content ?? '';
  }

  const stored = (caseNumber: string) => caseModel(h.runtime.mongo).findOne({ agency: 'linye', caseNumber }).lean();

  it('takes the party from 当事人, not from a 单位 column naming the agency, and raises no repeat-offence lead against it', async () => {
    const reply = await sendSheet('林业局简表.csv', csv(
      '序号,单位,案号,当事人,违法事实,罚款,决定日期',
      '1,富阳区林业局,富林罚〔2026〕301号,陈某,非法占用林地2亩,100000,2026-02-01',
      '2,富阳区林业局,富林罚〔2026〕302号,林某,滥伐林木5立方米,8000,2026-03-01',
      '3,富阳区林业局,富林罚〔2026〕303号,黄某,擅自开垦林地1亩,6000,2026-04-01',
    ));
    expect(reply).toBe(['《林业局简表.csv》共 3 行，已全部导入，共 3 件。', '未读取「单位」列（已按「当事人」列读取）。'].join('\n'));
    expect((await stored('富林罚〔2026〕301号'))?.party).toBe('陈某');
    expect((await stored('富林罚〔2026〕303号'))?.party).toBe('黄某');
    const ids = (await caseModel(h.runtime.mongo).find({ agency: 'linye', caseNumber: /^富林罚〔2026〕30[123]号$/ }).lean()).map((c) => c._id);
    expect(ids).toHaveLength(3);
    // 301's large fine without a hearing notice raises R07 in the same evaluation that would raise R03 on a shared party.
    const first = (await stored('富林罚〔2026〕301号'))!._id;
    await waitUntil(() => leadModel(h.runtime.mongo).findOne({ 'subject.id': first, ruleId: /^R07/ }).lean(), 'R07 on 301', 20_000);
    expect(await leadModel(h.runtime.mongo).countDocuments({ 'subject.id': { $in: ids }, ruleId: /^R03/ })).toBe(0);
  });

  it('reads the fine, payment and area under a merged 罚款情况 header, so an unpaid 10万元 fine without a hearing raises R07', async () => {
    const reply = await sendSheet('林业局2026年处罚台账.xlsx', fixture('ledger-two-row-header.xlsx'));
    expect(reply.split('\n')[0]).toBe('《林业局2026年处罚台账.xlsx》共 3 行，已全部导入，共 3 件。');
    expect(reply).not.toContain('罚款情况');
    const unpaid = await stored('富林罚〔2026〕107号');
    expect(unpaid).toMatchObject({ party: '冯某', fineYuan: 100_000, finePaid: false, areaMu: 3 });
    expect(await stored('富林罚〔2026〕105号')).toMatchObject({ fineYuan: 3400, finePaid: true, areaMu: 0.5 });
    await waitUntil(() => leadModel(h.runtime.mongo).findOne({ 'subject.id': unpaid!._id, ruleId: /^R07/ }).lean(), 'R07 on 107', 20_000);
  });

  it('keeps 备注 where the rules read it and records 是否结案: no hearing lead once 已告知听证权利 is noted, no re-inspection lead on a closed case', async () => {
    const reply = await sendSheet('备注与结案.csv', csv(
      '案号,当事人,违法事实,处罚决定,罚款,决定日期,是否结案,备注',
      '富林罚〔2026〕401号,褚某,未经批准占用林地3亩建设厂房,罚款10万元,100000,2026-07-01,否,已告知听证权利，当事人未申请',
      '富林罚〔2026〕402号,卫某,未经批准占用林地3亩建设仓库,罚款10万元,100000,2026-07-01,否,',
      '富林罚〔2026〕403号,蒋某,擅自开垦林地1亩,责令限期恢复植被,,2026-06-01,是,已复查',
      '富林罚〔2026〕404号,沈某,擅自开垦林地1亩种茶,责令限期恢复植被,,2026-06-01,否,',
    ));
    expect(reply).toBe('《备注与结案.csv》共 4 行，已全部导入，共 4 件。');
    const [heard, unheard, closed, open] = await Promise.all(['401', '402', '403', '404'].map((n) => stored(`富林罚〔2026〕${n}号`)));
    expect(heard).toMatchObject({ note: '已告知听证权利，当事人未申请', status: 'open' });
    expect(closed).toMatchObject({ note: '已复查', status: 'closed' });
    const leads = leadModel(h.runtime.mongo);
    // The twin rows raise their leads in the same evaluations; once those are in, the noted and closed ones have none.
    await waitUntil(() => leads.findOne({ 'subject.id': unheard!._id, ruleId: /^R07/ }).lean(), 'R07 on 402', 20_000);
    await waitUntil(() => leads.findOne({ 'subject.id': open!._id, ruleId: /^R02/ }).lean(), 'R02 on 404', 20_000);
    expect(await leads.countDocuments({ 'subject.id': heard!._id, ruleId: /^R07/ })).toBe(0);
    expect(await leads.countDocuments({ 'subject.id': closed!._id, ruleId: /^R02/ })).toBe(0);
  });

  it('imports the cases of every worksheet, says which were read, and registers none twice when the workbook comes again', async () => {
    const bytes = fixture('ledger-by-half-year.xlsx');
    const sheets = '共读取 2 个工作表：「2026年1-6月」「2026年7-12月」。';
    expect(await sendSheet('林业局2026分季度.xlsx', bytes)).toBe(['《林业局2026分季度.xlsx》共 4 行，已全部导入，共 4 件。', sheets].join('\n'));
    for (const n of ['701', '702', '703', '704']) expect((await stored(`富林罚〔2026〕${n}号`))?.caseNumber).toBe(`富林罚〔2026〕${n}号`);
    expect((await stored('富林罚〔2026〕703号'))?.sourceId).toMatch(/#sheet2#row2$/);
    h.clock.advance(1000);
    expect(await sendSheet('林业局2026分季度.xlsx', bytes)).toBe(['《林业局2026分季度.xlsx》共 4 行，此前均已导入，本次未重复登记。', sheets].join('\n'));
    expect(await caseModel(h.runtime.mongo).countDocuments({ agency: 'linye', caseNumber: /^富林罚〔2026〕70[1-4]号$/ })).toBe(4);
  });

  it('imports a case table behind a 填表说明 page as cases, not as evidence of the update the sender just reported', async () => {
    const ref = '富检行公建〔2021〕9号';
    h.clock.advance(1000);
    const progress = await h.fake.bot.waitForReply(h.fake.bot.sendText({ userid: 'zhangsan', content: `进度 ${ref} 50% 已追缴植被恢复费10万元` }).reqId, 20_000);
    expect(JSON.stringify(progress.body)).toContain('已记录');
    h.clock.advance(1000);
    expect(await sendSheet('11月案件报送.xlsx', fixture('ledger-with-cover.xlsx'))).toBe(
      ['《11月案件报送.xlsx》共 2 行，已全部导入，共 2 件。', '未读取的工作表：「填表说明」（没有案件表格）。'].join('\n'),
    );
    expect((await stored('富林罚〔2026〕901号'))?.party).toBe('周某');
    const update = await progressModel(h.runtime.mongo).findOne({ recommendation: /〔2021〕9号|\[2021\]9号/ }).sort({ createdAt: -1 }).lean();
    expect(update?.evidence).toEqual([]);
  });

  it('refuses a row dated after today or decided before it was filed, storing neither, as the API refuses them', async () => {
    const today = localDate(new Date(h.clock.now()), h.config.TZ);
    const tomorrow = localDate(new Date(h.clock.now() + 86_400_000), h.config.TZ);
    const reply = await sendSheet('日期有误.csv', csv(
      '案号,当事人,违法事实,立案日期,决定日期',
      `富林罚〔2026〕110号,秦某,非法占用林地1亩,2026-01-05,${tomorrow}`,
      '富林罚〔2026〕711号,尤某,滥伐林木2立方米,2026-05-10,2026-03-01',
      '富林罚〔2026〕712号,许某,擅自开垦林地0.3亩,2026-02-01,2026-02-20',
    ));
    expect(reply).toBe([
      '《日期有误.csv》共 3 行：已导入 1 件，2 行未导入：',
      `第 2 行：决定日期“${tomorrow}”晚于今天（${today}）`,
      '第 3 行：决定日期不能早于立案日期（立案 2026-05-10，决定 2026-03-01）',
      '请改正以上各行后，只发送这些行（已导入的不必重发）。',
    ].join('\n'));
    expect(await stored('富林罚〔2026〕110号')).toBeNull();
    expect(await stored('富林罚〔2026〕711号')).toBeNull();
    expect((await stored('富林罚〔2026〕712号'))?.party).toBe('许某');
  });

  it('registers no row under the 字号 of another agency\'s cases until one such case is confirmed by 上报', async () => {
    // seed/demo.json's 市场监管局 case is 富市监罚〔2026〕21号: 富市监罚 is theirs.
    const sheet = csv('案号,当事人,违法事实', '富市监罚〔2026〕801号,韩某,滥伐林木1立方米', '富林罚〔2026〕802号,杨某,滥伐林木2立方米');
    const reply = await sendSheet('混入他单位案号.csv', sheet);
    expect(reply).toContain('第 2 行：案号字号「富市监罚」此前只用于富阳区市场监管局的案件，未登记；如确是贵单位的案件，请先用「上报」发送其中一件并回复「确认」，再发送表格');
    expect(await stored('富市监罚〔2026〕801号')).toBeNull();
    expect((await stored('富林罚〔2026〕802号'))?.party).toBe('杨某');
  });

  it('accepts amounts written as on a decision (8000元整, 人民币壹万肆仟元整, 3000（元）) and payment in ledger words', async () => {
    const reply = await sendSheet('缴纳情况.csv', csv(
      '案号,当事人,违法事实,罚款,缴纳情况',
      '富林罚〔2026〕521号,何某,非法占用林地1亩,8000元整,尚未缴纳',
      '富林罚〔2026〕522号,吕某,滥伐林木6立方米,人民币壹万肆仟元整,部分缴纳',
      '富林罚〔2026〕523号,施某,擅自开垦林地0.4亩,3000（元）,已缴纳',
      '富林罚〔2026〕524号,张某某,未按规定办理林木采伐许可（警告）,,不适用',
    ));
    expect(reply).toBe('《缴纳情况.csv》共 4 行，已全部导入，共 4 件。');
    expect(await stored('富林罚〔2026〕521号')).toMatchObject({ fineYuan: 8000, finePaid: false });
    const partly = await stored('富林罚〔2026〕522号');
    // Not paid in full is recorded as not paid, and the words stay on the case's creation, as chat 上报 keeps them.
    expect(partly).toMatchObject({ fineYuan: 14_000, finePaid: false });
    expect(partly?.history[0]).toMatchObject({ action: 'created', detail: { payment: '部分缴纳' } });
    expect(await stored('富林罚〔2026〕523号')).toMatchObject({ fineYuan: 3000, finePaid: true });
    expect((await stored('富林罚〔2026〕524号'))?.finePaid).toBeUndefined();
  });
});
