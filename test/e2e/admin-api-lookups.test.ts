/**
 * What the admin API finds and how it names it, over HTTP against the real services: the lead queue's kind filter
 * gives the statistics' figures, a number search is whole, a recommendation's cited cases are matched in any bracket
 * form (and an unknown one is named), and the timelines and statuses read as the chat says them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexLead } from '../../src/leads/lead-index.js';
import { caseModel } from '../../src/models/case.js';
import { leadModel, type LeadRecord } from '../../src/models/lead.js';
import { apiTokens, apiTokensEnv } from '../support/api-tokens.js';
import { say } from '../support/chat.js';
import { apiClient, type Json } from '../support/api-client.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';


describe('admin API lookups (e2e over HTTP)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ env: { API_TOKENS: apiTokensEnv } });
  });
  afterAll(() => h.stop());

  const { json } = apiClient(() => h.runtime.url!, apiTokens.admin);
  const addCase = (caseNumber: string, agency = 'linye') =>
    json('/api/cases', { method: 'POST', json: { agency, requestId: `lookup-${caseNumber}`, caseNumber, party: '富阳某林业开发有限公司', facts: '未经批准擅自砍伐林木' } });
  const issue = (ref: string, cases: string[]) =>
    json('/api/recommendations', { method: 'POST', json: { ref, agency: 'linye', title: '督促恢复林地植被', requirements: '依法整改', issuedOn: '2026-01-05', cases } });

  describe('the lead queue\'s kind filter', () => {
    /** One 林业局 case's leads of one evaluation (same createdAt), stored out of number order. */
    const leads: Array<[number: string, kind: LeadRecord['kind'], status: LeadRecord['status']]> = [
      ['XS-2024-0704', 'irregular', 'reject'],
      ['XS-2024-0701', 'irregular', 'open'],
      ['XS-2024-0703', 'irregular', 'withdrawn'],
      ['XS-2024-0702', 'irregular', 'accept'],
      ['XS-2024-0705', 'pil', 'reject'],
      ['XS-2024-0706', 'irregular', 'criminal'],
    ];

    beforeAll(async () => {
      const mongo = h.runtime.mongo;
      const linyeCase = (await caseModel(mongo).findOne({ agency: 'linye' }).lean())!;
      const createdAt = new Date('2024-06-01T02:00:00Z');
      for (const [number, kind, status] of leads) {
        const ruleId = `R90-${number.slice(-2)}`;
        const record: LeadRecord = {
          _id: `case:${linyeCase._id}:${ruleId}`, number, kind, ruleId, ruleVersion: 1, title: `测试线索${number}`, explanation: '测试', values: [], legalBasis: '《行政处罚法》',
          subject: { kind: 'case', id: linyeCase._id, label: linyeCase.caseNumber, agency: 'linye', campaign: '线索筛选专项' }, status, createdAt, history: [],
          ...(status === 'open' || status === 'withdrawn' ? {} : { decision: { action: status, by: 'wangjc', byName: '王检察官', at: createdAt } }),
        };
        await indexLead(mongo, record.subject, record._id);
        await leadModel(mongo).create(record);
      }
    });

    const numbers = async (query: string) => ((await json(`/api/leads?pageSize=200&${query}`)).body.items as Json[]).map((l) => l.number as string).filter((n) => n.startsWith('XS-2024-07'));

    it('lists the leads the statistics count under the kind: no rejected or withdrawn lead', async () => {
      expect(await numbers('kind=irregular')).toEqual(['XS-2024-0702', 'XS-2024-0701']);
      expect(await numbers('kind=pil')).toEqual([]);
      expect(await numbers('kind=criminal')).toEqual(['XS-2024-0706']);
      const stats = (await json('/api/stats?from=2024-06-01&to=2024-06-01')).body;
      expect(stats.byCampaign.find((r: Json) => r.key === '线索筛选专项')).toMatchObject({ irregularEnforcement: 2, pilLeads: 0, criminalLeads: 1 });
    });

    it('are counted for one agency by the statistics\' agency filter, as the queue lists them with the same filter', async () => {
      const campaign = async (agency: string) => ((await json(`/api/stats?from=2024-06-01&to=2024-06-01&agency=${agency}`)).body.byCampaign as Json[]).find((r) => r.key === '线索筛选专项');
      expect(await campaign('linye')).toMatchObject({ irregularEnforcement: 2, criminalLeads: 1 });
      expect(await campaign('ziran')).toBeUndefined();
      expect(await numbers('kind=irregular&agency=linye')).toEqual(['XS-2024-0702', 'XS-2024-0701']);
      expect(await numbers('kind=irregular&agency=ziran')).toEqual([]);
      // An agency admin's figures stay their own, whatever agency is asked for.
      expect((await json('/api/stats?agency=ziran', { token: apiTokens.linyeAdmin })).body.total).toEqual({ casesEntered: await caseModel(h.runtime.mongo).countDocuments({ agency: 'linye' }) });
    });

    it('finds a rejected or withdrawn lead under the kind it was raised as when its status is asked for', async () => {
      expect(await numbers('kind=irregular&status=reject')).toEqual(['XS-2024-0704']);
      expect(await numbers('kind=irregular&status=withdrawn')).toEqual(['XS-2024-0703']);
      expect(await numbers('kind=pil&status=reject')).toEqual(['XS-2024-0705']);
      expect(await numbers('kind=irregular&status=accept')).toEqual(['XS-2024-0702']);
    });

    it('orders the leads of one evaluation by number, newest first like the rest of the queue', async () => {
      expect(await numbers('')).toEqual(['XS-2024-0706', 'XS-2024-0705', 'XS-2024-0704', 'XS-2024-0703', 'XS-2024-0702', 'XS-2024-0701']);
    });
  });

  describe('a number search', () => {
    beforeAll(async () => {
      for (const n of ['富林罚〔2025〕3号', '富林罚〔2025〕303号', '富林罚〔2025〕13号', '富林罚〔2025〕30号']) expect((await addCase(n)).status).toBe(201);
      for (const ref of ['富检行公建〔2025〕3号', '富检行公建〔2025〕303号', '富检行公建〔2025〕13号']) expect((await issue(ref, [])).status).toBe(201);
    });
    const found = async (list: string, key: string, q: string) => ((await json(`/api/${list}?pageSize=200&q=${encodeURIComponent(q)}`)).body.items as Json[]).map((r) => r[key] as string).filter((n) => n.includes('2025'));

    it('finds the cases numbered 3, not 303, 13 or 30', async () => {
      expect(await found('cases', 'caseNumber', '3号')).toEqual(['富林罚〔2025〕3号']);
      expect(await found('cases', 'caseNumber', '[2025]3号')).toEqual(['富林罚〔2025〕3号']);
      expect((await found('cases', 'caseNumber', '2025〕30')).sort()).toEqual(['富林罚〔2025〕303号', '富林罚〔2025〕30号']);
    });

    it('finds the recommendations numbered 3, not 303 or 13', async () => {
      expect(await found('recommendations', 'ref', '3号')).toEqual(['富检行公建[2025]3号']);
      expect(await found('recommendations', 'ref', '（2025）3号')).toEqual(['富检行公建[2025]3号']);
      expect((await found('recommendations', 'ref', '13号'))).toEqual(['富检行公建[2025]13号']);
    });
  });

  describe('a recommendation\'s cited cases', () => {
    let caseId = '';
    beforeAll(async () => {
      caseId = (await addCase('富林罚〔2024〕17号')).body.id as string;
    });

    it('are matched in any bracket form, in the case detail and its timeline', async () => {
      expect((await issue('富检行公建〔2026〕31号', ['富林罚[2024]17号'])).body).toMatchObject({ created: true, warnings: [] });
      expect((await issue('富检行公建〔2026〕32号', ['富林罚〔2024〕17号'])).body).toMatchObject({ created: true, warnings: [] });
      const detail = (await json(`/api/cases/${caseId}`)).body;
      expect(detail.recommendations.map((r: Json) => r.ref).sort()).toEqual(['富检行公建[2026]31号', '富检行公建[2026]32号']);
      expect(detail.timeline.filter((e: Json) => e.action === 'issued').map((e: Json) => e.subject).sort()).toEqual(['富检行公建[2026]31号', '富检行公建[2026]32号']);
    });

    it('name a case number the agency has no case for in a Chinese warning, and register the recommendation', async () => {
      const answer = await issue('富检行公建〔2026〕33号', ['富林罚〔2099〕1号', '富林罚(2024)17号']);
      expect(answer.status).toBe(201);
      expect(answer.body.warnings).toEqual(['富阳区林业局没有案号为「富林罚〔2099〕1号」的案件，暂未关联；请核对案号，或在录入该案件后自动关联']);
      // Another agency's case is not the agency's to cite.
      expect((await issue('富检行公建〔2026〕34号', ['富自然罚〔2026〕8号'])).body.warnings).toEqual([expect.stringContaining('「富自然罚〔2026〕8号」')]);
      // Issued again unchanged: the same answer, the warning included.
      expect((await issue('富检行公建〔2026〕33号', ['富林罚〔2099〕1号', '富林罚(2024)17号'])).body).toMatchObject({ created: false, warnings: answer.body.warnings });
    });
  });

  describe('timelines and statuses', () => {
    it('say what a 录入案件 entered', async () => {
      const { body } = await addCase('富林罚〔2025〕88号');
      const timeline = (await json(`/api/cases/${body.id as string}`)).body.timeline as Json[];
      expect(timeline.find((e) => e.action === 'created')).toMatchObject({ actionName: '录入案件', text: '案号 富林罚〔2025〕88号，当事人 富阳某林业开发有限公司' });
    });

    it('mark a withdrawn update without a comma before the bracket', async () => {
      expect(await say(h, 'zhangsan', '进度 富检行公建〔2022〕14号 90% 补植苗木3000株')).toContain('90%');
      expect(await say(h, 'zhangsan', '撤回')).toContain('撤回');
      const timeline = (await json(`/api/recommendations/${encodeURIComponent('富检行公建〔2022〕14号')}`)).body.timeline as Json[];
      const texts = timeline.filter((e) => e.action === 'progress').map((e) => e.text as string);
      expect(texts).toContainEqual(expect.stringMatching(/^进度 90%，补植苗木3000株[^，]*（已撤回）$/));
    });

    it('call a recommendation replied to in writing 已书面回复, not 整改中', async () => {
      const ref = '富检行公建〔2021〕9号';
      expect(await say(h, 'zhangsan', `进度 ${ref} 40% 已追缴部分费用`)).toContain('40%');
      expect((await json(`/api/recommendations/${encodeURIComponent(ref)}`)).body.recommendation.statusName).toBe('整改中');
      expect(await say(h, 'zhangsan', `回复 ${ref} 已按建议书面回复，附整改方案`)).toContain('书面回复');
      const detail = (await json(`/api/recommendations/${encodeURIComponent(ref)}`)).body.recommendation;
      expect(detail).toMatchObject({ status: 'rectifying', statusName: '已书面回复', deadlineState: expect.stringContaining('书面回复') });
      const row = ((await json(`/api/recommendations?q=${encodeURIComponent(ref)}`)).body.items as Json[])[0];
      expect(row).toMatchObject({ ref: '富检行公建[2021]9号', statusName: '已书面回复' });
    });
  });
});
