import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { buildApi } from '../../src/api/index.js';
import { openApiPath } from '../../src/api/router.js';
import { auditModel } from '../../src/models/audit.js';
import { caseModel } from '../../src/models/case.js';
import { leadModel } from '../../src/models/lead.js';
import { recommendationModel } from '../../src/models/recommendation.js';
import { apiTokens, apiTokensEnv } from '../support/api-tokens.js';
import { newMsgId, startBotHarness, type BotHarness } from '../support/bot-harness.js';

const ref14 = '富检行公建[2021]14号';

/** Polls an async condition until it holds (10 s at most). */
async function until(condition: () => Promise<boolean>): Promise<void> {
  for (const end = Date.now() + 10_000; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (await condition()) return;
  throw new Error('condition not met within 10 s');
}
const ref21 = '富检行公建[2021]21号';

describe('admin API (e2e over HTTP, real Redis and MongoDB-wire server)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    // This file's own overrides file, so PUT /api/calendar/overrides does not touch the repository's.
    process.env.CALENDAR_OVERRIDES_FILE = join(mkdtempSync(join(tmpdir(), 'calendar-')), 'overrides.json');
    h = await startBotHarness({ env: { API_TOKENS: apiTokensEnv } });
  });
  afterAll(() => h.stop());

  const call = (path: string, init: RequestInit & { token?: string; json?: unknown } = {}) => {
    const headers: Record<string, string> = { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}) };
    return fetch(`${h.runtime.url}${path}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string> | undefined) }, body: init.json !== undefined ? JSON.stringify(init.json) : init.body, redirect: 'manual' });
  };
  const json = async (path: string, init: Parameters<typeof call>[1] = {}) => {
    const res = await call(path, init);
    return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads arbitrary JSON
  };

  it('answers 401 on every documented route without credentials, and with a wrong token', async () => {
    const { body: doc } = await json('/api/openapi.json', { token: apiTokens.admin });
    // The public operations (login, this description) say so with an empty security list.
    const operations = Object.entries(doc.paths as Record<string, Record<string, { security: unknown[] }>>).flatMap(([path, ops]) =>
      Object.entries(ops).filter(([, op]) => op.security.length > 0).map(([m]) => [m, path.replace(/\{[^}]+\}/g, 'x')] as const));
    expect(operations.length).toBeGreaterThan(20);
    for (const [method, path] of operations) {
      const anonymous = await call(path, { method: method.toUpperCase(), json: method === 'get' || method === 'delete' ? undefined : {} });
      expect(anonymous.status, `${method} ${path}`).toBe(401);
      expect(((await anonymous.json()) as { error: string }).error).toBe('unauthorized');
      expect((await call(path, { method: method.toUpperCase(), token: 'wrong-token-0123456789abcdef' })).status, `${method} ${path} wrong token`).toBe(401);
    }
    expect((await call('/api/stats')).status).toBe(401);
    expect((await call('/api/no-such-thing')).status).toBe(401);
  });

  it('serves an OpenAPI document that matches the registered routes exactly', async () => {
    const { body: doc } = await json('/api/openapi.json', { token: apiTokens.prosecutor });
    const { api } = buildApi({ config: h.config, mongo: h.runtime.mongo, logger: undefined as never, deliveries: undefined as never, evaluations: undefined as never, now: Date.now });
    const registered = api.router.stack.flatMap((layer) => layer.methods.filter((m) => m !== 'HEAD').map((m) => `${m.toLowerCase()} ${openApiPath(String(layer.path))}`)).sort();
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`)).filter((op) => op !== 'post /api/login' && op !== 'get /api/openapi.json').sort();
    expect(documented).toEqual(registered);
    expect(doc.openapi).toBe('3.1.0');
  });

  it('serves the OpenAPI description without credentials, as documented, and nothing else', async () => {
    const anonymous = await json('/api/openapi.json');
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toEqual((await json('/api/openapi.json', { token: apiTokens.prosecutor })).body);
    expect(anonymous.body.paths['/api/openapi.json'].get.security).toEqual([]);
    expect((await call('/api/openapi.json', { method: 'POST', json: {} })).status).toBe(401);
    expect((await call('/api/openapi.jsonx')).status).toBe(401);
  });

  it('logs in with a token for a session cookie that then authenticates, and refuses a wrong token', async () => {
    expect((await call('/api/login', { method: 'POST', json: { token: 'nope-nope-nope-nope' } })).status).toBe(401);
    const login = await call('/api/login', { method: 'POST', json: { token: apiTokens.linyeAdmin } });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/lb_session=.+HttpOnly/i);
    const me = await json('/api/me', { headers: { cookie: cookie.split(';')[0]! } });
    expect(me.body).toMatchObject({ name: 'linye-admin', role: 'agency_admin', agency: 'linye', agencyName: '富阳区林业局' });
    const tampered = cookie.split(';')[0]!.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await call('/api/me', { headers: { cookie: tampered } })).status).toBe(401);
    expect((await call('/api/me', { headers: { cookie: `${cookie.split(';')[0]!}.extra` } })).status).toBe(401);
  });

  it('refuses admin-only operations to a prosecutor, and scopes an agency admin to their agency', async () => {
    expect((await call('/api/agencies', { method: 'POST', token: apiTokens.prosecutor, json: { id: 'x1', name: '某单位' } })).status).toBe(403);
    expect((await call('/api/audit', { token: apiTokens.prosecutor })).status).toBe(403);
    expect((await call('/admin/queues', { token: apiTokens.prosecutor })).status).toBe(403);
    expect((await call('/admin/queues', { token: apiTokens.admin })).status).toBe(200);

    const all = await json('/api/recommendations?pageSize=200', { token: apiTokens.prosecutor });
    expect(all.body.items.map((r: { ref: string }) => r.ref)).toEqual(expect.arrayContaining([ref14, ref21]));
    const scoped = await json('/api/recommendations?pageSize=200&agency=ziran', { token: apiTokens.linyeAdmin });
    expect(scoped.body.items.length).toBeGreaterThan(0);
    expect(scoped.body.items.every((r: { agencyName: string }) => r.agencyName === '富阳区林业局')).toBe(true);
    expect((await call(`/api/recommendations/${encodeURIComponent(ref21)}`, { token: apiTokens.linyeAdmin })).status).toBe(404);
    expect((await call(`/api/recommendations/${encodeURIComponent(ref14)}`, { token: apiTokens.linyeAdmin })).status).toBe(200);
    expect((await call('/api/staff', { method: 'POST', token: apiTokens.linyeAdmin, json: { userid: 'x2', name: '某人', role: 'staff', agency: 'ziran' } })).status).toBe(403);
    const bound = await json('/api/staff', { method: 'POST', token: apiTokens.linyeAdmin, json: { userid: 'newstaff', name: '新人员', role: 'staff' } });
    expect(bound).toMatchObject({ status: 201, body: { id: 'newstaff', agency: 'linye' } });
  });

  it('validates input with readable errors and takes operator-looking values literally', async () => {
    const bad = await json('/api/recommendations', { method: 'POST', token: apiTokens.admin, json: { ref: { $gt: '' }, agency: 'linye', title: 't', requirements: 'r', issuedOn: '2026-13-01' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('invalid_input');
    expect(bad.body.message).toContain('ref');
    expect((await json('/api/recommendations?page=0', { token: apiTokens.admin })).status).toBe(400);
    const injected = await json('/api/recommendations?agency[$ne]=x', { token: apiTokens.admin });
    expect(injected.status).toBe(400);
    const operatorText = await json('/api/recommendations?q=%7B%22%24gt%22%3A%22%22%7D', { token: apiTokens.admin });
    expect(operatorText).toMatchObject({ status: 200, body: { total: 0 } });
    const literal = await json(`/api/recommendations?q=${encodeURIComponent('.*')}`, { token: apiTokens.admin });
    expect(literal.body.total).toBe(0);
    const notJson = await call('/api/recommendations', { method: 'POST', token: apiTokens.admin, body: 'ref=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(notJson.status).toBe(415);
    // Bytes that are not UTF-8, and a lone surrogate, are refused rather than stored altered.
    const badBytes = Buffer.concat([Buffer.from('{"userid":"u9","name":"张'), Buffer.from([0xff, 0xfe]), Buffer.from('","role":"staff","agency":"linye"}')]);
    expect(await json('/api/staff', { method: 'POST', token: apiTokens.admin, body: badBytes, headers: { 'content-type': 'application/json' } })).toMatchObject({ status: 400, body: { error: 'invalid_utf8' } });
    expect(await json('/api/staff', { method: 'POST', token: apiTokens.admin, body: '{"userid":"u9","name":"\\ud800","role":"staff","agency":"linye"}', headers: { 'content-type': 'application/json' } })).toMatchObject({ status: 400, body: { error: 'invalid_utf8' } });
    // A threshold name only counts when the rule has it as its own (not Object.prototype's constructor).
    for (const name of ['constructor', '__proto__']) {
      expect((await call('/api/rules/R01-fine-unpaid', { method: 'PATCH', token: apiTokens.admin, body: `{"params":{"${name}":1}}`, headers: { 'content-type': 'application/json' } })).status, name).toBe(400);
    }
  });

  it('creates a recommendation with its computed due date, and reviews a completion: send back, then accept with 回头看', async () => {
    const created = await json('/api/recommendations', { method: 'POST', token: apiTokens.prosecutor, json: {
      ref: '富检行公建〔2026〕88号', agency: 'linye', title: '督促整治非法采砂', requirements: '依法查处并恢复河道', issuedOn: '2026-09-20', receivedOn: '2026-09-22', urgent: true,
    } });
    expect(created).toMatchObject({ status: 201, body: { ref: '富检行公建[2026]88号', dueOn: '2026-10-08' } });
    expect(created.body.dueRule).toContain('国庆');

    const notYet = await json(`/api/recommendations/${encodeURIComponent('富检行公建[2026]88号')}/review`, { method: 'POST', token: apiTokens.prosecutor, json: { action: 'accept' } });
    expect(notYet.status).toBe(409);

    const before = h.fake.appMessages().length;
    await h.sendText('zhangsan', `完成 ${ref14} 已全部恢复`);
    await until(async () => (await recommendationModel(h.runtime.mongo).findById(ref14).lean())?.status === 'completed');
    const path = `/api/recommendations/${encodeURIComponent(ref14)}/review`;
    expect((await json(path, { method: 'POST', token: apiTokens.prosecutor, json: { action: 'send_back' } })).status).toBe(400);
    expect((await json(path, { method: 'POST', token: apiTokens.linyeAdmin, json: { action: 'accept' } })).status).toBe(403);
    // Named on the recommendation, lijc reviews it, not the agency's wangjc (whose token this is).
    await recommendationModel(h.runtime.mongo).updateOne({ _id: ref14 }, { $set: { prosecutors: ['lijc'] } });
    expect(await json(path, { method: 'POST', token: apiTokens.prosecutor, json: { action: 'accept' } })).toMatchObject({ status: 403, body: { error: 'not_responsible' } });
    expect(await json(path, { method: 'POST', token: apiTokens.prosecutor, json: { action: 'accept' } })).toMatchObject({ status: 403, body: { error: 'not_responsible' } });
    // Each refused attempt is its own audit entry, even within one millisecond of the clock.
    const refusals = await auditModel(h.runtime.mongo).find({ action: 'recommendation.review', outcome: 'refused', 'target.id': ref14 }).lean();
    expect(refusals).toHaveLength(2);
    expect((await recommendationModel(h.runtime.mongo).findById(ref14).lean())?.status).toBe('completed');
    await recommendationModel(h.runtime.mongo).updateOne({ _id: ref14 }, { $set: { prosecutors: [] } });
    const back = await json(path, { method: 'POST', token: apiTokens.prosecutor, json: { action: 'send_back', reason: '缺少现场照片' } });
    expect(back).toMatchObject({ status: 200, body: { status: 'reviewed_not_done', notified: expect.arrayContaining(['zhangsan']) } });
    const told = await h.fake.waitFor(() => h.fake.appMessages().slice(before).find((m) => String(m.touser).includes('zhangsan') && JSON.stringify(m).includes('缺少现场照片')));
    expect(JSON.stringify(told)).toContain('整改未通过审核');

    await h.sendText('zhangsan', `完成 ${ref14} 已补充照片`, newMsgId());
    await until(async () => (await recommendationModel(h.runtime.mongo).findById(ref14).lean())?.status === 'completed');
    const accepted = await json(path, { method: 'POST', token: apiTokens.prosecutor, json: { action: 'accept', note: '现场核实', requestId: 'r-1' } });
    expect(accepted.body).toMatchObject({ status: 'reviewed_done', followUpRule: expect.stringContaining('3个月回头看') });
    const again = await json(path, { method: 'POST', token: apiTokens.prosecutor, json: { action: 'accept', note: '现场核实', requestId: 'r-1' } });
    expect(again.body.status).toBe('reviewed_done');
    const detail = await json(`/api/recommendations/${encodeURIComponent(ref14)}`, { token: apiTokens.prosecutor });
    expect(detail.body.timeline.filter((e: { action: string }) => e.action === 'reviewed')).toHaveLength(2);
    expect(detail.body.timeline.map((e: { byName: string }) => e.byName)).toContain('张三');
    // The registration entry names the document's own dates, not only when it was typed in.
    const issued = await recommendationModel(h.runtime.mongo).findById(ref14).lean();
    expect(detail.body.timeline.find((e: { action: string }) => e.action === 'issued')?.text).toBe(`发出日期 ${issued!.issuedOn.toISOString().slice(0, 10)}，收到日期 ${issued!.receivedOn!.toISOString().slice(0, 10)}`);
  });

  it('reports statistics that match what is stored, by domain, campaign and month', async () => {
    await caseModel(h.runtime.mongo).create({ _id: 'c-api-1', agency: 'linye', caseNumber: '富林罚〔2026〕1号', caseKey: 'k1', party: '某公司', facts: '非法占用林地', status: 'open', createdBy: 'test', sourceId: 's-api-1', createdAt: new Date(), domain: '生态环境和资源保护', campaign: '水源地保护', history: [] });
    const { body } = await json('/api/stats', { token: apiTokens.prosecutor });
    expect(body.total.casesEntered).toBe(await caseModel(h.runtime.mongo).countDocuments());
    expect(body.total.pilLeads).toBe(await leadModel(h.runtime.mongo).countDocuments({ kind: 'pil' }));
    expect(body.byCampaign.find((r: { key: string }) => r.key === '水源地保护').casesEntered).toBe(await caseModel(h.runtime.mongo).countDocuments({ campaign: '水源地保护' }));
    expect(body.byMonth.reduce((n: number, r: { casesEntered: number }) => n + r.casesEntered, 0)).toBe(body.total.casesEntered);
    const scoped = await json('/api/stats', { token: apiTokens.linyeAdmin });
    expect(scoped.body.total.casesEntered).toBe(await caseModel(h.runtime.mongo).countDocuments({ agency: 'linye' }));
  });

  it('takes holiday overrides for an uncovered year, clears its warning for a whole schedule, and moves deadlines with them, those already computed too (admin only)', async () => {
    const before = await json('/api/calendar', { token: apiTokens.prosecutor });
    expect(before.body.warnings.some((w: string) => w.includes('2031年'))).toBe(false); // only this year and next are checked
    const day = (date: string, name: string) => ({ date, working: false, name });
    // A due date computed before 2027's schedule was known: received 2026-12-01, due Monday 2027-02-01.
    const early = '富检行公建[2026]951号';
    await recommendationModel(h.runtime.mongo).create({ _id: early, ref: early, refSerial: 951, refYear: 2026, agency: 'linye', title: '测试', requirements: '测试', cases: [], issuedOn: new Date('2026-11-28'), receivedOn: new Date('2026-12-01'), urgent: false, dueOn: new Date('2027-02-01'), status: 'received', percent: 0, prosecutors: [], history: [] });
    const partial = { overrides: [day('2027-10-01', '国庆节')] };
    const partialPut = await json('/api/calendar/overrides', { method: 'PUT', token: apiTokens.admin, json: partial });
    // One day is not the year's schedule: the warning stays, saying it is incomplete.
    expect(partialPut.body.warnings.some((w: string) => w.startsWith('2027年的法定节假日安排录入不完整'))).toBe(true);
    const overrides = { overrides: [
      day('2027-01-01', '元旦'), ...['01', '02', '03', '04', '05'].map((d) => day(`2027-02-${d}`, '春节')),
      ...['01', '02', '03', '04', '05', '06', '07', '08'].map((d) => day(`2027-10-${d}`, '国庆节')),
    ] };
    expect((await call('/api/calendar/overrides', { method: 'PUT', token: apiTokens.prosecutor, json: overrides })).status).toBe(403);
    const bad = await json('/api/calendar/overrides', { method: 'PUT', token: apiTokens.admin, json: { overrides: [{ date: '2027-02-30', working: false }] } });
    expect(bad.status).toBe(400);
    // The operator's explanation in the file survives a PUT that brings none.
    writeFileSync(process.env.CALENDAR_OVERRIDES_FILE!, JSON.stringify({ comment: '运维说明：2027年安排按国务院通知录入', overrides: partial.overrides }));
    const put = await json('/api/calendar/overrides', { method: 'PUT', token: apiTokens.admin, json: overrides });
    expect(put.status).toBe(200);
    expect(JSON.parse(readFileSync(process.env.CALENDAR_OVERRIDES_FILE!, 'utf8')).comment).toBe('运维说明：2027年安排按国务院通知录入');
    expect(put.body.warnings.some((w: string) => w.startsWith('2027年'))).toBe(false);
    // 2027-02-01 is now a day off: the due date moves past the holiday and the weekend, the old one kept in the history.
    expect(put.body.recomputed).toContainEqual({ ref: early, from: '2027-02-01', to: '2027-02-08' });
    const moved = await recommendationModel(h.runtime.mongo).findById(early).lean();
    expect(moved?.history.at(-1)).toMatchObject({ action: 'due_recomputed', by: 'ops', detail: { reason: 'calendar' } });
    // Received 2027-09-23, urgent: 15 days end on 2027-10-08, now a holiday → the next working day. Receipt dates
    // may not lie in the future, so the clock stands on 2027-09-24 for this one request.
    const away = Date.parse('2027-09-24T10:00:00+08:00') - h.clock.now();
    h.clock.advance(away);
    const created = await json('/api/recommendations', { method: 'POST', token: apiTokens.admin, json: {
      ref: '富检行公建〔2027〕1号', agency: 'linye', title: '测试', requirements: '测试', issuedOn: '2027-09-20', receivedOn: '2027-09-23', urgent: true,
    } }).finally(() => h.clock.advance(-away));
    expect(created.body.dueOn).toBe('2027-10-11');
    expect(created.body.dueRule).toContain('国庆节');
  });

  it('records a case from the API once per request id, scoped to the agency admin\'s agency', async () => {
    const body = { requestId: 'import-7', caseNumber: '富林罚〔2026〕77号', party: '某木业公司', facts: '滥伐林木', fineYuan: 8000, finePaid: false, decidedOn: '2026-01-05' };
    const first = await json('/api/cases', { method: 'POST', token: apiTokens.linyeAdmin, json: body });
    expect(first).toMatchObject({ status: 201, body: { created: true } });
    expect((await json('/api/cases', { method: 'POST', token: apiTokens.linyeAdmin, json: body })).body).toMatchObject({ id: first.body.id, created: false });
    expect((await json('/api/cases', { method: 'POST', token: apiTokens.linyeAdmin, json: { ...body, requestId: 'other' } })).status).toBe(409);
    expect((await json('/api/cases', { method: 'POST', token: apiTokens.linyeAdmin, json: { ...body, requestId: 'x', agency: 'ziran' } })).status).toBe(403);
    expect((await json('/api/cases', { method: 'POST', token: apiTokens.prosecutor, json: body })).status).toBe(403);
    expect(await caseModel(h.runtime.mongo).countDocuments({ caseNumber: body.caseNumber })).toBe(1);
    expect((await caseModel(h.runtime.mongo).findById(first.body.id).lean())?.agency).toBe('linye');
  });

  it('refuses a case number with another agency\'s 字号 (new or corrected) until confirmed, as chat asks', async () => {
    // seed/demo.json's 市场监管局 case is 富市监罚〔2026〕21号: 富市监罚 is theirs.
    const body = { requestId: 'foreign-1', caseNumber: '富市监罚〔2026〕901号', party: '某木材厂', facts: '滥伐林木2立方米' };
    const refused = await json('/api/cases', { method: 'POST', token: apiTokens.linyeAdmin, json: body });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: 'foreign_prefix' });
    expect(refused.body.message).toContain('字号「富市监罚」此前只用于富阳区市场监管局的案件');
    expect(await caseModel(h.runtime.mongo).countDocuments({ caseNumber: body.caseNumber })).toBe(0);

    const own = await json('/api/cases', { method: 'POST', token: apiTokens.linyeAdmin, json: { ...body, requestId: 'foreign-2', caseNumber: '富林罚〔2026〕902号' } });
    expect(own.status).toBe(201);
    const renumber = { requestId: 'foreign-3', caseNumber: '富市监罚〔2026〕903号' };
    const amendRefused = await json(`/api/cases/${own.body.id}`, { method: 'PATCH', token: apiTokens.linyeAdmin, json: renumber });
    expect(amendRefused).toMatchObject({ status: 409, body: { error: 'foreign_prefix' } });
    expect((await caseModel(h.runtime.mongo).findById(own.body.id).lean())?.caseNumber).toBe('富林罚〔2026〕902号');

    const confirmed = await json('/api/cases', { method: 'POST', token: apiTokens.linyeAdmin, json: { ...body, confirmPrefix: true } });
    expect(confirmed).toMatchObject({ status: 201, body: { created: true } });
    expect((await caseModel(h.runtime.mongo).findById(confirmed.body.id).lean())?.agency).toBe('linye');
    // Confirmed once, the 字号 is the agency's too: the correction needs no second confirmation.
    expect((await json(`/api/cases/${own.body.id}`, { method: 'PATCH', token: apiTokens.linyeAdmin, json: renumber })).status).toBe(200);
  });

  it('exports a list to Excel with the same columns and rows as the JSON list', async () => {
    const list = await json('/api/recommendations?pageSize=200', { token: apiTokens.prosecutor });
    const res = await call('/api/recommendations?format=xlsx', { token: apiTokens.prosecutor });
    expect(res.headers.get('content-type'), await res.clone().text()).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(list.body.columns.map((c: { title: string }) => c.title));
    expect(sheet.rowCount - 1).toBe(list.body.total);
    const refs = Array.from({ length: sheet.rowCount - 1 }, (_, i) => sheet.getRow(i + 2).getCell(1).value);
    expect(refs.sort()).toEqual(list.body.items.map((r: { ref: string }) => r.ref).sort());
  });
});
