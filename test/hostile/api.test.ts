/**
 * Hostile calls to the admin API (issue #9, part 3): missing, forged and foreign credentials, the wrong role,
 * an agency admin reaching into another agency, operator injection in query strings, paths and JSON bodies, and
 * bodies that are too large or not JSON. Each must be refused (or taken literally), change nothing, and leave no
 * token in the logs. test/e2e/admin-api.test.ts covers the basic 401/403 and one injected query; these go further.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiBodyLimit } from '../../src/api/body.js';
import { caseModel } from '../../src/models/case.js';
import { leadModel, type LeadRecord } from '../../src/models/lead.js';
import { evidenceModel, progressModel } from '../../src/models/progress.js';
import { staffModel } from '../../src/models/staff.js';
import { apiTokens, apiTokensEnv } from '../support/api-tokens.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { captureLogs, collectionsSnapshot, domainCollections, expectNoSecretIn, queueSnapshot, quietSchedules, secretsOf, warnLevel } from './hostile-kit.js';

const logs = captureLogs();
const ref21 = '富检行公建[2021]21号';
/** Tokens presented by the tests that are not configured; they must not be logged either. */
const forgedTokens = ['forged-token-9f8e7d6c5b4a3210', `${apiTokens.admin.slice(0, -1)}X`, apiTokens.admin.toUpperCase()];

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON answers

