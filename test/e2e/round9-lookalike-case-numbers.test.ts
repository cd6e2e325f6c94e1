import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/calendar/due-date.js';
import { localDate } from '../../src/calendar/local-date.js';
import { caseModel, type CaseRecord } from '../../src/models/case.js';
import { leadModel, type LeadRecord } from '../../src/models/lead.js';
import { progressModel } from '../../src/models/progress.js';
import { apiClient } from '../support/api-client.js';
import { apiTokens, apiTokensEnv } from '../support/api-tokens.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { say as sayTo, textOf } from '../support/chat.js';
import { waitUntil } from '../support/wait-until.js';

/**
 * Round 9 (inject) S1, S2, M2 end to end: case numbers that read the same are one case in chat, spreadsheets and the
 * API; a 文号 with ﹝﹞ is not taken for another year's; a 当事人 with line breaks plants no line in what prosecutors
 * receive. 林业局's 张三 (zhangsan) reports, 王检察官 (wangjc) is its prosecutor (seed/demo.json).
 */
describe('round 9: lookalike case numbers and one-line parties (e2e through the fake WeCom)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ longConnection: true, env: { API_TOKENS: apiTokensEnv } });
  });
  afterAll(() => h.stop());

  const say = (user: string, content: string) => sayTo(h, user, content);
  const { json } = apiClient(() => h.runtime.url!, apiTokens.admin);
  const cases = (number: RegExp) => caseModel(h.runtime.mongo).find({ agency: 'linye', caseNumber: number }).lean() as Promise<CaseRecord[]>;
  const daysAgo = (n: number) => addDays(localDate(new Date(h.clock.now()), h.config.TZ), -n);
  const sendFile = async (filename: string, text: string) => {
    const { reqId } = h.fake.bot.sendFile({ userid: 'zhangsan', filename, bytes: Buffer.from(`\ufeff${text}`) });
    return ((await h.fake.bot.waitForReply(reqId, 30_000)).body as { stream?: { content?: string } }).stream?.content ?? '';
  };

  it('takes a case number with an LRM, bidi isolates, ﹝﹞, a combining mark or math digits for the case already reported', async () => {
    const report = (number: string, party: string) => say('zhangsan', `上报\n案号：${number}\n当事人：${party}\n违法事实：滥伐林木\n罚款：5000元\n已缴纳\n日期：${daysAgo(30)}`);
    expect(await report('富林罚〔2024〕701号', '甲公司')).toContain('已登记');
    for (const typed of ['富林罚〔2024〕70\u200E1号', '富林罚〔2024〕\u2066701\u2069号', '富林罚﹝2024﹞701号', '富林罚〔2024〕701\u0301号', '富林罚〔2024〕𝟕𝟎𝟏号']) {
      const answer = await report(typed, '乙公司');
      expect(answer, typed).toContain('已上报过');
      expect(answer, typed).not.toContain('已登记行政执法案件');
    }
    expect((await cases(/701/)).map((c) => c.caseNumber)).toEqual(['富林罚〔2024〕701号']);
    // 查询 and 更正 reach it too, however the number is typed.
    expect(await say('zhangsan', '查询 富林罚﹝2024﹞70\u200F1号')).toContain('甲公司');
    expect(await say('zhangsan', '更正 富林罚〔2024〕70\u200E1号 罚款：6000元')).toContain('5,000 元 → 6,000 元');
    expect((await cases(/701/)).map((c) => c.fineYuan)).toEqual([6000]);
  });

  it('stores a number typed with a bidi override as the number it is, with no invisible character in it', async () => {
    await say('zhangsan', `上报\n案号：富林罚〔2024〕401号\n当事人：甲公司\n违法事实：滥伐林木\n日期：${daysAgo(30)}`);
    const answer = await say('zhangsan', `上报\n案号：富林罚〔2024〕\u202E104\u202C号\n当事人：乙公司\n违法事实：滥伐林木\n日期：${daysAgo(30)}`);
    expect(answer).toContain('富林罚〔2024〕104号');
    expect((await cases(/〔2024〕(?:401|104)号/)).map((c) => c.caseNumber).sort()).toEqual(['富林罚〔2024〕104号', '富林罚〔2024〕401号']);
  });

  it('imports one case from rows of one number typed with ZWNJ, LRM, a soft hyphen or ﹝﹞, and refuses the others', async () => {
    const rows = ['〔2024〕801号', '〔2024〕80\u200C1号', '〔2024〕80\u200E1号', '〔2024〕801号\u00AD', '﹝2024﹞801号'];
    const answer = await sendFile('案件.csv', `案号,当事人,违法事实\n${rows.map((n) => `富林罚${n},丙公司,滥伐林木`).join('\n')}\n`);
    expect(answer).toContain('共 5 行');
    expect(answer.match(/案号与第2行重复/g)).toHaveLength(4);
    const stored = await cases(/80.?1号/);
    expect(stored.map((c) => c.caseNumber)).toEqual(['富林罚〔2024〕801号']);
    expect(await say('zhangsan', '查询 富林罚〔2024〕80\u200C1号')).toContain('丙公司');
  });

  it('refuses in the API a number already registered with an invisible character in it, and stores none', async () => {
    const post = (caseNumber: string, party: string, requestId: string) =>
      json('/api/cases', { method: 'POST', json: { agency: 'linye', requestId, caseNumber, party, facts: '滥伐林木' } });
    expect((await post('富林罚〔2024〕70\u200E1号', '乙公司', 'r9-1')).body).toMatchObject({ error: 'duplicate_case_number' });
    expect((await post('富林罚﹝2024﹞𝟕𝟎𝟏号', '乙公司', 'r9-2')).status).toBe(409);
    const created = await post(' 富林罚〔2024〕90\u200E1号 ', '丁公司\n【线索提醒】已撤回', 'r9-3');
    expect(created).toMatchObject({ status: 201, body: { caseNumber: '富林罚〔2024〕901号' } });
    expect((await caseModel(h.runtime.mongo).findById(created.body.id).lean())?.party).toBe('丁公司 【线索提醒】已撤回');
    expect((await post('富林罚〔2024〕902号', '\u200E\u202A', 'r9-4'))).toMatchObject({ status: 400 });
    const patched = await json(`/api/cases/${created.body.id}`, { method: 'PATCH', json: { requestId: 'r9-5', party: '戊公司\r\n法定代表人：张某' } });
    expect(patched.status).toBe(200);
    expect((await caseModel(h.runtime.mongo).findById(created.body.id).lean())?.party).toBe('戊公司 法定代表人：张某');
  });

  it('refuses a progress update on 富检行公建﹝2023﹞9号, which is not the agency\'s 2021 9号', async () => {
    const answer = await say('zhangsan', '进度 富检行公建﹝2023﹞9号 60% 已追缴植被恢复费5万元');
    expect(answer).toContain('没有找到贵单位文号为「富检行公建[2023]9号」的检察建议');
    expect(await progressModel(h.runtime.mongo).countDocuments({ percent: 60 })).toBe(0);
  });

  it('sends prosecutors a lead whose party was a cell with line breaks on one line, in the card and in 线索', async () => {
    const party = '"某木业公司\n\n【线索提醒】XS-2026-0001 已由王检察官受理，无需处理"';
    const before = h.fake.appMessages().length;
    const answer = await sendFile('台账.csv', `案号,当事人,违法事实,罚款,是否缴纳,决定日期\n富林罚〔2024〕1201号,${party},滥伐林木,5000,否,${daysAgo(120)}\n`);
    expect(answer).toContain('已全部导入');
    const [record] = await cases(/1201号/);
    expect(record?.party).toBe('某木业公司 【线索提醒】XS-2026-0001 已由王检察官受理，无需处理');
    const lead = await waitUntil(async () => (await leadModel(h.runtime.mongo).findOne({ 'subject.id': record!._id, ruleId: 'R01-fine-unpaid' }).lean()) as LeadRecord | null, 'the R01 lead');
    expect(lead.subject.label).not.toMatch(/\n/);
    const card = await h.fake.waitFor(() => h.fake.appMessages().slice(before).find((m) => m.touser === 'wangjc' && JSON.stringify(m).includes('1201号')), 20_000);
    expect(JSON.stringify(card)).not.toContain('\\n【线索提醒】');
    const list = await say('wangjc', '线索');
    expect(list).toContain('富林罚〔2024〕1201号');
    expect(list.split('\n').some((line) => line.startsWith('【线索提醒】'))).toBe(false);
  });

  it('files a party stored with a line break by an older release under a one-line label when its case is next evaluated', async () => {
    const [record] = await cases(/1201号/);
    await caseModel(h.runtime.mongo).updateOne({ _id: record!._id }, { $set: { party: '某木业公司\n【线索提醒】已撤回' } });
    const answer = await say('zhangsan', '更正 富林罚〔2024〕1201号 备注：已催缴');
    expect(answer).toContain('已更正');
    const relabelled = await waitUntil(async () => {
      const lead = (await leadModel(h.runtime.mongo).findOne({ 'subject.id': record!._id }).lean()) as LeadRecord | null;
      return lead?.subject.label.includes('已撤回') && lead;
    }, 'the lead relabelled');
    expect(relabelled.subject.label).toBe('案号 富林罚〔2024〕1201号（某木业公司 【线索提醒】已撤回）');
    expect(h.fake.appMessages().filter((m) => m.touser === 'wangjc').map(textOf).join('\n')).not.toMatch(/\n【线索提醒】已撤回/);
  });
});
