/**
 * Every figure of GET /api/stats can be traced to its records: the lead queue and the case list, given the same
 * period, agency and the row's domain, campaign or month, list exactly as many records as the figure counts. Run
 * over HTTP against the real services on a mix of agencies, domains and campaigns, with a rejected and a withdrawn
 * lead, two transfers, and records on both sides of local midnight at each end of the period.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseModel } from '../../src/models/case.js';
import { leadModel, type LeadKind, type LeadRecord } from '../../src/models/lead.js';
import { apiTokens, apiTokensEnv } from '../support/api-tokens.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON answers

const eco = '生态环境和资源保护';
const food = '食品药品安全';
const hills = '两山清理';
const water = '水源地保护';
const school = '校园及周边食品安全';
const march = { from: '2025-03-01', to: '2025-03-31' };

/** An instant given as Asia/Shanghai wall-clock time (UTC+8, no daylight saving). */
const shanghai = (local: string) => new Date(`${local.replace(' ', 'T')}+08:00`);

/** The list (and its query) that gives the records behind each figure. */
const figureLists: Record<string, string> = {
  casesEntered: '/api/cases?',
  generalViolations: '/api/leads?kind=general_violation',
  pilLeads: '/api/leads?kind=pil',
  pilCases: '/api/leads?kind=pil&status=accept',
  criminalLeads: '/api/leads?kind=criminal',
  irregularEnforcement: '/api/leads?kind=irregular',
  dutyCrimeLeads: '/api/leads?kind=duty_crime',
};

type Leads = Array<[agency: string, kind: LeadKind, status: LeadRecord['status'], domain: string | undefined, campaign: string | undefined, createdAt: string]>;
/** XS-2025-0801 … in this order. */
const leads: Leads = [
  ['linye', 'criminal', 'open', eco, hills, '2025-02-28 23:59:59.999'], // the day before the period
  ['linye', 'criminal', 'open', eco, hills, '2025-03-01 00:00'], // 2025-02-28 in UTC, the period's first local day
  ['linye', 'irregular', 'criminal', eco, hills, '2025-03-15 10:00'], // 转刑事线索: a criminal lead
  ['linye', 'criminal', 'open', eco, hills, '2025-03-31 23:59:59.999'],
  ['linye', 'criminal', 'open', eco, hills, '2025-04-01 00:00'], // the day after
  ['linye', 'irregular', 'reject', eco, hills, '2025-03-10 09:00'], // 不予受理: counted under none
  ['ziran', 'irregular', 'withdrawn', eco, hills, '2025-03-11 09:00'], // data corrected: counted under none
  ['ziran', 'irregular', 'open', eco, undefined, '2025-03-12 09:00'],
  ['ziran', 'pil', 'accept', eco, water, '2025-03-05 09:00'],
  ['linye', 'pil', 'open', undefined, '', '2025-03-06 09:00'], // 未分类, 无专项
  ['shichang', 'pil', 'supervision', food, school, '2025-03-07 09:00'], // 转监察委: a duty-crime lead
  ['shichang', 'general_violation', 'open', food, school, '2025-03-08 09:00'],
  ['shichang', 'pil', 'reject', food, undefined, '2025-03-09 09:00'],
  ['shichang', 'general_violation', 'accept', '', undefined, '2025-03-20 09:00'],
  ['ziran', 'pil', 'accept', eco, water, '2025-02-10 09:00'], // before the period, in another month
];

type Cases = Array<[agency: string, domain: string | undefined, campaign: string | undefined, createdAt: string]>;
const cases: Cases = [
  ['linye', eco, hills, '2025-02-28 23:59:59.999'],
  ['linye', eco, hills, '2025-03-01 00:00'],
  ['ziran', eco, water, '2025-03-15 10:00'],
  ['ziran', undefined, undefined, '2025-03-31 23:59:59.999'],
  ['shichang', food, school, '2025-04-01 00:00'],
  ['shichang', food, undefined, '2025-03-20 09:00'],
];

