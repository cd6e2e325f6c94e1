import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/calendar/add-period.js';
import { workingDayOnOrAfter } from '../../src/calendar/deadline.js';
import { defaultCalendar } from '../../src/calendar/default-calendar.js';
import { localDate, ymd } from '../../src/calendar/local-date.js';
import { deliveryModel } from '../../src/models/delivery.js';
import { recommendationModel } from '../../src/models/recommendation.js';
import { createDeliveryQueue } from '../../src/queue/delivery.js';
import { createCommandRedis } from '../../src/queue/connection.js';
import { apiClient, type Json } from '../support/api-client.js';
import { apiTokens, apiTokensEnv } from '../support/api-tokens.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { firstTextAnswer, say, textOf } from '../support/chat.js';
import { waitUntil } from '../support/wait-until.js';

const TZ = 'Asia/Shanghai';
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * Round 9b (workbench): what the dashboard's actions do through the API — a long notice reaches the agency whoever
 * sent it, a form loaded before a colleague acted changes nothing, a tab showing one person cannot act as another.
 */
describe('the workbench\'s actions through the API (round 9b)', () => {
  let h: BotHarness;
  const api = apiClient(() => h.runtime.url!, apiTokens.prosecutor);
  const admin = apiClient(() => h.runtime.url!, apiTokens.admin);
  const today = () => localDate(new Date(h.clock.now()), TZ);
  const rec = (id: string) => recommendationModel(h.runtime.mongo).findById(id).lean();
  const agencyTexts = (since: number, user = 'zhangsan') => h.fake.appMessages().slice(since).filter((m) => String(m.touser).split('|').includes(user)).map(textOf);
  const issue = (ref: string, issuedDaysAgo: number, receivedDaysAgo?: number, title = '督促依法履职') => api.json('/api/recommendations', { method: 'POST', json: {
    ref, agency: 'linye', title, requirements: '依法查处并书面回复', issuedOn: addDays(today(), -issuedDaysAgo), ...(receivedDaysAgo === undefined ? {} : { receivedOn: addDays(today(), -receivedDaysAgo) }),
  } });
  const post = (path: string, json: unknown, client = api) => client.json(path, { method: 'POST', json });
  const action = (id: string, what: string) => `/api/recommendations/${encodeURIComponent(id)}/${what}`;

  beforeAll(async () => {
    h = await startBotHarness({ env: { API_TOKENS: apiTokensEnv } });
  }, 180_000);
  afterAll(() => h?.stop());

  it('sends an app text longer than WeCom takes in parts cut between lines, whoever queued it', async () => {
    const queue = createDeliveryQueue(createCommandRedis(h.runtime.redisUrl, { enableOfflineQueue: true }), h.config.QUEUE_PREFIX);
    const lines = Array.from({ length: 40 }, (_, i) => `第${i + 1}行：经现场核查，整改尚未到位，补植成活率不足。`);
    const before = h.fake.appMessages().length;
    await queue.send({ id: 'r9b-long-text', target: { kind: 'app', touser: ['zhangsan'] }, body: { msgtype: 'text', text: { content: lines.join('\n') } } });
    await queue.close();
    await waitUntil(async () => ((await deliveryModel(h.runtime.mongo).findById('r9b-long-text_1').lean())?.state === 'sent' ? true : undefined), 'the second part sent', 15_000);
    const parts = agencyTexts(before);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(bytes(part)).toBeLessThanOrEqual(2048);
    expect(parts.map((p, i) => (i ? p.replace(/^（续）\n/, '') : p)).join('\n')).toBe(lines.join('\n'));
  });

  it('tells the agency of a send-back with a long reason on a long title, and its 查询 shows the send-back and why', async () => {
    const ref = '富检行公建〔2026〕601号';
    const title = '关于督促富阳区林业局依法全面履行林地保护监管职责、及时查处非法占用林地和毁坏林木行为并追缴森林植被恢复费、恢复林业生产条件的检察建议（涉及银湖街道、富春街道、东洲街道等多个乡镇街道）';
    expect((await issue(ref, 20, 18, title)).status).toBe(201);
    await say(h, 'zhangsan', `完成 ${ref} 已全部整改`);
    const reason = '经现场核查，整改尚未到位：补植成活率不足，缺少处罚决定书及缴款凭证。'.repeat(20).slice(0, 500);
    const before = h.fake.appMessages().length;
    const sent = await post(action('富检行公建[2026]601号', 'review'), { action: 'send_back', reason });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.notified).toContain('zhangsan');
    await waitUntil(async () => (agencyTexts(before).join('').includes('完成后再发送') ? true : undefined), 'the whole notice delivered', 15_000);
    const notice = agencyTexts(before).map((p, i) => (i ? p.replace(/^（续）\n/, '') : p)).join('\n');
    expect(notice).toContain(`【整改未通过审核】富检行公建[2026]601号（${title}）`);
    expect(notice).toContain(`原因：${reason}`);
    expect(notice).toContain('请继续整改，发送「进度 富检行公建[2026]601号 <百分比> <措施>」');
    const failed = await deliveryModel(h.runtime.mongo).find({ state: 'failed' }).lean();
    expect(failed.map((d) => d.errmsg)).not.toContainEqual(expect.stringContaining('exceed max length'));

    // Long with the reason: in parts, joined here.
    const answer = (await say(h, 'zhangsan', '查询 富检行公建〔2026〕601号')).replace(/\n（续）\n/g, '\n');
    expect(answer).toMatch(new RegExp(`审核退回：\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} 由 王检察官 退回，原因：${reason.slice(0, 40)}`));
  });

  it('refuses a receipt registered on a form loaded before a colleague registered one, and answers a repeat as recorded', async () => {
    const ref = '富检行公建〔2026〕402号';
    const id = '富检行公建[2026]402号';
    expect((await issue(ref, 8)).status).toBe(201);
    const before = h.fake.appMessages().length;
    const first = await post(action(id, 'receipt'), { receivedOn: addDays(today(), -5), urgent: false, basedOn: { receivedOn: null, dueOn: null } });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.notified).toEqual(['zhangsan', 'zhaoliu']);
    const due = first.body.dueOn as string;
    // The agency learns its deadline when it is set, once.
    await waitUntil(async () => (agencyTexts(before).length ? true : undefined), 'the agency told of its deadline', 15_000);
    expect(agencyTexts(before)).toEqual([`【回复期限】检察建议 ${id}（督促依法履职）已登记收到日期 ${addDays(today(), -5)}，书面回复期限为 ${due}。\n请在期限内书面回复检察机关，并发送「进度 ${id} <百分比> <措施>」报告整改情况。`]);
    const entries = (await rec(id))!.history.length;

    // The same request again (a retry): answered as recorded, nothing written or sent twice.
    const again = await post(action(id, 'receipt'), { receivedOn: addDays(today(), -5), urgent: false, basedOn: { receivedOn: null, dueOn: null } });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ receivedOn: addDays(today(), -5), dueOn: due, notified: [] });

    // The admin's form, loaded before, with another date: refused, saying what was registered, by whom.
    const stale = await post(action(id, 'receipt'), { receivedOn: addDays(today(), -1), urgent: false, basedOn: { receivedOn: null, dueOn: null } }, admin);
    expect(stale.status).toBe(409);
    expect(stale.body.error).toBe('changed_meanwhile');
    expect(stale.body.message).toMatch(new RegExp(`^收到日期已由 王检察官 于 ${today()} \\d{2}:\\d{2} 登记为 ${addDays(today(), -5)}（回复期限 ${due}），本次未作修改。`));
    const stored = (await rec(id))!;
    expect(ymd(stored.receivedOn!)).toBe(addDays(today(), -5));
    expect(ymd(stored.dueOn!)).toBe(due);
    expect(stored.history).toHaveLength(entries);
    await new Promise((r) => setTimeout(r, 500));
    expect(agencyTexts(before)).toHaveLength(1);
    // A correction made knowingly (the date shown now) goes through, and the agency hears of the moved deadline.
    const corrected = await post(action(id, 'receipt'), { receivedOn: addDays(today(), -1), basedOn: { receivedOn: addDays(today(), -5), dueOn: due } }, admin);
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    await waitUntil(async () => (agencyTexts(before).length === 2 ? true : undefined), 'the agency told of the moved deadline', 15_000);
    expect(agencyTexts(before)[1]).toContain(`书面回复期限由 ${due} 调整为 ${corrected.body.dueOn}`);
  });

  it('refuses a period set on a stale form, and tells the agency of each different period, even within one millisecond', async () => {
    const id = '富检行公建[2026]409号';
    expect((await issue('富检行公建〔2026〕409号', 100, 98)).status).toBe(201);
    const shown = ymd((await rec(id))!.dueOn!);
    const before = h.fake.appMessages().length;
    const first = await post(action(id, 'period'), { dueOn: addDays(today(), 20), reason: '已电话督促', basedOn: { dueOn: shown } });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const firstDue = first.body.dueOn as string;
    const stale = await post(action(id, 'period'), { dueOn: addDays(today(), 30), reason: '同意延期一个月', basedOn: { dueOn: shown } }, admin);
    expect(stale.status).toBe(409);
    expect(stale.body.message).toMatch(new RegExp(`^回复期限已由 王检察官 于 ${today()} \\d{2}:\\d{2} 重新确定为 ${firstDue}，本次未作修改。`));
    expect(ymd((await rec(id))!.dueOn!)).toBe(firstDue);
    // A retry of the first is no refusal and tells nobody again.
    const retry = await post(action(id, 'period'), { dueOn: addDays(today(), 20), reason: '已电话督促', basedOn: { dueOn: shown } });
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ dueOn: firstDue, notified: [] });
    // A second period, set knowingly in the same millisecond of the (frozen) clock: its own notice, not a duplicate.
    const second = await post(action(id, 'period'), { dueOn: addDays(today(), 30), reason: '同意延期一个月', basedOn: { dueOn: firstDue } }, admin);
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    await waitUntil(async () => (agencyTexts(before).length >= 2 ? true : undefined), 'both notices', 15_000);
    await new Promise((r) => setTimeout(r, 500));
    const notices = agencyTexts(before);
    expect(notices).toHaveLength(2);
    expect(notices[0]).toContain(`已重新确定为 ${firstDue}（原期限 ${shown}`);
    expect(notices[1]).toContain(`已重新确定为 ${second.body.dueOn as string}（原期限 ${firstDue}`);
  });

  it('says a period moved off a day off before it is set, and in one parenthesis in the agency\'s notice', async () => {
    const id = '富检行公建[2026]410号';
    expect((await issue('富检行公建〔2026〕410号', 100, 98)).status).toBe(201);
    const calendar = defaultCalendar();
    let asked = addDays(today(), 3);
    while (workingDayOnOrAfter(asked, calendar) === asked) asked = addDays(asked, 1);
    const moved = workingDayOnOrAfter(asked, calendar);
    const preview = await api.json(`${action(id, 'period')}?dueOn=${asked}`);
    expect(preview.body).toEqual({ requestedDueOn: asked, dueOn: moved, moved: true });
    const shown = ymd((await rec(id))!.dueOn!);
    const before = h.fake.appMessages().length;
    // Typed with ASCII punctuation beside Chinese, as chat's reasons are written: full-width, as chat stores them.
    const set = await post(action(id, 'period'), { dueOn: asked, reason: '已督促, 限期回复;', basedOn: { dueOn: shown } });
    expect(set.body.dueOn).toBe(moved);
    await waitUntil(async () => (agencyTexts(before).length ? true : undefined), 'the notice', 15_000);
    expect(agencyTexts(before)[0]).toBe(`【回复期限重新确定】检察建议 ${id}（督促依法履职）的回复期限已重新确定为 ${moved}（原期限 ${shown}；${asked} 为节假日或休息日，顺延）。\n原因：已督促， 限期回复；\n请在新的期限内书面回复并报告整改情况。`);
  });

  it('refuses a change sent for another person than the caller, before doing anything', async () => {
    const id = '富检行公建[2026]404号';
    expect((await issue('富检行公建〔2026〕404号', 100, 98)).status).toBe(201);
    const entries = (await rec(id))!.history.length;
    const send = (expected: string) => fetch(`${h.runtime.url}${action(id, 'period')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiTokens.admin}`, 'content-type': 'application/json', 'x-expected-principal': encodeURIComponent(expected) },
      body: JSON.stringify({ dueOn: addDays(today(), 15), reason: '王检察官督促后确定' }),
    });
    const refused = await send('wangjc');
    expect(refused.status).toBe(409);
    const body = (await refused.json()) as Json;
    expect(body.error).toBe('principal_changed');
    expect(body.message).toContain('登录身份已变更');
    expect(body.message).toContain('本次操作未提交');
    expect((await rec(id))!.history).toHaveLength(entries);
    expect((await send('ops')).status).toBe(200);
  });

  it('takes a same-origin change behind a proxy that rewrites Host, and still refuses another origin', async () => {
    const login = await fetch(`${h.runtime.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: apiTokens.prosecutor }) });
    const cookie = /lb_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
    const period = action('富检行公建[2026]404号', 'period');
    const post = (headers: Record<string, string>) => fetch(`${h.runtime.url}${period}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', ...headers }, body: '{}' });
    // Through the body check (400): the origin was accepted.
    expect((await post({ origin: 'https://jc.example.gov.cn', 'x-forwarded-host': 'jc.example.gov.cn' })).status).toBe(400);
    expect((await post({ origin: 'https://jc.example.gov.cn', forwarded: 'for=10.0.0.1;proto=https;host=jc.example.gov.cn' })).status).toBe(400);
    const foreign: Array<Record<string, string>> = [{ origin: 'https://evil.example', 'x-forwarded-host': 'jc.example.gov.cn' }, { origin: 'https://jc.example.gov.cn' }];
    for (const headers of foreign) {
      const refused = await post(headers);
      expect(refused.status, JSON.stringify(headers)).toBe(403);
      expect(((await refused.json()) as Json).error).toBe('cross_origin');
    }
  });

  it('writes a web reason with chat\'s punctuation, and chat\'s answer to a send-back ends in one stop', async () => {
    await say(h, 'zhangsan', '完成 富检行公建〔2022〕14号 违规合同已全部清理');
    const before = h.fake.appMessages().length;
    const sent = await post(action('富检行公建[2022]14号', 'review'), { action: 'send_back', reason: '照片不全, 缺少"补植区"现场照片;' });
    expect(sent.status).toBe(200);
    await waitUntil(async () => (agencyTexts(before).length ? true : undefined), 'the send-back notice', 15_000);
    expect(agencyTexts(before)[0]).toContain('原因：照片不全， 缺少"补植区"现场照片；\n');

    await say(h, 'zhangsan', '完成 富检行公建〔2022〕14号 照片已补充');
    const answer = await firstTextAnswer(h, 'wangjc', '退回 富检行公建〔2022〕14号 照片不全, 缺少"补植区"现场照片;');
    expect(answer).toContain('原因：照片不全， 缺少"补植区"现场照片。已通知执法单位继续整改。');
  });
});
