import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateSubject } from '../../src/leads/evaluate-subject.js';
import { leadModel } from '../../src/models/lead.js';
import { apiClient } from '../support/api-client.js';
import { apiTokens, apiTokensEnv } from '../support/api-tokens.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { firstTextAnswer } from '../support/chat.js';
import { waitUntil } from '../support/wait-until.js';

const R08 = 'R08-recommendation-overdue';
/** An instant in Shanghai time, e.g. at('2026-11-25 10:00'). */
const at = (local: string) => Date.parse(`${local.replace(' ', 'T')}:00+08:00`);

/**
 * A new reply period set after an overdue (督促后重新确定期限): the agency is told once, the timeline keeps both dates,
 * and the new period passing too is the second overdue, which makes the 提醒 of the first a 公益诉讼线索 (domain §4.8).
 */
describe('a new reply period set by the prosecutors (POST /api/recommendations/:id/period)', () => {
  let h: BotHarness;
  const api = apiClient(() => h.runtime.url!, apiTokens.prosecutor);
  beforeAll(async () => {
    h = await startBotHarness({ env: { API_TOKENS: apiTokensEnv }, clockStart: at('2026-11-25 10:00') });
  });
  afterAll(() => h.stop());

  const r08Leads = async (id: string) => (await leadModel(h.runtime.mongo).find({ ruleId: R08 }).lean()).filter((l) => l.subject.id === id);
  const told = (text: string) => h.fake.appMessages().filter((m) => JSON.stringify(m).includes(text));

  it('tells the agency once, keeps the old date in the timeline, and raises a 公益诉讼线索 when the new period passes too', async () => {
    const issued = await api.json('/api/recommendations', { method: 'POST', json: {
      ref: '富检行公建〔2026〕88号', agency: 'linye', title: '督促收缴森林植被恢复费', requirements: '依法收缴', issuedOn: '2026-07-20', receivedOn: '2026-08-03',
    } });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    const id = issued.body.id as string;
    // Registered overdue (due 2026-10-08: two months end on 10-03, in the National Day holiday): its first overdue is a 提醒.
    await waitUntil(async () => ((await r08Leads(id)).length ? true : undefined), 'the first overdue\'s 提醒', 20_000);
    expect((await r08Leads(id)).map((l) => l.kind)).toEqual(['prompt']);
    // A 提醒 is no case to transfer: typed 转刑事线索 records nothing (its card offers only 受理 / 不予受理).
    const prompt = await waitUntil(async () => (await r08Leads(id)).find((l) => l.alert?.recipients.length), 'the 提醒 alerted', 15_000);
    const recipient = prompt!.alert!.recipients[0]!;
    const refused = await firstTextAnswer(h, recipient, `转刑事线索 ${prompt!.number}`);
    expect(refused).toContain(`线索 ${prompt!.number} 是「提醒」`);
    expect(refused).toContain('本次未记录');
    expect((await leadModel(h.runtime.mongo).findById(prompt!._id).lean())?.status).toBe('open');
    expect(await firstTextAnswer(h, recipient, `受理 ${prompt!.number}`)).toContain(`已记录：线索 ${prompt!.number}「受理」`);
    // Nor may the decider change it into a transfer within the 30 minutes a decision may be changed.
    expect(await firstTextAnswer(h, recipient, `转监察委 ${prompt!.number}`)).toContain('不能「转监察委」');
    expect((await leadModel(h.runtime.mongo).findById(prompt!._id).lean())?.status).toBe('accept');

    expect((await api.json(`/api/recommendations/${encodeURIComponent(id)}/period`, { method: 'POST', json: { dueOn: '2026-11-20', reason: '已督促' } })).status).toBe(400);
    expect((await api.json(`/api/recommendations/${encodeURIComponent(id)}/period`, { method: 'POST', json: { dueOn: '2026-12-10', reason: ' ' } })).status).toBe(400);
    const set = await api.json(`/api/recommendations/${encodeURIComponent(id)}/period`, { method: 'POST', json: { dueOn: '2026-12-10', reason: '已督促，限期书面回复' } });
    expect(set.body).toMatchObject({ dueOn: '2026-12-10' });
    expect(set.body.notified).toContain('zhangsan');
    await waitUntil(async () => (told('【回复期限重新确定】').length ? true : undefined), 'the agency told of its new period', 15_000);
    expect(JSON.stringify(told('【回复期限重新确定】')[0])).toContain('回复期限已重新确定为 2026-12-10（原期限 2026-10-08）');
    const count = told('【回复期限重新确定】').length;
    // A retry changes nothing and tells nobody again.
    expect((await api.json(`/api/recommendations/${encodeURIComponent(id)}/period`, { method: 'POST', json: { dueOn: '2026-12-10', reason: '已督促，限期书面回复' } })).body.notified).toEqual([]);
    const detail = await api.json(`/api/recommendations/${encodeURIComponent(id)}`);
    expect(JSON.stringify(detail.body.timeline)).toContain('原期限 2026-10-08，新期限 2026-12-10：已督促，限期书面回复');

    h.clock.advance(at('2026-12-14 10:00') - h.clock.now());
    const second = await evaluateSubject({ mongo: h.runtime.mongo, timeZone: h.config.TZ, now: new Date(h.clock.now()) }, { kind: 'recommendation', id });
    expect(second.created.map((l) => [l.ruleId, l.kind])).toEqual([[R08, 'pil']]);
    expect(told('【回复期限重新确定】')).toHaveLength(count);
  });
});
