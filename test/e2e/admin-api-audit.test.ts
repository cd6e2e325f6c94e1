/**
 * The 操作日志 over HTTP against the real services: an agency admin's refused case writes are audited like its
 * refused staff bindings, and the log reads in Chinese with numbers (XS-…, 案号) rather than internal ids. Also an
 * agency admin token naming an agency that does not exist is refused with a reason, and warned about at start.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { indexLead } from '../../src/leads/lead-index.js';
import { audit, auditModel } from '../../src/models/audit.js';
import { caseModel } from '../../src/models/case.js';
import { leadModel, type LeadRecord } from '../../src/models/lead.js';
import { apiTokens, apiTokensEnv } from '../support/api-tokens.js';
import { apiClient, type Json } from '../support/api-client.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';


const ghostToken = 'test-ghost-admin-token-0123456789';

describe('the audit log and agency admins (e2e over HTTP)', () => {
  let h: BotHarness;
  const logLines: string[] = [];

  beforeAll(async () => {
    const logger = pino({ level: 'warn' }, { write: (line: string) => void logLines.push(line) });
    h = await startBotHarness({ env: { API_TOKENS: `${apiTokensEnv},ghost-admin:agency_admin@nosuch:${ghostToken}` }, logger });
  });
  afterAll(() => h.stop());

  const { json } = apiClient(() => h.runtime.url!, apiTokens.admin);
  const auditRows = async (query = '') => (await json(`/api/audit?pageSize=200${query}`)).body.items as Json[];
  const ziranCase = () => caseModel(h.runtime.mongo).findOne({ agency: 'ziran' }).lean();

  describe('an agency admin\'s refused case writes', () => {
    it('audits a correction of another agency\'s case as refused, answered 404 with nothing changed', async () => {
      const target = (await ziranCase())!;
      const answer = await json(`/api/cases/${target._id}`, { method: 'PATCH', token: apiTokens.linyeAdmin, json: { requestId: 'x2', party: 'hack' } });
      expect(answer.status).toBe(404);
      expect((await ziranCase())!.party).toBe(target.party);
      const refused = await auditModel(h.runtime.mongo).find({ actor: 'linye-admin', action: 'case.amend' }).lean();
      expect(refused).toEqual([expect.objectContaining({ outcome: 'refused', target: { kind: 'case', id: target._id }, reason: 'other agency: ziran' })]);
    });

    it('audits a case entered for another agency as refused, answered 403 with nothing stored', async () => {
      const answer = await json('/api/cases', { method: 'POST', token: apiTokens.linyeAdmin, json: { agency: 'ziran', requestId: 'x3', caseNumber: '富自然罚〔2026〕99号', party: '某公司', facts: '无证采矿' } });
      expect(answer).toMatchObject({ status: 403, body: { message: '单位管理员只能录入本单位的案件' } });
      expect(await caseModel(h.runtime.mongo).countDocuments({ caseNumber: '富自然罚〔2026〕99号' })).toBe(0);
      const refused = await auditModel(h.runtime.mongo).find({ actor: 'linye-admin', action: 'case.create' }).lean();
      expect(refused).toEqual([expect.objectContaining({ outcome: 'refused', target: { kind: 'agency', id: 'ziran' }, reason: 'other agency: ziran', detail: { caseNumber: '富自然罚〔2026〕99号' } })]);
    });
  });

  describe('the 操作日志 as admins read it', () => {
    const lead = { id: '', number: 'XS-2026-0905' };
    beforeAll(async () => {
      const mongo = h.runtime.mongo;
      const linyeCase = (await caseModel(mongo).findOne({ agency: 'linye' }).lean())!;
      lead.id = `case:${linyeCase._id}:R97-test`;
      const now = new Date(h.clock.now());
      const record: LeadRecord = {
        _id: lead.id, number: lead.number, kind: 'pil', ruleId: 'R97-test', ruleVersion: 1, title: '责令恢复后未见复查', explanation: '测试', values: [], legalBasis: '《行政诉讼法》',
        subject: { kind: 'case', id: linyeCase._id, label: linyeCase.caseNumber, agency: 'linye' }, status: 'reject',
        decision: { action: 'reject', by: 'wangjc', byName: '王检察官', at: now }, createdAt: now, history: [],
      };
      await indexLead(mongo, record.subject, lead.id);
      await leadModel(mongo).create(record);
      // As handlers/lead-decision.ts records a decision made in the chat.
      await audit(mongo, { at: now, actor: 'wangjc', action: 'lead.reject', sourceId: 'msg-audit-1', outcome: 'ok', target: { kind: 'lead', id: lead.id } });
      expect((await json('/api/staff', { method: 'POST', token: apiTokens.linyeAdmin, json: { userid: 'lisi', name: '李四', role: 'staff' } })).status).toBe(403);
    });

    it('names actions, people and records in Chinese and by their numbers', async () => {
      const rows = await auditRows();
      expect(rows.find((r) => r.action === 'lead.reject')).toMatchObject({ actionName: '不予受理', actorName: '王检察官（wangjc）', targetLabel: lead.number, outcome: '成功', target: lead.id });
      const target = (await ziranCase())!;
      expect(rows.find((r) => r.action === 'case.amend')).toMatchObject({
        actionName: '更正案件', actorName: 'linye-admin', targetLabel: `案号 ${target.caseNumber}`, outcome: '拒绝', reasonText: '属于其他单位：富阳区自然资源局', reason: 'other agency: ziran',
      });
      expect(rows.find((r) => r.action === 'case.create' && r.outcome === '拒绝')).toMatchObject({ actionName: '录入案件', targetLabel: '富阳区自然资源局', reasonText: '属于其他单位：富阳区自然资源局' });
      expect(rows.find((r) => r.action === 'staff.bind' && r.outcome === '拒绝')).toMatchObject({
        actionName: '绑定人员', targetLabel: '李四（lisi）', reasonText: '已有其他单位或检察院的绑定（执法人员（富阳区自然资源局））',
      });
      // The dashboard shows the columns the answer lists: the display fields, not the stored codes.
      const { body } = await json('/api/audit?pageSize=1');
      expect(body.columns.map((c: Json) => c.key)).toEqual(['at', 'actorName', 'actionName', 'targetLabel', 'outcome', 'reasonText']);
    });

    it('filters by an action\'s Chinese name as well as by its code', async () => {
      expect((await auditRows(`&action=${encodeURIComponent('更正案件')}`)).map((r) => r.action)).toEqual(['case.amend']);
      expect((await auditRows('&action=case.amend')).map((r) => r.action)).toEqual(['case.amend']);
    });
  });

  describe('an agency admin token for an agency that does not exist', () => {
    const message = '您的访问令牌属于执法单位「nosuch」，但平台上没有这个单位，因此无法查看任何数据。请联系管理员核对 API_TOKENS 中的单位代码，或先添加该单位。';

    it('is warned about at start, naming the token and the agency', () => {
      const warning = logLines.map((line) => JSON.parse(line) as Json).find((l) => l.name === 'ghost-admin');
      expect(warning).toMatchObject({ level: 40, agency: 'nosuch', msg: expect.stringContaining('does not exist') });
    });

    it('is refused at login and on every route with the reason, until the agency is added', async () => {
      const login = await fetch(`${h.runtime.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: ghostToken }) });
      expect(login.status).toBe(403);
      expect(login.headers.get('set-cookie')).toBeNull();
      expect(await login.json()).toEqual({ error: 'unknown_agency', message });
      expect(await json('/api/me', { token: ghostToken })).toEqual({ status: 403, body: { error: 'unknown_agency', message } });
      expect((await json('/api/cases', { token: ghostToken })).status).toBe(403);

      expect((await json('/api/agencies', { method: 'POST', json: { id: 'nosuch', name: '新设执法单位' } })).status).toBe(200);
      expect(await json('/api/me', { token: ghostToken })).toMatchObject({ status: 200, body: { role: 'agency_admin', agency: 'nosuch', agencyName: '新设执法单位' } });
    });
  });
});