describe('hostile admin API calls are refused, change nothing, and leave no token in the logs', () => {
  let h: BotHarness;
  /** Another agency's (自然资源局) records that the 林业局 agency admin must not see. */
  const ziran = { caseId: '', caseParty: '', leadId: 'case:hostile-ziran:R01-fine-unpaid', sha256: 'a'.repeat(64) };

  beforeAll(async () => {
    // This file's own holiday overrides file, so no request here can touch the repository's.
    process.env.CALENDAR_OVERRIDES_FILE = join(mkdtempSync(join(tmpdir(), 'hostile-calendar-')), 'overrides.json');
    h = await startBotHarness({ logger: logs.logger, env: { API_TOKENS: apiTokensEnv, ...quietSchedules } });
    const mongo = h.runtime.mongo;
    const zCase = (await caseModel(mongo).findOne({ agency: 'ziran' }).lean())!;
    Object.assign(ziran, { caseId: zCase._id, caseParty: zCase.party });
    const now = new Date(h.clock.now());
    const lead: LeadRecord = {
      _id: ziran.leadId, number: 'XS-2026-0901', kind: 'pil', ruleId: 'R01-fine-unpaid', ruleVersion: 1, title: '罚款逾期未缴纳', explanation: '自然资源局的线索',
      values: [], legalBasis: '《行政诉讼法》第二十五条第四款', subject: { kind: 'case', id: zCase._id, label: zCase.caseNumber, agency: 'ziran' }, status: 'open', createdAt: now, history: [],
    };
    await leadModel(mongo).create(lead);
    await evidenceModel(mongo).create({ _id: ziran.sha256, bytes: Buffer.from('photo of the quarry'), contentType: 'image/jpeg', size: 19, storedAt: now });
    await progressModel(mongo).create({
      _id: 'msg:hostile-ziran-1', recommendation: ref21, ref: ref21, agency: 'ziran', author: 'lisi', kind: 'progress', percent: 30, quantities: [],
      evidence: [{ sha256: ziran.sha256, filename: '矿山.jpg', contentType: 'image/jpeg', size: 19, messageId: 'msg:hostile-ziran-2', at: now }], createdAt: now, previous: { status: 'received', percent: 0 },
    });
  });
  afterAll(() => h.stop());

  const call = (path: string, init: { method?: string; token?: string; json?: unknown; body?: string | Buffer; headers?: Record<string, string> } = {}) => {
    const headers: Record<string, string> = {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.json !== undefined || init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    };
    return fetch(`${h.runtime.url}${path}`, { method: init.method ?? 'GET', headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body, redirect: 'manual' });
  };
  const json = async (path: string, init: Parameters<typeof call>[1] = {}) => {
    const response = await call(path, init);
    return { status: response.status, body: (await response.json()) as Json };
  };
  const state = async () => ({ data: await collectionsSnapshot(h, [...domainCollections, 'audit', 'deliveries', 'messages']), queues: await queueSnapshot(h) });

  /** Runs `act`, then checks that no stored record and no queue changed. */
  async function unchanged<T>(act: () => Promise<T>): Promise<T> {
    const before = await state();
    const result = await act();
    expect(await state()).toEqual(before);
    return result;
  }

  /** Runs `act`, then checks that no record and no queue changed, and that the audit log gained only refusals. */
  async function refusedAndAudited<T>(act: () => Promise<T>): Promise<T> {
    const records = async () => ({ data: await collectionsSnapshot(h, [...domainCollections, 'deliveries', 'messages']), queues: await queueSnapshot(h) });
    const audit = () => h.runtime.mongo.db!.collection('audit').find({}).toArray();
    const before = await records();
    const audited = new Set((await audit()).map((a) => String(a._id)));
    const result = await act();
    expect(await records()).toEqual(before);
    const added = (await audit()).filter((a) => !audited.has(String(a._id)));
    expect(added.length).toBeGreaterThan(0);
    expect(added.every((a) => a.outcome === 'refused' && a.actor === 'linye-admin')).toBe(true);
    return result;
  }

  /** The 'api access refused' warnings logged since `mark`. */
  const refusals = (mark: number) => logs.since(mark).filter((e) => e.msg === 'api access refused');

  describe('the wrong role', () => {
    /** Every documented operation, with its roles (x-roles), path parameters filled with a placeholder. */
    async function operations(): Promise<Array<{ method: string; path: string; roles: string[] }>> {
      const { body: doc } = await json('/api/openapi.json', { token: apiTokens.admin });
      return Object.entries(doc.paths as Record<string, Record<string, Json>>).flatMap(([path, ops]) =>
        Object.entries(ops).filter(([, op]) => Array.isArray(op['x-roles'])).map(([method, op]) => ({ method: method.toUpperCase(), path: path.replace(/\{[^}]+\}/g, 'R01-fine-unpaid'), roles: op['x-roles'] as string[] })));
    }

    it.each([
      ['a prosecutor', 'prosecutor', apiTokens.prosecutor, 'wangjc'],
      ['the 林业局 agency admin', 'agency_admin', apiTokens.linyeAdmin, 'linye-admin'],
    ])('gives %s 403 on every route its role may not use, logged with the principal and without the token', async (_label, role, token, principal) => {
      const forbidden = (await operations()).filter((op) => !op.roles.includes(role));
      expect(forbidden.length).toBeGreaterThanOrEqual(role === 'prosecutor' ? 6 : 5);
      const mark = logs.entries().length;
      await unchanged(async () => {
        for (const op of forbidden) {
          // A body that would be valid for the route, so only the role check stands between the caller and a change.
          const body = op.method === 'GET' || op.method === 'DELETE' ? undefined : { id: 'evil', name: '恶意单位', enabled: false, overrides: [], userid: 'evil', role: 'admin' };
          expect((await call(op.path, { method: op.method, token, json: body })).status, `${op.method} ${op.path}`).toBe(403);
        }
      });
      const logged = refusals(mark);
      expect(logged.map((e) => `${String(e.method)} ${String(e.path)}`).sort()).toEqual(forbidden.map((op) => `${op.method} ${op.path}`).sort());
      expect(logged.every((e) => e.status === 403 && e.principal === principal && e.level === warnLevel)).toBe(true);
      expect(logs.text()).not.toContain(token);
    });
  });

  describe('an agency admin reaching into another agency', () => {
    const records = () => [
      ['recommendation', `/api/recommendations/${encodeURIComponent(ref21)}`, `/api/recommendations/${encodeURIComponent('富检行公建[2021]999号')}`, '督促查处非法采矿'],
      ['case', `/api/cases/${ziran.caseId}`, '/api/cases/00000000-0000-4000-8000-000000000000', ziran.caseParty],
      ['evidence', `/api/evidence/${ziran.sha256}`, `/api/evidence/${'b'.repeat(64)}`, 'photo of the quarry'],
    ] as const;

    it('gets 404 for another agency\'s recommendation, case and evidence, answered exactly as for one that does not exist', async () => {
      for (const [what, path, missingPath, secretText] of records()) {
        expect((await call(path, { token: apiTokens.prosecutor })).status, `${what}: a prosecutor sees it, so it exists`).toBe(200);
        const foreign = await call(path, { token: apiTokens.linyeAdmin });
        const missing = await call(missingPath, { token: apiTokens.linyeAdmin });
        expect([foreign.status, missing.status], what).toEqual([404, 404]);
        const [foreignBody, missingBody] = [(await foreign.json()) as Json, (await missing.json()) as Json];
        expect(foreignBody.error, what).toBe(missingBody.error);
        expect(JSON.stringify(foreignBody), what).not.toContain(secretText);
      }
    });

    it('gets 403 for any lead, of another agency or its own, exactly as for one that does not exist', async () => {
      for (const path of [`/api/leads/${encodeURIComponent(ziran.leadId)}`, `/api/leads/${encodeURIComponent('case:none:R01-fine-unpaid')}`, '/api/leads?agency=ziran']) {
        const answer = await json(path, { token: apiTokens.linyeAdmin });
        expect(answer.status, path).toBe(403);
        expect(JSON.stringify(answer.body), path).not.toContain('自然资源局的线索');
      }
    });

    it.each(['/api/cases', '/api/staff', '/api/board', '/api/recommendations'])('lists only its own agency on %s, whatever agency it asks for', async (path) => {
      const { status, body } = await json(`${path}?agency=ziran&pageSize=200`, { token: apiTokens.linyeAdmin });
      expect(status).toBe(200);
      const ids = (body.items as Json[]).map((row) => String(row.id));
      expect(ids).not.toContain(ziran.caseId);
      expect(ids).not.toContain(ziran.leadId);
      expect(ids).not.toContain('lisi');
      expect(ids).not.toContain(ref21);
      expect((body.items as Json[]).every((row) => row.agencyName === '富阳区林业局')).toBe(true);
    });

    it('cannot unbind another agency\'s staff member (404) or bind someone into another agency (403); both are audited as refused', async () => {
      await refusedAndAudited(async () => {
        expect((await call('/api/staff/lisi', { method: 'DELETE', token: apiTokens.linyeAdmin })).status).toBe(404);
        expect((await call('/api/staff', { method: 'POST', token: apiTokens.linyeAdmin, json: { userid: 'mole', name: '卧底', role: 'staff', agency: 'ziran' } })).status).toBe(403);
      });
      expect((await staffModel(h.runtime.mongo).findById('lisi').lean())?.active).toBe(true);
    });
  });

  describe('missing, forged and foreign credentials', () => {
    const credentials: Array<[string, Record<string, string>, string]> = [
      ['no credentials at all', {}, ''],
      ['a bearer token nobody was given', { authorization: `Bearer ${forgedTokens[0]}` }, ''],
      ['the admin token with its last character changed', { authorization: `Bearer ${forgedTokens[1]}` }, ''],
      ['the admin token in upper case', { authorization: `Bearer ${forgedTokens[2]}` }, ''],
      ['the admin token followed by another word', { authorization: `Bearer ${apiTokens.admin} ${apiTokens.admin}` }, ''],
      ['the admin token without the Bearer scheme', { authorization: apiTokens.admin }, ''],
      ['the admin token as Basic credentials', { authorization: `Basic ${Buffer.from(`ops:${apiTokens.admin}`).toString('base64')}` }, ''],
      ['the admin token in an X-Api-Key header', { 'x-api-key': apiTokens.admin }, ''],
      ['the admin token in the query string', {}, `?access_token=${apiTokens.admin}&token=${apiTokens.admin}`],
      ['the admin token as the session cookie', { cookie: `lb_session=${apiTokens.admin}` }, ''],
    ];

    it.each(credentials)('answers %s with 401 on a write, stores nothing, and logs the refusal without the token', async (_label, headers, query) => {
      const mark = logs.entries().length;
      const response = await unchanged(() => call(`/api/agencies${query}`, { method: 'POST', headers, json: { id: 'evil', name: '恶意单位' } }));
      expect(response.status).toBe(401);
      expect(((await response.json()) as Json).error).toBe('unauthorized');
      const logged = refusals(mark);
      expect(logged).toEqual([expect.objectContaining({ status: 401, path: '/api/agencies', method: 'POST', level: warnLevel })]);
      expect(logged[0]).not.toHaveProperty('principal');
    });

    it.each([
      ['an operator instead of a token', '{"token":{"$gt":""}}'],
      ['a list of tokens', JSON.stringify({ token: [apiTokens.admin] })],
      ['the admin token with a trailing space', JSON.stringify({ token: `${apiTokens.admin} ` })],
      ['an empty token', '{"token":""}'],
      ['a token that is not JSON at all', `token=${apiTokens.admin}`],
    ])('refuses a dashboard login with %s (401), sets no cookie, and logs it without the token', async (_label, body) => {
      const mark = logs.entries().length;
      const response = await call('/api/login', { method: 'POST', body });
      expect(response.status).toBe(401);
      expect(response.headers.get('set-cookie')).toBeNull();
      expect(logs.since(mark)).toEqual(expect.arrayContaining([expect.objectContaining({ msg: 'dashboard login refused', level: warnLevel })]));
    });

    it('refuses a session cookie re-signed for another name or session, with a moved expiry, or cut short (401), while the genuine one works', async () => {
      const login = await call('/api/login', { method: 'POST', json: { token: apiTokens.linyeAdmin } });
      const genuine = /lb_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')![1]!;
      const [name, id, expires, sig] = genuine.split('.') as [string, string, string, string];
      expect((await call('/api/me', { headers: { cookie: `lb_session=${genuine}` } })).status).toBe(200);
      const forged = [
        `ops.${id}.${expires}.${sig}`, `wangjc.${id}.${expires}.${sig}`, `${name}.${'A'.repeat(22)}.${expires}.${sig}`, `${name}.${id}.${Number(expires) + 365 * 86_400_000}.${sig}`,
        `${name}.${id}.Infinity.${sig}`, `${name}.${id}.${expires}.`, `${name}.${id}.${expires}`, `${name}.${expires}.${sig}`,
        `${name}.${id}.${expires}.${Buffer.alloc(32).toString('base64url')}`, `${name}.${id}.${expires}.${sig.slice(0, -2)}`,
      ];
      const mark = logs.entries().length;
      for (const cookie of forged) {
        await unchanged(async () => expect((await call('/api/agencies', { method: 'POST', headers: { cookie: `lb_session=${cookie}` }, json: { id: 'evil', name: '恶意单位' } })).status, cookie).toBe(401));
      }
      expect(refusals(mark)).toHaveLength(forged.length);
      expect(logs.text()).not.toContain(sig);
    });
  });

  describe('operator injection', () => {
    it.each([
      '/api/recommendations?agency[$ne]=linye', '/api/recommendations?q[$regex]=.*', '/api/recommendations?agency=linye&agency=ziran',
      '/api/cases?agency[$ne]=linye', '/api/cases?q[$regex]=.*', '/api/cases?domain[$exists]=true', '/api/leads?status[$ne]=open',
      '/api/leads?kind[$in]=pil', '/api/staff?role[$in]=admin', '/api/audit?actor[$regex]=.*', '/api/board?agency[$gt]=', '/api/stats?from[$gt]=',
      '/api/agencies?_id[$ne]=x', '/api/audit?actor=ops&actor=wangjc',
    ])('refuses the operator or repeated parameter in %s with 400', async (path) => {
      const { status, body } = await unchanged(() => json(path, { token: apiTokens.admin }));
      expect(status).toBe(400);
      expect(body.error).toBe('invalid_input');
    });

    it.each([
      ['/api/cases?q={"$gt":""}', 'cases'], ['/api/cases?domain=.*', 'cases'], ['/api/recommendations?q=^富', 'recommendations'],
      ['/api/audit?actor={"$ne":null}', 'audit'], ['/api/staff?agency={"$ne":"x"}', 'staff'], ['/api/leads?agency={"$ne":"x"}', 'leads'],
      ['/api/audit?action=.*', 'audit'],
    ])('takes operator-looking text in %s literally: it matches nothing', async (path, collection) => {
      expect(await h.runtime.mongo.db!.collection(collection).countDocuments(), `${collection} must not be empty, or matching nothing proves nothing`).toBeGreaterThan(0);
      const { status, body } = await json(encodeURI(path), { token: apiTokens.admin });
      expect(status).toBe(200);
      expect(body.total).toBe(0);
    });

    it.each([
      ['POST', '/api/staff', { userid: { $gt: '' }, name: '某人', role: 'staff', agency: 'linye' }],
      ['POST', '/api/staff', { userid: 'x9', name: '某人', role: 'staff', agency: { $ne: null } }],
      ['POST', '/api/agencies', { id: { $gt: '' }, name: '某单位' }],
      ['POST', '/api/recommendations', { ref: '富检行公建〔2026〕1号', agency: { $ne: null }, title: 't', requirements: 'r', issuedOn: '2026-01-01' }],
      ['POST', `/api/recommendations/${encodeURIComponent(ref21)}/receipt`, { receivedOn: { $gt: '' } }],
      ['POST', `/api/recommendations/${encodeURIComponent(ref21)}/review`, { action: 'accept', requestId: { $gt: '' } }],
      ['POST', `/api/recommendations/${encodeURIComponent(ref21)}/review`, { action: { $in: ['accept', 'send_back'] } }],
      ['PATCH', '/api/rules/R01-fine-unpaid', { enabled: { $ne: true } }],
      ['PATCH', '/api/rules/R01-fine-unpaid', { params: { days: { $gt: 0 } } }],
      ['PUT', '/api/calendar/overrides', { overrides: [{ date: { $gt: '' }, working: false }] }],
    ])('refuses an operator object in the JSON body of %s %s with 400', async (method, path, body) => {
      const answer = await unchanged(() => json(path, { method, token: apiTokens.admin, json: body }));
      expect(answer).toMatchObject({ status: 400, body: { error: 'invalid_input' } });
    });

    it.each([
      ['_id beside the fields', '/api/agencies', '{"id":"evil","name":"恶意单位","_id":"linye"}'],
      ['__proto__ carrying a role', '/api/staff', '{"userid":"evil","name":"某人","role":"staff","agency":"linye","__proto__":{"role":"admin","isAdmin":true}}'],
      ['constructor.prototype', '/api/staff', '{"userid":"evil","name":"某人","role":"staff","agency":"linye","constructor":{"prototype":{"isAdmin":true}}}'],
      ['an update operator as a key', '/api/agencies', '{"id":"evil","name":"恶意单位","$set":{"robotKey":"stolen"}}'],
      ['a dotted key', '/api/staff', '{"userid":"evil","name":"某人","role":"staff","agency":"linye","boundBy.name":"x"}'],
    ])('refuses a JSON body with %s (400) and pollutes no prototype', async (_label, path, body) => {
      const answer = await unchanged(() => json(path, { method: 'POST', token: apiTokens.admin, body }));
      expect(answer).toMatchObject({ status: 400, body: { error: 'invalid_input' } });
      // The API runs in this process: a polluted Object.prototype would show here.
      expect(({} as Json).isAdmin).toBeUndefined();
      expect(({} as Json).role).toBeUndefined();
    });

    it.each([
      ['GET', '/api/recommendations/{"$gt":""}'], ['GET', '/api/cases/{"$ne":null}'], ['GET', '/api/leads/.*'], ['GET', '/api/evidence/{"$gt":""}'],
      ['GET', '/api/recommendations/..%2F..%2F..%2Fetc%2Fpasswd'], ['DELETE', '/api/staff/{"$ne":null}'], ['DELETE', '/api/staff/.*'],
      ['POST', '/api/recommendations/{"$ne":null}/receipt'],
    ])('takes the path parameter of %s %s literally: 404, nothing matched', async (method, path) => {
      const answer = await unchanged(() => json(encodeURI(path), { method, token: apiTokens.admin, json: method === 'POST' ? { urgent: true } : undefined }));
      expect(answer).toMatchObject({ status: 404, body: { error: 'not_found' } });
    });
  });

  describe('bodies that are too large or not JSON', () => {
    it(`refuses a JSON body one byte over ${apiBodyLimit} bytes with 413, storing nothing`, async () => {
      const head = '{"userid":"big","name":"';
      const tail = '","role":"staff","agency":"linye"}';
      const body = `${head}${'x'.repeat(apiBodyLimit + 1 - head.length - tail.length)}${tail}`;
      expect(Buffer.byteLength(body)).toBe(apiBodyLimit + 1);
      const answer = await unchanged(() => json('/api/staff', { method: 'POST', token: apiTokens.admin, body }));
      expect(answer).toMatchObject({ status: 413, body: { error: 'body_too_large' } });
    });

    it.each([
      ['truncated JSON', '{"userid":"x1","name":', 400, 'invalid_json'],
      ['JSON nested 100 000 levels deep', `{"userid":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, 400, 'invalid_json'], // too deep for the parser's walk: refused as unreadable
      ['a JSON null', 'null', 400, 'invalid_input'],
      ['a JSON array of bodies', '[{"userid":"x1","name":"某人","role":"staff","agency":"linye"}]', 400, 'invalid_input'],
      ['an empty body', '', 400, 'invalid_json'],
    ])('refuses %s with a clean 4xx, never a 500', async (_label, body, status, error) => {
      const answer = await unchanged(() => json('/api/staff', { method: 'POST', token: apiTokens.admin, body }));
      expect(answer).toMatchObject({ status, body: { error } });
    });

    it('refuses a form-encoded or XML body with 415', async () => {
      for (const type of ['application/x-www-form-urlencoded', 'text/xml', 'application/jsonp']) {
        const answer = await unchanged(() => json('/api/staff', { method: 'POST', token: apiTokens.admin, body: 'userid=x1&name=a&role=admin', headers: { 'content-type': type } }));
        expect(answer, type).toMatchObject({ status: 415, body: { error: 'unsupported_media_type' } });
      }
    });
  });

  // Moves the shared clock 12 hours on, so it runs after everything that logs in.
  it('refuses a genuine session cookie once its 12 hours are over (401)', async () => {
    const login = await call('/api/login', { method: 'POST', json: { token: apiTokens.prosecutor } });
    const cookie = /lb_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
    expect((await call('/api/me', { headers: { cookie } })).status).toBe(200);
    h.clock.advance(12 * 3600_000 - 1000);
    expect((await call('/api/me', { headers: { cookie } })).status).toBe(200);
    h.clock.advance(2000);
    const mark = logs.entries().length;
    expect((await call('/api/me', { headers: { cookie } })).status).toBe(401);
    expect(refusals(mark)).toEqual([expect.objectContaining({ status: 401, path: '/api/me' })]);
  });

  it('wrote no secret and no presented token to the logs during all of the above', () => {
    expect(logs.entries().filter((e) => e.msg === 'api access refused').length).toBeGreaterThanOrEqual(30);
    expectNoSecretIn(logs.text(), secretsOf(h, Object.fromEntries(forgedTokens.map((t, i) => [`forged token ${i + 1}`, t]))));
  });
});