describe('statistics and the lists behind them (e2e over HTTP)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ env: { API_TOKENS: apiTokensEnv } });
    const { mongo } = h.runtime;
    for (const [i, [agency, domain, campaign, at]] of cases.entries()) {
      await caseModel(mongo).create({ _id: `c-trace-${i}`, agency, caseNumber: `富罚〔2025〕${800 + i}号`, caseKey: `k-trace-${i}`, party: '某公司', facts: '测试', status: 'open', createdBy: 'test', sourceId: `s-trace-${i}`, createdAt: shanghai(at), domain, campaign, history: [] });
    }
    for (const [i, [agency, kind, status, domain, campaign, at]] of leads.entries()) {
      const createdAt = shanghai(at);
      const decision = status === 'open' || status === 'withdrawn' ? undefined : { action: status, by: 'wangjc', byName: '王检察官', at: createdAt };
      await leadModel(mongo).create({
        _id: `case:c-trace:${i}`, number: leadNumber(i), kind, ruleId: 'R-test', ruleVersion: 1, title: '测试线索', explanation: '测试', values: [], legalBasis: '测试',
        subject: { kind: 'case', id: `c-trace-${i}`, label: '测试案件', agency, domain, campaign }, status, decision, createdAt, history: [],
      });
    }
  });
  afterAll(() => h.stop());

  const leadNumber = (i: number) => `XS-2025-${String(801 + i).padStart(4, '0')}`;
  const get = async (path: string, token: string = apiTokens.prosecutor) => {
    const response = await fetch(`${h.runtime.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const query = (params: Record<string, string | undefined>) =>
    Object.entries(params).filter(([, v]) => v !== undefined).map(([k, v]) => `&${k}=${encodeURIComponent(v!)}`).join('');

  /** The month row's dates within the period: 2025-03 of 2025-03-01…2025-03-31, or the whole month. */
  function monthWithin(month: string, range: { from?: string; to?: string }) {
    const [year, m] = month.split('-').map(Number) as [number, number];
    const last = new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);
    const first = `${month}-01`;
    return { from: range.from && range.from > first ? range.from : first, to: range.to && range.to < last ? range.to : last };
  }

  /**
   * Each figure of the statistics (total and every row) beside the total of the list behind it, as two maps keyed
   * `byCampaign 两山清理 criminalLeads`, so a difference names the figure.
   */
  async function figuresAndLists(range: { from?: string; to?: string }, agency?: string, token: string = apiTokens.prosecutor) {
    const stats = await get(`/api/stats?${query({ ...range, agency })}`, token);
    expect(stats.status).toBe(200);
    const rows: Array<[label: string, row: Json, filter: Record<string, string | undefined>]> = [
      ['total', stats.body.total, range],
      ...(stats.body.byDomain as Json[]).map((r): [string, Json, Record<string, string | undefined>] => [`byDomain ${r.key}`, r, { ...range, domain: r.key }]),
      ...(stats.body.byCampaign as Json[]).map((r): [string, Json, Record<string, string | undefined>] => [`byCampaign ${r.key}`, r, { ...range, campaign: r.key }]),
      ...(stats.body.byMonth as Json[]).map((r): [string, Json, Record<string, string | undefined>] => [`byMonth ${r.key}`, r, monthWithin(r.key, range)]),
    ];
    const figures: Record<string, number> = {};
    const listed: Record<string, number> = {};
    await Promise.all(rows.flatMap(([label, row, filter]) => Object.keys(stats.body.names).map(async (figure) => {
      figures[`${label} ${figure}`] = row[figure];
      const list = await get(`${figureLists[figure]}${query({ ...filter, agency, pageSize: '1' })}`, token);
      expect(list.status, `${label} ${figure}: ${JSON.stringify(list.body)}`).toBe(200);
      listed[`${label} ${figure}`] = list.body.total;
    })));
    return { figures, listed, stats: stats.body };
  }

  it('lists as many leads and cases as each figure of a period counts, for the whole platform and for each agency', async () => {
    for (const agency of [undefined, 'linye', 'ziran', 'shichang']) {
      const { figures, listed } = await figuresAndLists(march, agency);
      expect(listed, `agency ${agency ?? 'all'}`).toEqual(figures);
    }
  });

  it('counts the mix as expected: the period is local days, and rejected and withdrawn leads count under none', async () => {
    const { figures, listed } = await figuresAndLists(march);
    // Only the three criminal leads of 两山清理 inside the period (one transferred from 不规范执法), not the ones a
    // millisecond before 00:00 on 03-01 or at 00:00 on 04-01; the rejected and withdrawn ones count nowhere.
    expect(figures).toMatchObject({
      [`byCampaign ${hills} criminalLeads`]: 3, [`byCampaign ${hills} irregularEnforcement`]: 0, [`byCampaign ${hills} casesEntered`]: 1,
      [`byCampaign ${water} pilLeads`]: 1, [`byCampaign ${water} pilCases`]: 1, [`byCampaign ${school} dutyCrimeLeads`]: 1, [`byCampaign ${school} generalViolations`]: 1,
      'byCampaign 无专项 irregularEnforcement': 1, 'byCampaign 无专项 pilLeads': 1, 'byCampaign 无专项 generalViolations': 1, 'byCampaign 无专项 casesEntered': 2,
      'byDomain 未分类 pilLeads': 1, 'byDomain 未分类 generalViolations': 1, 'byDomain 未分类 casesEntered': 1,
      'total casesEntered': 4, 'total criminalLeads': 3, 'total irregularEnforcement': 1, 'total pilLeads': 2, 'total pilCases': 1, 'total dutyCrimeLeads': 1, 'total generalViolations': 2,
    });
    expect(listed).toEqual(figures);
    const numbers = async (path: string) => ((await get(path)).body.items as Json[]).map((l) => l.number as string);
    expect(await numbers(`/api/leads?kind=criminal&campaign=${encodeURIComponent(hills)}&from=2025-03-01&to=2025-03-31`)).toEqual([leadNumber(3), leadNumber(2), leadNumber(1)]);
    // Without kind=, the period lists every lead raised in it, the rejected and withdrawn ones too.
    expect(await numbers(`/api/leads?campaign=${encodeURIComponent(hills)}&from=2025-03-01&to=2025-03-31`)).toEqual([leadNumber(3), leadNumber(2), leadNumber(6), leadNumber(5), leadNumber(1)]);
  });

  it('agrees over several months and over a period open at either end (the seed\'s own records included)', async () => {
    for (const range of [{ from: '2025-02-01', to: '2025-04-30' }, { from: '2025-03-01' }, { to: '2025-03-31' }, {}]) {
      const { figures, listed, stats } = await figuresAndLists(range);
      expect(listed, JSON.stringify(range)).toEqual(figures);
      if (range.from === '2025-02-01') expect((stats.byMonth as Json[]).map((r) => r.key)).toEqual(['2025-02', '2025-03', '2025-04']);
    }
  });

  it('gives an agency admin the cases behind their own figure, whatever agency is asked for', async () => {
    const { figures, listed } = await figuresAndLists(march, 'ziran', apiTokens.linyeAdmin);
    expect(figures).toMatchObject({ 'total casesEntered': 1, [`byCampaign ${hills} casesEntered`]: 1 });
    expect(listed).toEqual(figures);
  });

  it('refuses a date that does not exist, and a period that ends before it starts, in Chinese', async () => {
    const bad = await get('/api/leads?from=2025-02-30');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'invalid_input', message: expect.stringMatching(/^输入有误：from 起始日期「2025-02-30」不是有效的日期/) });
    const reversed = await get('/api/cases?from=2025-03-31&to=2025-03-01');
    expect(reversed.status).toBe(400);
    expect(reversed.body).toMatchObject({ error: 'invalid_input', message: expect.stringContaining('截止日期不能早于起始日期') });
  });
});
