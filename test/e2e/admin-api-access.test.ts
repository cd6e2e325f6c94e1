/**
 * Who may do what through the admin API, over HTTP against the real services: an agency admin binds only its own
 * agency's staff (a refusal is audited and changes nothing) and sees no lead of any kind (the dashboard's side of
 * that is in test/browser/dashboard.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { auditModel } from '../../src/models/audit.js';
import { caseModel } from '../../src/models/case.js';
import { indexLead } from '../../src/leads/lead-index.js';
import { leadModel, type LeadRecord } from '../../src/models/lead.js';
import { staffModel } from '../../src/models/staff.js';
import { apiTokens, apiTokensEnv } from '../support/api-tokens.js';
import { apiClient, type Json } from '../support/api-client.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';


describe('admin API access by role (e2e over HTTP, real Redis and MongoDB-wire server)', () => {
  let h: BotHarness;
  /** A criminal transfer decided on a 林业局 case: the kind of lead an agency must not read. */
  const lead = { id: '', number: 'XS-2026-0801', title: '滥伐林木数量较大，涉嫌犯罪' };
  let linyeCaseId = '';

  beforeAll(async () => {
    h = await startBotHarness({ env: { API_TOKENS: apiTokensEnv } });
    const mongo = h.runtime.mongo;
    const linyeCase = (await caseModel(mongo).findOne({ agency: 'linye' }).lean())!;
    linyeCaseId = linyeCase._id;
    lead.id = `case:${linyeCase._id}:R99-test`;
    const now = new Date(h.clock.now());
    const record: LeadRecord = {
      _id: lead.id, number: lead.number, kind: 'criminal', ruleId: 'R99-test', ruleVersion: 1, title: lead.title, explanation: '滥伐林木蓄积量达到立案标准',
      values: [], legalBasis: '《刑法》第三百四十五条', subject: { kind: 'case', id: linyeCase._id, label: linyeCase.caseNumber, agency: 'linye' },
      status: 'criminal', decision: { action: 'criminal', by: 'wangjc', byName: '王检察官', at: now }, createdAt: now, history: [],
    };
    // Filed under its case as the rules file every lead they raise, so the case detail reads it by _id.
    await indexLead(mongo, record.subject, lead.id);
    await leadModel(mongo).create(record);
  });
  afterAll(() => h.stop());

  const { call, json } = apiClient(() => h.runtime.url!);
  const bind = (token: string, body: Json) => json('/api/staff', { method: 'POST', token, json: body });
  const staff = (userid: string) => staffModel(h.runtime.mongo).findById(userid).lean();
  const refusalsOf = (userid: string) => auditModel(h.runtime.mongo).find({ actor: 'linye-admin', outcome: 'refused', 'target.id': userid }).lean();

  describe('staff bindings by an agency admin', () => {
    it.each([
      ['the prosecutor', 'wangjc', { name: '王检察官', role: 'staff', agency: 'linye' }],
      ['the prosecutor, agency left out', 'wangjc', { name: '王检察官', role: 'staff' }],
      ['the platform admin', 'admin', { name: '平台管理员', role: 'staff' }],
      ['another agency\'s staff member', 'lisi', { name: '李四', role: 'staff' }],
      ['a fellow agency admin of its own agency', 'zhaoliu', { name: '赵六', role: 'staff' }],
      ['its own staff member, made agency admin', 'zhangsan', { name: '张三', role: 'agency_admin' }],
      ['its own staff member, moved to another agency', 'zhangsan', { name: '张三', role: 'staff', agency: 'ziran' }],
    ])('refuses to rebind %s (403, Chinese reason, audited, binding unchanged)', async (_label, userid, body) => {
      const before = await staff(userid);
      const refusedBefore = (await refusalsOf(userid)).length;
      const answer = await bind(apiTokens.linyeAdmin, { userid, ...body });
      expect(answer.status).toBe(403);
      expect(answer.body.error).toBe('forbidden');
      expect(answer.body.message).toMatch(/单位管理员/);
      expect(await staff(userid)).toEqual(before);
      const refused = await refusalsOf(userid);
      expect(refused.length).toBe(refusedBefore + 1);
      expect(refused.at(-1)).toMatchObject({ action: 'staff.bind', outcome: 'refused' });
    });

    it('refuses a deactivated binding of another agency: it is not free to take', async () => {
      expect((await call('/api/staff/qianqi', { method: 'DELETE', token: apiTokens.admin })).status).toBe(200);
      const answer = await bind(apiTokens.linyeAdmin, { userid: 'qianqi', name: '钱七', role: 'staff' });
      expect(answer.status).toBe(403);
      expect(await staff('qianqi')).toMatchObject({ agency: 'shichang', active: false });
    });

    it('binds an unbound userid as its own staff, and may rename its own staff member', async () => {
      expect(await bind(apiTokens.linyeAdmin, { userid: 'xinren', name: '新人', role: 'staff' })).toMatchObject({ status: 201, body: { agency: 'linye', role: 'staff' } });
      expect(await bind(apiTokens.linyeAdmin, { userid: 'zhangsan', name: '张三丰', role: 'staff', agency: 'linye' })).toMatchObject({ status: 201, body: { name: '张三丰' } });
      expect(await staff('zhangsan')).toMatchObject({ agency: 'linye', role: 'staff', name: '张三丰', active: true });
    });

    it('unbinds only its own staff: a fellow agency admin is 403 and another agency\'s person 404, both audited', async () => {
      const admin = await json('/api/staff/zhaoliu', { method: 'DELETE', token: apiTokens.linyeAdmin });
      expect(admin).toMatchObject({ status: 403, body: { error: 'forbidden' } });
      expect(admin.body.message).toMatch(/执法人员/);
      expect((await call('/api/staff/wangjc', { method: 'DELETE', token: apiTokens.linyeAdmin })).status).toBe(404);
      expect(await staff('zhaoliu')).toMatchObject({ active: true, role: 'agency_admin' });
      expect(await staff('wangjc')).toMatchObject({ active: true, role: 'prosecutor' });
      expect((await refusalsOf('zhaoliu')).some((a) => a.action === 'staff.unbind')).toBe(true);
      expect((await refusalsOf('wangjc')).some((a) => a.action === 'staff.unbind')).toBe(true);
      expect(await json('/api/staff/xinren', { method: 'DELETE', token: apiTokens.linyeAdmin })).toMatchObject({ status: 200, body: { active: false } });
    });

    it('lets the platform admin bind anyone anywhere', async () => {
      expect(await bind(apiTokens.admin, { userid: 'lijc', name: '李检察官', role: 'staff', agency: 'linye' })).toMatchObject({ status: 201, body: { agency: 'linye' } });
      expect(await bind(apiTokens.admin, { userid: 'lijc', name: '李检察官', role: 'prosecutor' })).toMatchObject({ status: 201, body: { role: 'prosecutor', agency: null } });
    });
  });

  describe('leads are the procuratorate\'s own', () => {
    it('answers an agency admin 403 on the lead list, its export, its filters and a lead of its own agency', async () => {
      for (const path of ['/api/leads', '/api/leads?format=xlsx', '/api/leads?status=criminal', `/api/leads/${encodeURIComponent(lead.id)}`]) {
        const response = await call(path, { token: apiTokens.linyeAdmin });
        expect(response.status, path).toBe(403);
        const text = await response.text();
        expect(text, path).not.toContain(lead.title);
        expect(JSON.parse(text), path).toMatchObject({ error: 'forbidden', message: expect.stringMatching(/线索/) });
      }
    });

    it('lists no lead in a case detail for an agency admin, while a prosecutor sees it with the decision', async () => {
      const mine = await json(`/api/cases/${linyeCaseId}`, { token: apiTokens.linyeAdmin });
      expect(mine.status).toBe(200);
      expect(mine.body).not.toHaveProperty('leads');
      expect(JSON.stringify(mine.body)).not.toContain(lead.number);
      const prosecutor = await json(`/api/cases/${linyeCaseId}`, { token: apiTokens.prosecutor });
      expect(prosecutor.body.leads).toEqual(expect.arrayContaining([expect.objectContaining({ number: lead.number, statusName: '转刑事线索' })]));
      const detail = await json(`/api/leads/${encodeURIComponent(lead.id)}`, { token: apiTokens.prosecutor });
      expect(detail.body.lead).toMatchObject({ number: lead.number, decision: { by: 'wangjc' } });
    });

    it('filters the queue by 已撤回 and shows a withdrawn lead with why and when it was withdrawn', async () => {
      const withdrawn = { id: `${lead.id}-withdrawn`, number: 'XS-2026-0802' };
      const at = new Date(h.clock.now());
      await leadModel(h.runtime.mongo).create({
        _id: withdrawn.id, number: withdrawn.number, kind: 'irregular', ruleId: 'R99-test', ruleVersion: 1, title: '测试线索', explanation: '测试', values: [], legalBasis: '测试',
        subject: { kind: 'case', id: linyeCaseId, label: '测试', agency: 'linye' }, status: 'withdrawn', createdAt: at,
        history: [{ at, by: 'rules', action: 'withdrawn', sourceId: 'test-withdrawn', detail: { reason: '依据的数据已更正，规则条件不再成立' } }],
      });
      const list = await json('/api/leads?status=withdrawn', { token: apiTokens.prosecutor });
      expect(list.body.items.map((l: Json) => l.number)).toEqual([withdrawn.number]);
      const detail = await json(`/api/leads/${encodeURIComponent(withdrawn.id)}`, { token: apiTokens.prosecutor });
      expect(detail.body.lead).toMatchObject({ statusName: '已撤回', statusText: expect.stringMatching(/^已撤回（依据的数据已更正，规则条件不再成立，\d{4}-\d{2}-\d{2} \d{2}:\d{2}）$/) });
    });

    it('exports the lead queue to a prosecutor', async () => {
      const response = await call('/api/leads?format=xlsx', { token: apiTokens.prosecutor });
      expect(response.status).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ExcelJS.Buffer);
      const numbers = workbook.worksheets[0]!.getColumn(1).values.map(String);
      expect(numbers).toContain(lead.number);
    });

    it('gives an agency admin statistics of its cases without any lead figure, which prosecutors keep', async () => {
      const stats = await json('/api/stats', { token: apiTokens.linyeAdmin });
      expect(stats.status).toBe(200);
      expect(stats.body.total).not.toHaveProperty('criminalLeads');
      expect(JSON.stringify(stats.body)).not.toMatch(/Leads|irregularEnforcement|generalViolations|pilCases/);
      expect((await json('/api/stats', { token: apiTokens.prosecutor })).body.total.criminalLeads).toBeGreaterThanOrEqual(1);
    });

    it('describes the lead routes as closed to agency admins', async () => {
      const { body: doc } = await json('/api/openapi.json');
      for (const path of ['/api/leads', '/api/leads/{id}']) expect(doc.paths[path].get['x-roles'], path).toEqual(['admin', 'prosecutor']);
    });
  });
});
