/**
 * What the admin API accepts, over HTTP against the real services: real calendar dates of events that have
 * happened, in order; document numbers in any bracket form; the statistics' 无专项 / 未分类 labels as filters;
 * no silent loss of a second submission under an existing 文号 or request id; and Chinese messages throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseModel } from '../../src/models/case.js';
import { recommendationModel } from '../../src/models/recommendation.js';
import { staffModel } from '../../src/models/staff.js';
import { apiTokens, apiTokensEnv } from '../support/api-tokens.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON answers

/** 01:00 on 2026-11-30 in Shanghai, still 2026-11-29 in UTC: "today" must be the Shanghai day. */
const clockStart = Date.parse('2026-11-30T01:00:00+08:00');
const ref9 = '富检行公建[2021]9号';

/** A message meant for a person reading Chinese: Chinese, with no English sentence in it. */
function expectChinese(message: unknown): void {
  expect(message).toMatch(/[\u4e00-\u9fff]/);
  expect(message).not.toMatch(/\b(?:no|must|is|not|the|required|invalid|expected|received|add it)\b/i);
}

describe('admin API input (e2e over HTTP, real Redis and MongoDB-wire server)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ env: { API_TOKENS: apiTokensEnv }, clockStart });
  });
  afterAll(() => h.stop());

  const json = async (path: string, init: { method?: string; token?: string; json?: unknown } = {}) => {
    const response = await fetch(`${h.runtime.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${init.token ?? apiTokens.admin}`, ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
    });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const post = (path: string, body: unknown, token: string = apiTokens.admin) => json(path, { method: 'POST', token, json: body });
  const recommendation = (ref: string) => recommendationModel(h.runtime.mongo).findById(ref).lean();
  const newCase = (fields: Json) => ({ requestId: `r-${Math.random()}`, caseNumber: `富林罚〔2026〕${Math.floor(Math.random() * 1e6)}号`, party: '某公司', facts: '滥伐林木', ...fields });
  const newRec = (fields: Json) => ({ agency: 'linye', title: '督促整治', requirements: '依法整治', issuedOn: '2026-11-20', ...fields });
  /** Expects a 400 naming `field`, with a Chinese message containing `words`. */
  const expectRefused = (answer: { status: number; body: Json }, field: string, words: RegExp) => {
    expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    expect(answer.body.error).toBe('invalid_input');
    expect(answer.body.message).toContain(field);
    expect(answer.body.message).toMatch(words);
    expectChinese(answer.body.message);
  };

  it('records a case posted by API as chat and spreadsheets do: the domain\'s full name, one campaign spelling, the figures in the facts', async () => {
    const posted = newCase({ facts: '未经批准占用林地12亩建设养殖场', domain: '林业', campaign: '“两山” 清理', fineYuan: 100_000, decidedOn: '2026-11-01' });
    expect((await post('/api/cases', posted, apiTokens.linyeAdmin)).status).toBe(201);
    const stored = await caseModel(h.runtime.mongo).findOne({ caseNumber: posted.caseNumber }).lean();
    expect([stored?.domain, stored?.campaign]).toEqual(['生态环境和资源保护', '两山清理']);
    expect(stored?.quantities).toContainEqual(expect.objectContaining({ value: 12, unit: '亩' }));
    // The same request again is the same case, not a conflict.
    expect(await post('/api/cases', posted, apiTokens.linyeAdmin)).toMatchObject({ status: 201, body: { created: false } });
    expectRefused(await post('/api/cases', newCase({ party: '   ' }), apiTokens.linyeAdmin), 'party', /./);
  });

  describe('dates', () => {
    it('refuses a day that does not exist on every route that takes a date, naming the field, and stores nothing', async () => {
      const badCase = newCase({ decidedOn: '2026-02-30' });
      expectRefused(await post('/api/cases', badCase, apiTokens.linyeAdmin), 'decidedOn', /不是有效的日期/);
      expectRefused(await post('/api/cases', newCase({ filedOn: '2026-13-01' })), 'filedOn', /不是有效的日期/);
      expect(await caseModel(h.runtime.mongo).countDocuments({ caseNumber: badCase.caseNumber })).toBe(0);

      expectRefused(await post('/api/recommendations', newRec({ ref: '富检行公建〔2026〕61号', issuedOn: '2026-11-31' })), 'issuedOn', /不是有效的日期/);
      expectRefused(await post('/api/recommendations', newRec({ ref: '富检行公建〔2026〕61号', receivedOn: '2026-2-3' })), 'receivedOn', /不是有效的日期/);
      expect(await recommendation('富检行公建[2026]61号')).toBeNull();

      const before = await recommendation(ref9);
      expectRefused(await post(`/api/recommendations/${encodeURIComponent(ref9)}/receipt`, { receivedOn: '2026-02-30' }), 'receivedOn', /不是有效的日期/);
      expect(await recommendation(ref9)).toEqual(before);

      expectRefused(await json('/api/stats?from=2026-13-01'), 'from', /不是有效的日期/);
      expectRefused(await json('/api/stats?to=2026-02-29'), 'to', /不是有效的日期/);
      expectRefused(await json('/api/stats?from=2026-11-02&to=2026-11-01'), 'to', /不能早于起始日期/);
      expect((await json('/api/stats?from=2026-11-01&to=2026-12-31')).status).toBe(200);
    });

    it('refuses a past-event date later than today in Shanghai, by the app\'s clock, and takes today', async () => {
      expect(await post('/api/cases', newCase({ filedOn: '2026-11-29', decidedOn: '2026-11-30' }), apiTokens.linyeAdmin)).toMatchObject({ status: 201, body: { created: true } });
      expectRefused(await post('/api/cases', newCase({ decidedOn: '2026-12-01' }), apiTokens.linyeAdmin), 'decidedOn', /不能填写将来的日期/);
      expectRefused(await post('/api/cases', newCase({ filedOn: '2027-01-01' })), 'filedOn', /晚于今天（2026-11-30）/);
      expectRefused(await post('/api/recommendations', newRec({ ref: '富检行公建〔2026〕62号', issuedOn: '2026-12-01' })), 'issuedOn', /不能填写将来的日期/);
      expectRefused(await post('/api/recommendations', newRec({ ref: '富检行公建〔2026〕62号', receivedOn: '2026-12-01' })), 'receivedOn', /不能填写将来的日期/);
      expect(await recommendation('富检行公建[2026]62号')).toBeNull();
      const before = await recommendation(ref9);
      expectRefused(await post(`/api/recommendations/${encodeURIComponent(ref9)}/receipt`, { receivedOn: '2026-12-01' }), 'receivedOn', /不能填写将来的日期/);
      expect(await recommendation(ref9)).toEqual(before);
    });

    it('refuses a receipt before the issue (on issue and on /receipt, against the stored date) and a decision before the filing', async () => {
      expectRefused(await post('/api/recommendations', newRec({ ref: '富检行公建〔2026〕63号', issuedOn: '2026-11-10', receivedOn: '2026-11-09' })), 'receivedOn', /收到日期不能早于发出日期/);
      expect(await recommendation('富检行公建[2026]63号')).toBeNull();

      const before = (await recommendation(ref9))!;
      const issuedOn = before.issuedOn.toISOString().slice(0, 10);
      const dayBefore = new Date(before.issuedOn.getTime() - 86_400_000).toISOString().slice(0, 10);
      expectRefused(await post(`/api/recommendations/${encodeURIComponent(ref9)}/receipt`, { receivedOn: dayBefore }), 'receivedOn', new RegExp(`收到日期不能早于发出日期（发出日期 ${issuedOn}`));
      expect(await recommendation(ref9)).toEqual(before);
      expect(await post(`/api/recommendations/${encodeURIComponent(ref9)}/receipt`, { receivedOn: issuedOn })).toMatchObject({ status: 200, body: { receivedOn: issuedOn } });

      const early = newCase({ filedOn: '2026-11-10', decidedOn: '2026-11-01' });
      expectRefused(await post('/api/cases', early, apiTokens.linyeAdmin), 'decidedOn', /决定日期不能早于立案日期/);
      expect(await caseModel(h.runtime.mongo).countDocuments({ caseNumber: early.caseNumber })).toBe(0);
    });
  });

  describe('document numbers in any bracket form', () => {
    it.each(['〔2021〕14号', '(2021)14号', '（2021）14号', '【2021】14号', '[2021]14号', '［2021］14号', '富检行公建〔2021〕14号', '富检行公建(2021)014号'])('finds 富检行公建[2021]14号 by q=%s', async (q) => {
      const { body } = await json(`/api/recommendations?pageSize=200&q=${encodeURIComponent(q)}`, { token: apiTokens.prosecutor });
      expect(body.items.map((r: Json) => r.ref)).toEqual(['富检行公建[2021]14号']);
    });

    it.each(['富检行公建〔2022〕14号', '富检行公建（2022）14号', '富检行公建【2022】14号', '富检行公建[2022]14号'])('opens 富检行公建[2022]14号 at the path %s, and takes its receipt there', async (ref) => {
      const path = `/api/recommendations/${encodeURIComponent(ref)}`;
      expect(await json(path, { token: apiTokens.linyeAdmin })).toMatchObject({ status: 200, body: { recommendation: { ref: '富检行公建[2022]14号' } } });
      expect(await post(`${path}/receipt`, { urgent: false })).toMatchObject({ status: 200, body: { id: '富检行公建[2022]14号' } });
    });

    it('finds a case by its 案号 in any bracket form, and 3号 is not 30号', async () => {
      expect((await post('/api/cases', newCase({ caseNumber: '富林罚〔2021〕30号' }), apiTokens.linyeAdmin)).status).toBe(201);
      for (const q of ['富林罚[2021]3号', '富林罚(2021)3号', '富林罚（2021）3号', '富林罚〔2021〕3号', '富林罚【2021】03号']) {
        const { body } = await json(`/api/cases?pageSize=200&q=${encodeURIComponent(q)}`, { token: apiTokens.prosecutor });
        expect(body.items.map((c: Json) => c.caseNumber), q).toEqual(['富林罚〔2021〕3号']);
      }
      const { body } = await json(`/api/cases?pageSize=200&q=${encodeURIComponent('[2021]3')}`, { token: apiTokens.prosecutor });
      expect(body.items.map((c: Json) => c.caseNumber).sort()).toEqual(['富林罚〔2021〕30号', '富林罚〔2021〕3号']);
    });
  });

  it('filters cases by the labels the statistics count records without a domain or campaign under', async () => {
    const base = { agency: 'ziran', party: '某采石场', facts: '无证开采', status: 'open' as const, createdBy: 'test', createdAt: new Date(h.clock.now()), history: [] };
    await caseModel(h.runtime.mongo).create({ ...base, _id: 'c-bare-1', caseNumber: '富自然罚〔2026〕91号', caseKey: 'bare-1', sourceId: 's-bare-1' });
    await caseModel(h.runtime.mongo).create({ ...base, _id: 'c-bare-2', caseNumber: '富自然罚〔2026〕92号', caseKey: 'bare-2', sourceId: 's-bare-2', domain: '', campaign: '' });
    const { body: stats } = await json('/api/stats', { token: apiTokens.prosecutor });
    const none = { domain: stats.byDomain.find((r: Json) => r.key === '未分类').casesEntered, campaign: stats.byCampaign.find((r: Json) => r.key === '无专项').casesEntered };
    expect(none.domain).toBeGreaterThanOrEqual(2);
    expect(none.campaign).toBeGreaterThan(none.domain);
    const byCampaign = await json(`/api/cases?pageSize=200&campaign=${encodeURIComponent('无专项')}`, { token: apiTokens.prosecutor });
    expect(byCampaign.body.total).toBe(none.campaign);
    expect(byCampaign.body.items.every((c: Json) => !c.campaign)).toBe(true);
    const byDomain = await json(`/api/cases?pageSize=200&domain=${encodeURIComponent('未分类')}`, { token: apiTokens.prosecutor });
    expect(byDomain.body.items.map((c: Json) => c.id).sort()).toEqual(['c-bare-1', 'c-bare-2']);
    // Scoped like every list: the 林业局 admin sees its own campaign-less cases only.
    const scoped = await json(`/api/cases?pageSize=200&campaign=${encodeURIComponent('无专项')}`, { token: apiTokens.linyeAdmin });
    expect(scoped.body.items.every((c: Json) => c.agencyName === '富阳区林业局')).toBe(true);
  });

  describe('a second submission under an existing 文号 or request id', () => {
    it('takes the same recommendation again without change (201, created: false), and refuses other content with 409', async () => {
      const issue = newRec({ ref: '富检行公建〔2026〕70号', receivedOn: '2026-11-21', cases: ['富林罚〔2021〕3号'] });
      expect(await post('/api/recommendations', issue)).toMatchObject({ status: 201, body: { ref: '富检行公建[2026]70号', created: true } });
      const stored = await recommendation('富检行公建[2026]70号');
      expect(await post('/api/recommendations', { ...issue, ref: '富检行公建[2026]70号' })).toMatchObject({ status: 201, body: { ref: '富检行公建[2026]70号', created: false, dueOn: expect.any(String) } });
      const other = await post('/api/recommendations', { ...issue, title: '另一件事' });
      expect(other).toMatchObject({ status: 409, body: { error: 'duplicate_ref' } });
      expect(other.body.message).toContain('事项');
      expectChinese(other.body.message);
      expect(await recommendation('富检行公建[2026]70号')).toEqual(stored);

      const seeded = await recommendation('富检行公建[2021]14号');
      const clash = await post('/api/recommendations', newRec({ ref: '富检行公建〔2021〕14号', title: '督促整治非法采砂' }));
      expect(clash).toMatchObject({ status: 409, body: { error: 'duplicate_ref' } });
      expect(await recommendation('富检行公建[2021]14号')).toEqual(seeded);
    });

    it('creates a 文号 submitted twice at once only once: one answer says created, the other not', async () => {
      const issue = newRec({ ref: '富检行公建〔2026〕71号', receivedOn: '2026-11-21' });
      const answers = await Promise.all([post('/api/recommendations', issue), post('/api/recommendations', issue)]);
      expect(answers.map((a) => a.status)).toEqual([201, 201]);
      expect(answers.map((a) => a.body.created).sort()).toEqual([false, true]);
    });

    it('takes the same case under the same request id again, and refuses other content under it with 409', async () => {
      const body = newCase({ requestId: 'dup-1', fineYuan: 500, quantities: [{ item: '林木', value: 3, unit: '立方米' }], filedOn: '2026-11-01' });
      const first = await post('/api/cases', body, apiTokens.linyeAdmin);
      expect(first).toMatchObject({ status: 201, body: { created: true } });
      expect(await post('/api/cases', body, apiTokens.linyeAdmin)).toMatchObject({ status: 201, body: { id: first.body.id, created: false } });
      const changed = await post('/api/cases', { ...body, facts: '滥伐林木五十株', fineYuan: 800 }, apiTokens.linyeAdmin);
      expect(changed).toMatchObject({ status: 409, body: { error: 'request_id_reused' } });
      expect(changed.body.message).toMatch(/违法事实、罚款/);
      expect((await caseModel(h.runtime.mongo).findById(first.body.id).lean())).toMatchObject({ facts: '滥伐林木', fineYuan: 500 });
    });
  });

  it('answers in Chinese where the registry behind the API words its refusals in English', async () => {
    const refusals: Array<[string, Promise<{ status: number; body: Json }>, number, RegExp]> = [
      ['unknown agency on a binding', post('/api/staff', { userid: 'u-nope', name: '某人', role: 'staff', agency: 'nope' }), 400, /没有代码为「nope」的执法单位/],
      ['agency left out on a binding', post('/api/staff', { userid: 'u-nope', name: '某人', role: 'staff' }), 400, /须指定所属执法单位/],
      ['a userid that is not text', post('/api/staff', { userid: 5, name: '某人', role: 'staff', agency: 'linye' }), 400, /userid 应为文本/],
      ['a missing name', post('/api/staff', { userid: 'u-nope', role: 'staff', agency: 'linye' }), 400, /name 必填/],
      ['an unknown role', post('/api/staff', { userid: 'u-nope', name: '某人', role: 'boss', agency: 'linye' }), 400, /role 应为以下之一/],
      ['an unknown field', post('/api/staff', { userid: 'u-nope', name: '某人', role: 'staff', agency: 'linye', extra: 1 }), 400, /^输入有误：不支持的参数：extra$/],
      ['an unknown list parameter', json('/api/leads?colour=x'), 400, /^输入有误：不支持的参数：colour$/],
      ['a bad agency code', post('/api/agencies', { id: 'Bad Id', name: '某单位' }), 400, /单位代码/],
      ['a digest hour of 25', post('/api/agencies', { id: 'xinju', name: '某单位', settings: { digestHour: 25 } }), 400, /0–23/],
      ['a 文号 that is not one', post('/api/recommendations', newRec({ ref: '第一份建议' })), 400, /不是完整的文号/],
      ['an unknown agency on a recommendation', post('/api/recommendations', newRec({ ref: '富检行公建〔2026〕80号', agency: 'nope' })), 400, /没有代码为「nope」的执法单位/],
      ['an unknown rule', json('/api/rules/R00-nope', { method: 'PATCH', json: { enabled: false } }), 404, /没有找到规则/],
      ['a rule change with nothing in it', json('/api/rules/R01-fine-unpaid', { method: 'PATCH', json: {} }), 400, /enabled/],
      ['an unknown threshold', json('/api/rules/R01-fine-unpaid', { method: 'PATCH', json: { params: { nosuch: 1 } } }), 400, /没有阈值 nosuch/],
      ['a page size of 500', json('/api/recommendations?pageSize=500'), 400, /每页最多 200 条/],
    ];
    for (const [label, answer, status, words] of refusals) {
      const { status: got, body } = await answer;
      expect(got, label).toBe(status);
      expect(body.message, label).toMatch(words);
      expectChinese(body.message);
    }
    expect(await staffModel(h.runtime.mongo).findById('u-nope').lean()).toBeNull();

    expect((await post('/api/recommendations', newRec({ ref: '富检行公建〔2026〕81号' }))).status).toBe(201);
    const noReceipt = await post(`/api/recommendations/${encodeURIComponent('富检行公建〔2026〕81号')}/receipt`, { urgent: true });
    expect(noReceipt.status).toBe(400);
    expect(noReceipt.body.message).toMatch(/尚未登记收到日期/);
    expectChinese(noReceipt.body.message);
  });
});
