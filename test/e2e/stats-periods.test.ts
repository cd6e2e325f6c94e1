import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseModel } from '../../src/models/case.js';
import { leadModel, type LeadRecord } from '../../src/models/lead.js';
import { statNames, type PlatformStats } from '../../src/leads/stats.js';
import { apiClient, type Json } from '../support/api-client.js';
import { apiTokens, apiTokensEnv } from '../support/api-tokens.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { firstTextAnswer } from '../support/chat.js';

/** An instant given as Asia/Shanghai wall-clock time (UTC+8). */
const shanghai = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);
const figures = Object.keys(statNames) as Array<keyof PlatformStats>;

/**
 * 统计 for the year just closed, asked in January (round 9): 去年统计, 2026年统计 and 上年度统计 give the figures
 * /api/stats gives for that year; 年度统计 gives this year's so far and says how to ask for last year's; a period the
 * bot cannot count by is answered with the periods it can. The month table has every month of a period, a quiet
 * one as zeros.
 */
describe('statistics of a year and of every month in it (e2e through the fake WeCom and the API)', () => {
  let h: BotHarness;
  const api = apiClient(() => h.runtime.url!, apiTokens.prosecutor);
  beforeAll(async () => {
    h = await startBotHarness({ env: { API_TOKENS: apiTokensEnv }, clockStart: shanghai('2027-01-05 09:30').getTime() });
    const { mongo } = h.runtime;
    // 2026: cases in March and on New Year's Eve (late evening, still 2026 in Beijing), leads in May and December;
    // 2027: a case 20 minutes into the year and a lead on the 4th. Nothing in the other months.
    const cases: Array<[string, string, string]> = [['2026-03-10 10:00', 'linye', '生态环境和资源保护'], ['2026-12-31 23:30', 'ziran', '国有财产保护'], ['2027-01-01 00:20', 'linye', '生态环境和资源保护']];
    for (const [i, [at, agency, domain]] of cases.entries()) {
      await caseModel(mongo).create({ _id: `c-year-${i}`, agency, caseNumber: `富林罚〔2026〕${950 + i}号`, caseKey: `k-year-${i}`, party: '某公司', facts: '测试', status: 'open', createdBy: 'test', sourceId: `s-year-${i}`, createdAt: shanghai(at), domain, history: [] });
    }
    const leads: Array<[LeadRecord['kind'], LeadRecord['status'], string]> = [['pil', 'accept', '2026-05-20 09:00'], ['criminal', 'open', '2026-12-28 15:00'], ['pil', 'open', '2027-01-04 11:00']];
    for (const [i, [kind, status, at]] of leads.entries()) {
      const createdAt = shanghai(at);
      await leadModel(mongo).create({
        _id: `case:c-year-${i}:R-test`, number: `XS-${at.slice(0, 4)}-${String(950 + i).padStart(4, '0')}`, kind, ruleId: 'R-test', ruleVersion: 1, title: '测试线索', explanation: '测试', values: [], legalBasis: '测试',
        subject: { kind: 'case', id: `c-year-${i}`, label: '测试案件', agency: 'linye', domain: '生态环境和资源保护' }, status, createdAt, history: [],
        ...(status === 'open' ? {} : { decision: { action: 'accept' as const, by: 'wangjc', byName: '王检察官', at: createdAt } }),
      });
    }
  });
  afterAll(() => h?.stop());

  /** The lines the chat answer gives for the figures /api/stats gives for the period: the totals, then one per domain. */
  async function apiLines(from: string, to: string): Promise<string[]> {
    const { status, body } = await api.json(`/api/stats?from=${from}&to=${to}`);
    expect(status).toBe(200);
    return [
      figures.map((k) => `${statNames[k]} ${body.total[k]}${body.notes?.[k] ? `（${body.notes[k]}）` : ''}`).join(' · '),
      ...(body.byDomain as Json[]).map((row) => `【${row.key}】${figures.filter((k) => row[k] > 0).map((k) => `${statNames[k]} ${row[k]}`).join(' · ')}`),
    ];
  }

  it('answers 去年统计, 2026年统计 and 上年度统计 in January with last year\'s figures, the same as /api/stats for 2026', async () => {
    const expected = await apiLines('2026-01-01', '2026-12-31');
    expect(expected[0]).toBe('录入执法案件 2 · 一般违法 0（本平台暂无自动发现一般违法的规则） · 公益诉讼线索 1 · 办理行政公益诉讼案件 1 · 刑事案件线索 1 · 不规范执法 0 · 职务犯罪线索 0');
    const asked: Array<[text: string, name: string]> = [['去年统计', '去年'], ['2026年统计', '2026年'], ['上年度统计', '去年'], ['帮我看一下2026年度的统计', '2026年']];
    for (const [text, name] of asked) {
      const answer = await firstTextAnswer(h, 'wangjc', text);
      expect(answer, text).toContain(`平台统计：${name}（2026-01-01 至 2026-12-31，`);
      for (const line of expected) expect(answer.split('\n'), `${text}: ${line}`).toContain(line);
    }
  });

  it('answers 年度统计 with this year so far, as /api/stats counts it, and says how to ask for last year', async () => {
    const expected = await apiLines('2027-01-01', '2027-01-05');
    expect(expected[0]).toMatch(/^录入执法案件 \d+ · 一般违法 0（本平台暂无自动发现一般违法的规则） · 公益诉讼线索 1 /);
    const answer = await firstTextAnswer(h, 'wangjc', '年度统计');
    expect(answer).toContain('平台统计：今年（2027-01-01 至 2027-01-05，');
    for (const line of expected) expect(answer.split('\n')).toContain(line);
    expect(answer).toContain('上一年度的数据请发送「去年统计」或「2026年统计」');
  });

  it('names the periods it can count by, and the dashboard, for a period it cannot (上季度统计) or a year not begun', async () => {
    for (const text of ['上季度统计', '3月统计', '2028年统计']) {
      const answer = await firstTextAnswer(h, 'wangjc', text);
      expect(answer, text).not.toContain('没有看懂');
      for (const period of ['「本月统计」', '「上月统计」', '「今年统计」', '「去年统计」', '「<年份>年统计」', '「2026年统计」', '管理后台的「统计」页面']) expect(answer, text).toContain(period);
    }
    expect(await firstTextAnswer(h, 'wangjc', '上季度统计')).toMatch(/^暂不能在对话中按「上季度」统计。/);
    expect(await firstTextAnswer(h, 'wangjc', '2028年统计')).toMatch(/^2028年还没有开始，没有统计数据。/);
  });

  it('gives every month of a period in /api/stats byMonth, a month without records as zeros', async () => {
    const { body } = await api.json('/api/stats?from=2026-01-01&to=2026-12-31');
    const months = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);
    expect((body.byMonth as Json[]).map((r) => r.key)).toEqual(months);
    const zero = Object.fromEntries(figures.map((k) => [k, 0]));
    expect(body.byMonth[1]).toEqual({ key: '2026-02', ...zero });
    expect(body.byMonth[2]).toMatchObject({ key: '2026-03', casesEntered: 1 });
    for (const k of figures) expect((body.byMonth as Json[]).reduce((n, r) => n + r[k], 0), k).toBe(body.total[k]);
    // Open at its end: up to this month, none after it.
    const since = (await api.json('/api/stats?from=2026-11-01')).body;
    expect((since.byMonth as Json[]).map((r) => r.key)).toEqual(['2026-11', '2026-12', '2027-01']);
    // No period: from the first month with records to this one, with no gap.
    const all = ((await api.json('/api/stats')).body.byMonth as Json[]).map((r) => r.key);
    expect(all).toEqual([...months.slice(2), '2027-01']);
  });

  it('gives an agency admin every month of the period too, with the case figure only', async () => {
    const { body } = await api.json('/api/stats?from=2026-01-01&to=2026-12-31', { token: apiTokens.linyeAdmin });
    expect((body.byMonth as Json[]).map((r) => r.key)).toHaveLength(12);
    expect(body.byMonth[4]).toEqual({ key: '2026-05', casesEntered: 0 });
    expect(body.byMonth[2]).toEqual({ key: '2026-03', casesEntered: 1 });
  });
});
