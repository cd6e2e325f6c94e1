/**
 * What the admin API shows agrees with the chat and the statistics, over HTTP against the real services: a
 * recommendation replied to in writing carries no overdue light, a transferred lead is shown as the kind it ends
 * as, a lead is found by its number, and an agency admin's statistics carry no lead figure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { localDate } from '../../src/calendar/local-date.js';
import { indexLead } from '../../src/leads/lead-index.js';
import { caseModel } from '../../src/models/case.js';
import { leadModel, type LeadRecord } from '../../src/models/lead.js';
import { recommendationModel, type RecommendationRecord } from '../../src/models/recommendation.js';
import { apiTokens, apiTokensEnv } from '../support/api-tokens.js';
import { say as sayTo } from '../support/chat.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON answers

const replied = '富检行公建[2026]901号';
const owing = '富检行公建[2026]902号';
const awaiting = '富检行公建[2026]903号';
/** Replied 28 days after its due date. */
const late = '富检行公建[2026]904号';
/** Replied at 01:00 Beijing time the day after its due date: still its due date in UTC, late by the local date. */
const lateAtNight = '富检行公建[2026]905号';
/** Reported done by chat, the written reply 5 days late. */
const awaitingLate = '富检行公建[2026]906号';
const dueSoon = '富检行公建[2026]907号';
const dueLater = '富检行公建[2026]908号';

