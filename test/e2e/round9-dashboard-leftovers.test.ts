/**
 * Round 9 (dashboard) findings 12, 17, 21, 22 and 9 that lay in the API's routes and chat's handlers: people shown by
 * name (录入人, an agency's 检察官), a settled 提醒 under a case reading 已解除, 操作日志 searched by a person's name, a
 * case search of several words, the statistics export named for its period, 一般违法 explained wherever it is
 * shown, and chat writing a decision's time as every other date (2026-12-01 03:31, not 2026/12/1 03:31:49).
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexLead } from '../../src/leads/lead-index.js';
import { promptResolvedReason } from '../../src/leads/lead-status.js';
import { audit } from '../../src/models/audit.js';
import { caseModel } from '../../src/models/case.js';
import { leadModel, type LeadRecord } from '../../src/models/lead.js';
import { apiTokens, apiTokensEnv } from '../support/api-tokens.js';
import { apiClient, type Json } from '../support/api-client.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { firstTextAnswer, say } from '../support/chat.js';

// 2026-12-01 03:31:49 in Beijing, the tester's moment: UTC is still 11-30.
const start = Date.parse('2026-11-30T19:31:49Z');

describe('round 9 dashboard leftovers (e2e over HTTP and chat)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ env: { API_TOKENS: apiTokensEnv }, clockStart: start });
  });
  afterAll(() => h?.stop());

  const { call, json } = apiClient(() => h.runtime.url!, apiTokens.admin);
  const caseOf = async (caseNumber: string) => (await caseModel(h.runtime.mongo).findOne({ caseNumber }).lean())!;
  const caseDetail = async (caseNumber: string) => (await json(`/api/cases/${(await caseOf(caseNumber))._id}`)).body;

  /** A case entered through POST /api/cases with `token`. */
  async function enterCase(token: string, caseNumber: string, party: string, facts = '滥伐林木') {
    const answer = await json('/api/cases', { method: 'POST', token, json: { agency: 'linye', requestId: caseNumber, caseNumber, party, facts } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  }

  describe('people by name', () => {
    it('names who entered a case — a person, an agency admin\'s token, another token, a seed — in 录入人 and the timeline', async () => {
      await enterCase(apiTokens.linyeAdmin, '富林罚〔2026〕801号', '甲公司');
      await enterCase(apiTokens.admin, '富林罚〔2026〕802号', '乙公司');
      const reported = await say(h, 'zhangsan', '上报\n案号：富林罚〔2026〕803号\n当事人：丙公司\n违法事实：滥伐林木\n罚款：5000元\n已缴纳\n日期：2026-11-02');
      expect(reported).toContain('富林罚〔2026〕803号');
      const expected: Array<[string, string]> = [
        ['富林罚〔2026〕801号', '富阳区林业局管理员'], ['富林罚〔2026〕802号', 'ops（管理员）'], ['富林罚〔2026〕803号', '张三'], ['富林罚〔2021〕3号', '运维导入（test）'],
      ];
      for (const [caseNumber, name] of expected) {
        const detail = await caseDetail(caseNumber);
        expect(detail.case.createdByName, caseNumber).toBe(name);
        expect((detail.timeline as Json[]).find((e) => e.action === 'created'), caseNumber).toMatchObject({ byName: name });
      }
    });

    it('lists each agency\'s prosecutors by name, in the list and its export', async () => {
      const rows = (await json('/api/agencies?pageSize=200', { token: apiTokens.prosecutor })).body.items as Json[];
      expect(rows.find((r) => r.id === 'linye')).toMatchObject({ prosecutors: '王检察官' });
      expect(rows.find((r) => r.id === 'shichang')).toMatchObject({ prosecutors: '李检察官' });
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(await (await call('/api/agencies?format=xlsx')).arrayBuffer()) as unknown as ExcelJS.Buffer);
      const sheet = workbook.worksheets[0]!;
      const column = (sheet.getRow(1).values as unknown[]).indexOf('检察官');
      expect(sheet.getColumn(column).values.slice(2)).toEqual(expect.arrayContaining(['王检察官', '李检察官']));
    });
  });

  it('calls a 提醒 under a case closed because its matter was settled 已解除, as the lead\'s own page does', async () => {
    const record = await caseOf('富林罚〔2021〕3号');
    const now = new Date(h.clock.now());
    const lead: LeadRecord = {
      _id: `case:${record._id}:R98-test`, number: 'XS-2026-0951', kind: 'prompt', ruleId: 'R98-test', ruleVersion: 1, title: '测试提醒', explanation: '测试', values: [], legalBasis: '测试',
      subject: { kind: 'case', id: record._id, label: record.caseNumber, agency: 'linye' }, status: 'withdrawn', createdAt: now,
      history: [{ at: now, by: 'rules', action: 'withdrawn', sourceId: 'rule:R98-test:v1', detail: { reason: promptResolvedReason } }],
    };
    await indexLead(h.runtime.mongo, lead.subject, lead._id);
    await leadModel(h.runtime.mongo).create(lead);
    const leads = (await caseDetail(record.caseNumber)).leads as Json[];
    expect(leads.find((l) => l.number === lead.number)).toMatchObject({ statusName: '已解除' });
  });

  describe('searches', () => {
    it('finds 操作日志 entries by the name 操作人 shows, as well as by the account', async () => {
      const at = new Date(h.clock.now());
      await audit(h.runtime.mongo, { at, actor: 'wangjc', action: 'lead.accept', sourceId: 'round9-audit-wang', outcome: 'ok' });
      await audit(h.runtime.mongo, { at, actor: 'lijc', action: 'lead.accept', sourceId: 'round9-audit-li', outcome: 'ok' });
      const actors = async (actor: string) => new Set(((await json(`/api/audit?pageSize=200&actor=${encodeURIComponent(actor)}`)).body.items as Json[]).map((r) => r.actor));
      expect(await actors('王检察官')).toEqual(new Set(['wangjc']));
      expect(await actors('wangjc')).toEqual(new Set(['wangjc']));
      expect(await actors('检察官')).toEqual(new Set(['wangjc', 'lijc']));
      expect(await actors('富阳区林业局管理员')).toEqual(new Set(['linye-admin']));
      expect(await actors('无此人')).toEqual(new Set());
    });

    it('finds a case by every word of a search, each in its number, party or facts', async () => {
      await enterCase(apiTokens.admin, '富林罚〔2026〕811号', '富阳某生态养殖场', '未批先建');
      const numbers = async (q: string) => ((await json(`/api/cases?pageSize=200&q=${encodeURIComponent(q)}`)).body.items as Json[]).map((r) => r.caseNumber);
      expect(await numbers('富阳 养殖场')).toEqual(['富林罚〔2026〕811号']);
      expect(await numbers('养殖场 未批先建')).toEqual(['富林罚〔2026〕811号']);
      expect(await numbers('811号 养殖场')).toEqual(['富林罚〔2026〕811号']);
      expect(await numbers('富阳 无此字样')).toEqual([]);
      // A number typed with spaces inside it is still one number.
      expect(await numbers('富林罚 〔2026〕 811号')).toEqual(['富林罚〔2026〕811号']);
    });
  });

  describe('statistics', () => {
    it('names the export for its period and says beside 一般违法 that no rule raises it', async () => {
      const answer = await call('/api/stats?format=xlsx&from=2026-11-01&to=2026-11-30');
      expect(answer.status).toBe(200);
      expect(decodeURIComponent(answer.headers.get('content-disposition') ?? '')).toContain("filename*=UTF-8''平台统计（2026-11-01至2026-11-30）.xlsx");
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(await answer.arrayBuffer()) as unknown as ExcelJS.Buffer);
      const summary = workbook.getWorksheet('概况')!;
      expect(summary.getRow(1).values).toEqual([undefined, '项目', '数值', '说明']);
      const row = summary.getColumn(1).values.indexOf('一般违法');
      expect(summary.getRow(row).values).toEqual([undefined, '一般违法', 0, '本平台暂无自动发现一般违法的规则']);
      const stats = (await json('/api/stats')).body;
      expect(stats.notes).toEqual({ generalViolations: '本平台暂无自动发现一般违法的规则' });
      expect((await json('/api/stats', { token: apiTokens.linyeAdmin })).body.notes).toEqual({});
    });

    it('says so in chat\'s 统计 too, beside the 0', async () => {
      for (const text of ['统计', '本月统计']) {
        expect(await firstTextAnswer(h, 'wangjc', text), text).toContain('一般违法 0（本平台暂无自动发现一般违法的规则）');
      }
    });
  });

  it('writes a decision\'s time in chat as every other date, 2026-12-01 03:31', async () => {
    const record = await caseOf('富林罚〔2021〕3号');
    const at = new Date(h.clock.now());
    const lead: LeadRecord = {
      _id: `case:${record._id}:R97-test`, number: 'XS-2026-0952', kind: 'pil', ruleId: 'R97-test', ruleVersion: 1, title: '测试线索', explanation: '测试', values: [], legalBasis: '测试',
      subject: { kind: 'case', id: record._id, label: record.caseNumber, agency: 'linye' }, status: 'accept', decision: { action: 'accept', by: 'wangjc', byName: '王检察官', at }, createdAt: at, history: [],
    };
    await indexLead(h.runtime.mongo, lead.subject, lead._id);
    await leadModel(h.runtime.mongo).create(lead);
    const answer = await firstTextAnswer(h, 'wangjc', '线索 XS-2026-0952');
    expect(answer).toContain('状态：受理（王检察官，2026-12-01 03:31）');
  });
});
