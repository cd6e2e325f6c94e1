import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../src/calendar/local-date.js';
import { statsBreakdown } from '../../src/leads/stats.js';
import { caseModel } from '../../src/models/case.js';
import { leadModel, type LeadKind, type LeadRecord } from '../../src/models/lead.js';
import { apiTokens, apiTokensEnv } from '../support/api-tokens.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { firstTextAnswer } from '../support/chat.js';

const eco = '生态环境和资源保护';
const food = '食品药品安全';
const school = '校园及周边食品安全';
const water = '水源地保护';

/**
 * The statistics of chat 统计 and GET /api/stats on a known data set: the tester's 14 leads (6 PIL of which one
 * transferred to the supervisory commission by chat, 1 criminal, 7 irregular of which 3 rejected), one more lead
 * withdrawn because its data was corrected, and four cases, three of them in special campaigns.
 */
describe('platform statistics add up (e2e: chat 统计 and GET /api/stats)', () => {
  let h: BotHarness;
  let year: string;
  beforeAll(async () => {
    h = await startBotHarness({ env: { API_TOKENS: apiTokensEnv } });
    const { mongo } = h.runtime;
    const now = new Date(h.clock.now());
    year = localDate(now, h.config.TZ).slice(0, 4);
    // Only this data set: the seed's own cases (and any lead on them) would blur the expected figures.
    await caseModel(mongo).deleteMany({});
    await leadModel(mongo).deleteMany({});
    const cases: Array<[string, string | undefined]> = [[food, school], [food, school], [eco, water], [eco, undefined]];
    for (const [i, [domain, campaign]] of cases.entries()) {
      await caseModel(mongo).create({ _id: `c-stats-${i}`, agency: 'linye', caseNumber: `富林罚〔2026〕${900 + i}号`, caseKey: `k-stats-${i}`, party: '某公司', facts: '测试', status: 'open', createdBy: 'test', sourceId: `s-stats-${i}`, createdAt: now, domain, campaign, history: [] });
    }
    const leads: Array<[LeadKind, LeadRecord['status'], string, string | undefined]> = [
      ['pil', 'open', eco, water], ['pil', 'accept', eco, water], ['pil', 'accept', eco, undefined], ['pil', 'open', eco, undefined], ['pil', 'open', eco, undefined],
      ['pil', 'open', eco, undefined], // transferred to the supervisory commission below, by chat
      ['criminal', 'open', food, school],
      ['irregular', 'open', food, school], ['irregular', 'accept', food, undefined], ['irregular', 'open', food, undefined], ['irregular', 'open', food, undefined],
      ['irregular', 'reject', food, school], ['irregular', 'reject', food, undefined], ['irregular', 'reject', food, undefined],
    ];
    for (const [i, [kind, status, domain, campaign]] of leads.entries()) {
      const decision = status === 'open' || status === 'withdrawn' ? undefined : { action: status, by: 'wangjc', byName: '王检察官', at: now, ...(status === 'reject' ? { reason: '并非不规范执法' } : {}) };
      await leadModel(mongo).create({
        _id: `case:c-stats:${i}`, number: `XS-${year}-${String(100 + i).padStart(4, '0')}`, kind, ruleId: 'R-test', ruleVersion: 1, title: '测试线索', explanation: '测试', values: [], legalBasis: '测试',
        subject: { kind: 'case', id: `c-stats-${i % 4}`, label: `案号 富林罚〔2026〕${900 + (i % 4)}号`, agency: 'linye', domain, campaign },
        status, decision, alert: { taskId: `t-stats-${i}`, recipients: ['wangjc'], sentAt: now }, createdAt: now, history: [],
      });
    }
    // Withdrawn: its data was corrected.
    await leadModel(mongo).create({
      _id: 'case:c-stats:withdrawn', number: `XS-${year}-0199`, kind: 'irregular', ruleId: 'R-test', ruleVersion: 1, title: '测试线索', explanation: '测试', values: [], legalBasis: '测试',
      subject: { kind: 'case', id: 'c-stats-0', label: '案号 富林罚〔2026〕900号', agency: 'linye', domain: food, campaign: school }, status: 'withdrawn', createdAt: now, history: [],
    });
  });
  afterAll(() => h.stop());

  /** Sends a text and returns the bot's text answer to the sender. */
  const say = (from: string, text: string) => firstTextAnswer(h, from, text);

  it('counts each lead once, under the kind it ends as, and rejected and withdrawn leads under none', async () => {
    expect(await say('wangjc', `转监察委 XS-${year}-0105`)).toContain('「转监察委」');
    const text = await say('wangjc', '统计');
    const [, totals, tally] = text.split('\n');
    expect(totals).toBe('录入执法案件 4 · 一般违法 0（本平台暂无自动发现一般违法的规则） · 公益诉讼线索 5 · 办理行政公益诉讼案件 2 · 刑事案件线索 1 · 不规范执法 4 · 职务犯罪线索 1');
    // 15 = 0 + 5 + 1 + 4 + 1 + 3 + 1: the lead figures and the leads not counted add up to the leads raised.
    expect(tally).toContain('线索共 15 条 = 一般违法 0 + 公益诉讼线索 5 + 刑事案件线索 1 + 不规范执法 4 + 职务犯罪线索 1 + 不予受理 3 + 已撤回 1');
    expect(text).toContain(`【${eco}】录入执法案件 2 · 公益诉讼线索 5 · 办理行政公益诉讼案件 2 · 职务犯罪线索 1`);
    expect(text).toContain(`【${food}】录入执法案件 2 · 刑事案件线索 1 · 不规范执法 4`);
  });

  it('shows the figures by special campaign (专项), compactly, in chat as on the dashboard', async () => {
    const text = await say('wangjc', '统计');
    const campaigns = text.slice(text.indexOf('按专项：')).split('\n');
    // In the order of their names (pinyin), as the dashboard's table, then what no campaign holds, so the rows add up
    // to the totals (4 cases, 5 PIL leads, 2 PIL cases, 1 criminal, 4 irregular, 1 duty crime).
    expect(campaigns).toEqual([
      '按专项：', `【${water}】录入执法案件 1 · 公益诉讼线索 2 · 办理行政公益诉讼案件 1`, `【${school}】录入执法案件 2 · 刑事案件线索 1 · 不规范执法 1`,
      '【无专项】录入执法案件 1 · 公益诉讼线索 3 · 办理行政公益诉讼案件 1 · 不规范执法 3 · 职务犯罪线索 1',
    ]);
  });

  it('answers GET /api/stats with the same figures, and its rows add up to the totals', async () => {
    const response = await fetch(`${h.runtime.url}/api/stats`, { headers: { authorization: `Bearer ${apiTokens.prosecutor}` } });
    const body = (await response.json()) as { total: Record<string, number>; byDomain: Array<Record<string, number>>; byCampaign: Array<Record<string, number>> };
    expect(body.total).toEqual({ casesEntered: 4, generalViolations: 0, pilLeads: 5, pilCases: 2, criminalLeads: 1, irregularEnforcement: 4, dutyCrimeLeads: 1 });
    for (const figure of Object.keys(body.total)) {
      expect(body.byDomain.reduce((n, row) => n + row[figure]!, 0), figure).toBe(body.total[figure]);
      expect(body.byCampaign.reduce((n, row) => n + row[figure]!, 0), figure).toBe(body.total[figure]);
    }
  });

  it('answers an agency admin its cases entered only, by domain and campaign, without a lead figure', async () => {
    const response = await fetch(`${h.runtime.url}/api/stats`, { headers: { authorization: `Bearer ${apiTokens.linyeAdmin}` } });
    const body = (await response.json()) as { total: Record<string, number>; byDomain: Array<Record<string, unknown>>; byCampaign: Array<Record<string, unknown>> };
    expect(body.total).toEqual({ casesEntered: 4 });
    // The leads are not read at all for it: their figures stay 0.
    const counted = await statsBreakdown(h.runtime.mongo, { agency: 'linye', timeZone: h.config.TZ, casesOnly: true });
    expect(counted.total).toEqual({ casesEntered: 4, generalViolations: 0, pilLeads: 0, pilCases: 0, criminalLeads: 0, irregularEnforcement: 0, dutyCrimeLeads: 0 });
    expect(body.byDomain).toEqual([{ key: eco, casesEntered: 2 }, { key: food, casesEntered: 2 }].sort((a, b) => a.key.localeCompare(b.key, 'zh')));
    expect(body.byCampaign).toEqual([{ key: water, casesEntered: 1 }, { key: school, casesEntered: 2 }, { key: '无专项', casesEntered: 1 }].sort((a, b) => a.key.localeCompare(b.key, 'zh')));
  });
});