describe('admin API states agree with the chat and the statistics (e2e over HTTP)', () => {
  let h: BotHarness;
  let today = '';
  const daysFromToday = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000);
  /** A 不规范执法 lead on a 林业局 case that a prosecutor transferred to the supervisory commission. */
  const lead = { id: '', number: 'XS-2025-0093' };

  beforeAll(async () => {
    h = await startBotHarness({ env: { API_TOKENS: apiTokensEnv } });
    const mongo = h.runtime.mongo;
    const now = new Date(h.clock.now());
    today = localDate(now, 'Asia/Shanghai');
    const rec = (ref: string, serial: number, fields: Partial<RecommendationRecord>) => ({
      _id: ref, ref, refPrefix: '富检行公建', refYear: 2026, refSerial: serial, agency: 'linye', title: `测试建议${serial}`, requirements: '依法整改',
      issuedOn: daysFromToday(-40), receivedOn: daysFromToday(-30), dueOn: daysFromToday(-7), status: 'rectifying' as const, percent: 40, history: [], ...fields,
    });
    const hours = (date: Date, h: number) => new Date(date.getTime() + h * 3600_000);
    await recommendationModel(mongo).create([
      rec(replied, 901, { repliedAt: daysFromToday(-10), replyPoints: '已制定整改方案' }),
      rec(owing, 902, {}),
      rec(awaiting, 903, { status: 'completed', percent: 100, completedAt: daysFromToday(-2) }),
      rec(late, 904, { dueOn: daysFromToday(-30), repliedAt: hours(daysFromToday(-2), 6), replyPoints: '已整改' }),
      rec(lateAtNight, 905, { dueOn: daysFromToday(-20), repliedAt: hours(daysFromToday(-20), 17), replyPoints: '已整改' }),
      rec(awaitingLate, 906, { status: 'completed', percent: 100, dueOn: daysFromToday(-9), repliedAt: daysFromToday(-4), completedAt: daysFromToday(-2) }),
      rec(dueSoon, 907, { dueOn: daysFromToday(3) }),
      rec(dueLater, 908, { dueOn: daysFromToday(30) }),
    ]);
    const linyeCase = (await caseModel(mongo).findOne({ agency: 'linye' }).lean())!;
    lead.id = `case:${linyeCase._id}:R98-test`;
    const base = { ruleVersion: 1, explanation: '执法程序不规范', values: [], legalBasis: '《行政处罚法》', createdAt: now, history: [] };
    const records: LeadRecord[] = [
      { ...base, _id: lead.id, number: lead.number, kind: 'irregular', ruleId: 'R98-test', title: '处罚决定未载明救济途径',
        subject: { kind: 'case', id: linyeCase._id, label: linyeCase.caseNumber, agency: 'linye', campaign: '仅有线索的专项' },
        status: 'supervision', decision: { action: 'supervision', by: 'wangjc', byName: '王检察官', at: now } },
    ];
    // Filed under its case as the rules file every lead they raise, so the case detail reads it by _id.
    for (const record of records) await indexLead(mongo, record.subject, record._id);
    await leadModel(mongo).create(records);
  });
  afterAll(() => h.stop());

  const call = (path: string, token: string = apiTokens.prosecutor) => fetch(`${h.runtime.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const json = async (path: string, token?: string) => {
    const response = await call(path, token);
    return { status: response.status, body: (await response.json()) as Json };
  };
  const sheetOf = async (path: string, token?: string) => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await (await call(path, token)).arrayBuffer()) as unknown as ExcelJS.Buffer);
    return workbook;
  };
  /** The rows of a sheet as objects keyed by the header titles. */
  const rowsOf = (sheet: ExcelJS.Worksheet) => {
    const titles = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    return Array.from({ length: sheet.rowCount - 1 }, (_, i) => Object.fromEntries(titles.map((t, c) => [t, sheet.getRow(i + 2).getCell(c + 1).value])));
  };

  describe('deadline lights follow the chat rule', () => {
    it('shows a recommendation replied to in writing on the board without a light, with its reply date', async () => {
      const board = await json('/api/board?pageSize=200&agency=linye');
      const row = board.body.items.find((r: Json) => r.ref === replied);
      expect(row).toMatchObject({ light: 'none', daysLeft: null, repliedOn: localDate(daysFromToday(-10), 'Asia/Shanghai'), deadlineState: `已于 ${localDate(daysFromToday(-10), 'Asia/Shanghai')} 书面回复` });
      expect(board.body.items.find((r: Json) => r.ref === owing)).toMatchObject({ light: 'red', daysLeft: -7, repliedOn: null, deadlineState: '已逾期 7 天' });
      const red = await json('/api/board?pageSize=200&light=red');
      expect(red.body.items.map((r: Json) => r.ref)).toContain(owing);
      expect(red.body.items.map((r: Json) => r.ref)).not.toContain(replied);
    });

    it('marks an urgent recommendation (15 days to reply) on the board, for its 紧急 tag', async () => {
      const board = await json('/api/board?pageSize=200');
      expect(board.body.items.find((r: Json) => r.ref === '富检行公建[2021]21号')).toMatchObject({ urgent: true });
      expect(board.body.items.find((r: Json) => r.ref === owing)).toMatchObject({ urgent: false });
    });

    it('says the same in the list, the detail and the board export', async () => {
      const list = await json(`/api/recommendations?q=${encodeURIComponent('富检行公建[2026]90')}&pageSize=200`);
      const byRef = new Map(list.body.items.map((r: Json) => [r.ref, r]));
      expect(byRef.get(replied)).toMatchObject({ light: 'none', daysLeft: null });
      // Reported done by chat, no written reply: the reply is still owed, so its light and countdown stay; the state
      // says so without the due date and days left again, which are the columns before it.
      expect(byRef.get(awaiting)).toMatchObject({ light: expect.stringMatching(/^(red|yellow|green)$/), daysLeft: expect.any(Number), deadlineState: expect.stringMatching(/报完成，待检察官审核；尚未书面回复$/) });
      const detail = await json(`/api/recommendations/${encodeURIComponent('富检行公建〔2026〕901号')}`);
      expect(detail.body.recommendation).toMatchObject({ light: 'none', daysLeft: null, deadlineState: expect.stringContaining('书面回复') });
      const rows = rowsOf((await sheetOf('/api/board?format=xlsx&agency=linye')).worksheets[0]!);
      expect(rows.find((r) => r['文号'] === replied)).toMatchObject({ 灯: '—', 剩余天数: null, 期限情况: expect.stringContaining('书面回复') });
      expect(rows.find((r) => r['文号'] === owing)).toMatchObject({ 灯: '逾期', 剩余天数: -7 });
    });
  });

  describe('the light in the exports', () => {
    const expected = { [owing]: '逾期', [dueSoon]: '临期', [dueLater]: '正常', [replied]: '—' };

    it('is written in the dashboard legend\'s words in the board and list exports, while the JSON keeps its codes', async () => {
      for (const path of ['/api/board?agency=linye', `/api/recommendations?q=${encodeURIComponent('富检行公建[2026]90')}`]) {
        const rows = rowsOf((await sheetOf(`${path}&format=xlsx`)).worksheets[0]!);
        const lights = Object.fromEntries(rows.filter((r) => String(r['文号']) in expected).map((r) => [r['文号'], r['灯']]));
        expect(lights, path).toEqual(expected);
        const items = (await json(`${path}&pageSize=200`)).body.items as Json[];
        const codes = Object.fromEntries(items.filter((r) => r.ref in expected).map((r) => [r.ref, r.light]));
        expect(codes, path).toEqual({ [owing]: 'red', [dueSoon]: 'yellow', [dueLater]: 'green', [replied]: 'none' });
      }
    });
  });

  describe('a written reply after its due date', () => {
    const on = (date: Date) => localDate(date, 'Asia/Shanghai');

    it('says how late it came on the board, the list, the detail and the exports', async () => {
      const text = `逾期 28 天后于 ${on(daysFromToday(-2))} 书面回复`;
      const board = (await json('/api/board?pageSize=200&agency=linye')).body.items as Json[];
      expect(board.find((r) => r.ref === late)).toMatchObject({ light: 'none', daysLeft: null, repliedOn: on(daysFromToday(-2)), deadlineState: text });
      const list = (await json(`/api/recommendations?q=${encodeURIComponent(late)}`)).body.items as Json[];
      expect(list.map((r) => r.deadlineState)).toEqual([text]);
      expect((await json(`/api/recommendations/${encodeURIComponent(late)}`)).body.recommendation.deadlineState).toBe(text);
      for (const path of ['/api/board?format=xlsx&agency=linye', `/api/recommendations?format=xlsx&q=${encodeURIComponent(late)}`]) {
        expect(rowsOf((await sheetOf(path)).worksheets[0]!).find((r) => r['文号'] === late), path).toMatchObject({ 期限情况: text });
      }
    });

    it('compares the reply\'s local date in the configured time zone with the due date', async () => {
      const detail = (await json(`/api/recommendations/${encodeURIComponent(lateAtNight)}`)).body.recommendation;
      expect(detail).toMatchObject({ repliedOn: on(daysFromToday(-19)), deadlineState: `逾期 1 天后于 ${on(daysFromToday(-19))} 书面回复` });
    });

    it('says so beside a completion awaiting review', async () => {
      const detail = (await json(`/api/recommendations/${encodeURIComponent(awaitingLate)}`)).body.recommendation;
      expect(detail.deadlineState).toBe(`已于 ${on(daysFromToday(-2))} 报完成，待检察官审核；逾期 5 天后于 ${on(daysFromToday(-4))} 书面回复`);
    });

    it('reads the same in the chat\'s 查询 as in the API', async () => {
      const answer = await sayTo(h, 'zhangsan', `查询 ${late}`);
      expect(answer).toContain(`📝 ${late} 测试建议904\n    逾期 28 天后于 ${on(daysFromToday(-2))} 书面回复，`);
      expect(answer).not.toMatch(/已于 \S+ 书面回复/);
    });
  });

  describe('a transferred lead', () => {
    const shownAs = '职务犯罪线索（由不规范执法转）';

    it('is shown as the kind it ends as in the list, its export, its detail and the case detail', async () => {
      const list = await json('/api/leads?pageSize=200');
      expect(list.body.items.find((l: Json) => l.number === lead.number)).toMatchObject({ kindName: shownAs });
      const rows = rowsOf((await sheetOf('/api/leads?format=xlsx')).worksheets[0]!);
      expect(rows.find((r) => r['编号'] === lead.number)).toMatchObject({ 类型: shownAs });
      const detail = await json(`/api/leads/${encodeURIComponent(lead.id)}`);
      expect(detail.body.lead).toMatchObject({ kind: 'irregular', finalKind: 'duty_crime', kindName: shownAs });
      const caseId = lead.id.split(':')[1]!;
      expect((await json(`/api/cases/${caseId}`)).body.leads).toEqual(expect.arrayContaining([expect.objectContaining({ number: lead.number, kindName: shownAs })]));
    });

    it('is found by the kind filter of the kind it ends as, not the one it was raised as', async () => {
      expect((await json('/api/leads?pageSize=200&kind=duty_crime')).body.items.map((l: Json) => l.number)).toContain(lead.number);
      expect((await json('/api/leads?pageSize=200&kind=irregular')).body.items.map((l: Json) => l.number)).not.toContain(lead.number);
    });

    it('is found by its number as prosecutors type it, as well as by its id', async () => {
      for (const typed of [lead.number, 'xs-2025-0093', 'XS-2025-93', 'XS2025-93']) {
        const answer = await json(`/api/leads/${encodeURIComponent(typed)}`);
        expect(answer.status, typed).toBe(200);
        expect(answer.body.lead.id, typed).toBe(lead.id);
      }
      expect((await json('/api/leads/XS-2025-9999')).body.error).toBe('not_found');
      expect((await call(`/api/leads/${encodeURIComponent(lead.number)}`, apiTokens.linyeAdmin)).status).toBe(403);
    });
  });

  describe('an agency admin\'s statistics', () => {
    it('carry the case figures and no lead figure, nor a row that only leads made', async () => {
      const { body } = await json('/api/stats', apiTokens.linyeAdmin);
      expect(Object.keys(body.names)).toEqual(['casesEntered']);
      expect(Object.keys(body.total)).toEqual(['casesEntered']);
      expect(body.total.casesEntered).toBe(await caseModel(h.runtime.mongo).countDocuments({ agency: 'linye' }));
      for (const table of ['byDomain', 'byCampaign', 'byMonth']) {
        for (const row of body[table] as Json[]) expect(Object.keys(row).sort(), table).toEqual(['casesEntered', 'key']);
      }
      expect(body.byCampaign.map((r: Json) => r.key)).not.toContain('仅有线索的专项');
      const [summary, ...sheets] = (await sheetOf('/api/stats?format=xlsx', apiTokens.linyeAdmin)).worksheets;
      expect(rowsOf(summary!)).toEqual([{ 项目: '统计期间', 数值: '全部' }, { 项目: '执法单位', 数值: '富阳区林业局' }, { 项目: '录入执法案件', 数值: body.total.casesEntered }]);
      expect(sheets.map((s) => s.name)).toEqual(['按领域', '按专项', '按月份']);
      for (const sheet of sheets) expect((sheet.getRow(1).values as unknown[]).slice(1), sheet.name).toEqual([expect.any(String), '录入执法案件']);
    });

    it('state their period and totals on the export\'s first sheet, as the JSON has them', async () => {
      const periods = [['', '全部'], ['from=2020-01-01&to=2020-12-31', '2020-01-01 至 2020-12-31（按记录创建日期）'], [`from=${today}`, `${today} 起（按记录创建日期）`], [`to=${today}`, `截至 ${today}（按记录创建日期）`]];
      const cases: number[] = [];
      for (const [range, period] of periods) {
        const { body } = await json(`/api/stats?${range}`);
        const [summary] = (await sheetOf(`/api/stats?format=xlsx&${range}`)).worksheets;
        expect(summary!.name).toBe('概况');
        // 说明: what a figure cannot count (一般违法: no rule raises it), as the JSON's notes say.
        const figures = Object.entries(body.names as Record<string, string>).map(([key, title]) => ({ 项目: title, 数值: body.total[key], 说明: body.notes[key] ?? null }));
        expect(figures.map((f) => f.项目)).toEqual(expect.arrayContaining(['录入执法案件', '公益诉讼线索', '刑事案件线索']));
        expect(rowsOf(summary!), range).toEqual([{ 项目: '统计期间', 数值: period, 说明: null }, ...figures]);
        cases.push(summary!.getRow(3).getCell(2).value as number);
      }
      // The figures are the period's: none of the records was created in 2020.
      expect(cases[0]).toBeGreaterThan(0);
      expect(cases[1]).toBe(0);
    });

    it('leave the lead figures to prosecutors', async () => {
      const { body } = await json('/api/stats');
      expect(body.total.dutyCrimeLeads).toBeGreaterThanOrEqual(1);
      expect(body.byCampaign.find((r: Json) => r.key === '仅有线索的专项')).toMatchObject({ dutyCrimeLeads: 1, casesEntered: 0 });
    });
  });
});
