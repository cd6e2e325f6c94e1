/**
 * Who may name prosecutors, bind a userid and change a deadline through the admin API, over HTTP against the real
 * services: a recommendation's or an agency's prosecutors must be bound prosecutors or admins (a completion's review
 * request never goes to agency staff, even from data stored before), an agency admin cannot bind the name of a
 * platform admin's or a prosecutor's API token, and only a recommendation's responsible prosecutors (or an admin)
 * may set its period or its receipt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/calendar/due-date.js';
import { localDate, ymd } from '../../src/calendar/local-date.js';
import { agencyModel } from '../../src/models/agency.js';
import { auditModel } from '../../src/models/audit.js';
import { recommendationModel } from '../../src/models/recommendation.js';
import { staffModel } from '../../src/models/staff.js';
import { apiClient, type Json } from '../support/api-client.js';
import { apiTokens, apiTokensEnv } from '../support/api-tokens.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { say, textOf } from '../support/chat.js';
import { waitUntil } from '../support/wait-until.js';

/** lijc (prosecutor of 市场监管局 only), an unbound prosecutor's token, another agency's admin. */
const extra = {
  lijc: 'test-lijc-prosecutor-token-0123456',
  zhaojc: 'test-zhaojc-prosecutor-token-01234',
  ziranAdmin: 'test-ziran-admin-token-0123456789',
};
const env = `${apiTokensEnv},lijc:prosecutor:${extra.lijc},zhaojc:prosecutor:${extra.zhaojc},ziran-admin:agency_admin@ziran:${extra.ziranAdmin}`;
const ref9 = '富检行公建[2021]9号';
const ref21 = '富检行公建[2021]21号';

describe('round 8: prosecutors, bindings and deadlines through the API', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ env: { API_TOKENS: env } });
  });
  afterAll(() => h.stop());

  const { json } = apiClient(() => h.runtime.url!);
  const today = () => localDate(new Date(h.clock.now()), h.config.TZ);
  const rec = (id: string) => recommendationModel(h.runtime.mongo).findById(id).lean();
  const refusals = (actor: string, action: string) => auditModel(h.runtime.mongo).find({ actor, action, outcome: 'refused' }).lean();
  const messagesTo = (userid: string, text: string) => h.fake.appMessages().filter((m) => String(m.touser).split('|').includes(userid) && textOf(m).includes(text));
  const issue = (ref: string, prosecutors: string[]) => json('/api/recommendations', {
    method: 'POST', token: apiTokens.prosecutor,
    json: { ref, agency: 'linye', title: '督促收缴森林植被恢复费', requirements: '依法收缴', issuedOn: addDays(today(), -3), receivedOn: addDays(today(), -2), prosecutors },
  });

  describe('prosecutors named on a recommendation or an agency', () => {
    it('refuses a recommendation naming agency staff or a stranger as its prosecutors (400 naming them, nothing stored)', async () => {
      const staff = await issue('富检行公建〔2026〕77号', ['zhangsan']);
      expect(staff.status).toBe(400);
      expect(staff.body).toMatchObject({ error: 'invalid_input', details: [{ field: 'prosecutors' }] });
      expect(staff.body.message).toContain('「zhangsan」不是在岗的检察官或管理员');
      const stranger = await issue('富检行公建〔2026〕78号', ['wangjc', 'nobody-x']);
      expect(stranger.status).toBe(400);
      expect(stranger.body.message).toContain('「nobody-x」');
      expect(stranger.body.message).not.toContain('wangjc');
      expect(await rec('富检行公建[2026]77号')).toBeNull();
      expect(await rec('富检行公建[2026]78号')).toBeNull();
      expect(await issue('富检行公建〔2026〕79号', ['wangjc', 'admin'])).toMatchObject({ status: 201, body: { created: true } });
    });

    it('refuses an agency naming agency staff as its prosecutors, as the CLI does, and keeps its prosecutors', async () => {
      const answer = await json('/api/agencies', { method: 'POST', token: apiTokens.admin, json: { id: 'shichang', name: '富阳区市场监管局', prosecutors: ['qianqi'] } });
      expect(answer.status).toBe(400);
      expect(answer.body.details).toEqual([{ field: 'prosecutors', problem: expect.stringContaining('「qianqi」') }]);
      expect((await agencyModel(h.runtime.mongo).findById('shichang').lean())?.prosecutors).toEqual(['lijc']);
      expect((await json('/api/agencies', { method: 'POST', token: apiTokens.admin, json: { id: 'shichang', name: '富阳区市场监管局', prosecutors: ['lijc', 'wangjc'] } })).status).toBe(200);
      expect((await agencyModel(h.runtime.mongo).findById('shichang').lean())?.prosecutors).toEqual(['lijc', 'wangjc']);
    });

    it('sends the review request of a recommendation stored naming agency staff to the admins, not to that staff member', async () => {
      // Data stored before the check (or a prosecutor rebound as staff since): zhangsan is 林业局 staff.
      await recommendationModel(h.runtime.mongo).updateOne({ _id: ref9 }, { $set: { prosecutors: ['zhangsan'] } });
      const answer = await say(h, 'zhangsan', `完成 ${ref9} 已全部整改到位`);
      expect(answer).not.toContain('【整改完成待审核】');
      await waitUntil(() => (messagesTo('admin', '【整改完成待审核】').length ? true : undefined), 'the admin asked to review', 15_000);
      expect(messagesTo('admin', '【整改完成待审核】')[0]).toBeDefined();
      expect(messagesTo('zhangsan', '【整改完成待审核】')).toHaveLength(0);
      expect((await rec(ref9))?.status).toBe('completed');
    });
  });

  describe('bindings by an agency admin', () => {
    const bind = (body: Json) => json('/api/staff', { method: 'POST', token: apiTokens.linyeAdmin, json: body });

    it.each([
      ['the platform admin\'s token', 'ops', '平台管理员'],
      ['an unbound prosecutor\'s token, in other letter case', 'ZhaoJC', '检察官'],
      ['another agency\'s admin token', 'ziran-admin', '其他单位的单位管理员'],
    ])('refuses to bind the name of %s (403, audited, nothing bound)', async (_label, userid, holder) => {
      const answer = await bind({ userid, name: '冒名', role: 'staff' });
      expect(answer.status).toBe(403);
      expect(answer.body.message).toBe(`企业微信账号「${userid}」是${holder}登录管理平台所用的名称，单位管理员不能把它绑定为本单位人员，请联系平台管理员`);
      expect(await staffModel(h.runtime.mongo).findById(userid).lean()).toBeNull();
      const refused = (await refusals('linye-admin', 'staff.bind')).filter((a) => a.target?.id === userid);
      expect(refused).toHaveLength(1);
      expect(refused[0]!.reason).toMatch(/^api token \(/);
    });

    it('leaves the platform admin named as before in /api/me and the audit log, which words the refusal', async () => {
      expect((await json('/api/me', { token: apiTokens.admin })).body).toEqual({ name: 'ops', displayName: 'ops', role: 'admin' });
      const audit = await json('/api/audit?actor=linye-admin&pageSize=50', { token: apiTokens.admin });
      const row = (audit.body.items as Json[]).find((r) => r.target === 'ops');
      expect(row).toMatchObject({ outcome: '拒绝', reasonText: '是管理员的访问令牌名称，单位管理员不能绑定' });
    });

    it('refuses a deactivated prosecutor or admin: their userid is not free to take', async () => {
      for (const userid of ['lijc', 'admin']) {
        expect((await json(`/api/staff/${userid}`, { method: 'DELETE', token: apiTokens.admin })).status).toBe(200);
        const before = await staffModel(h.runtime.mongo).findById(userid).lean();
        const answer = await bind({ userid, name: '冒名', role: 'staff' });
        expect(answer.status).toBe(403);
        expect(await staffModel(h.runtime.mongo).findById(userid).lean()).toEqual(before);
        expect((await refusals('linye-admin', 'staff.bind')).some((a) => a.target?.id === userid)).toBe(true);
        expect((await json('/api/staff', { method: 'POST', token: apiTokens.admin, json: { userid, name: before!.name, role: before!.role } })).status).toBe(201);
      }
    });

    it('still binds its own agency admin token\'s name and an unbound userid', async () => {
      expect(await bind({ userid: 'linye-admin', name: '林业局管理员', role: 'staff' })).toMatchObject({ status: 201, body: { agency: 'linye' } });
      expect(await bind({ userid: 'xinren', name: '新人', role: 'staff' })).toMatchObject({ status: 201, body: { agency: 'linye' } });
    });
  });

  describe('period and receipt: only the responsible prosecutors or an admin', () => {
    const post = (token: string, id: string, what: 'period' | 'receipt', body: Json) => json(`/api/recommendations/${encodeURIComponent(id)}/${what}`, { method: 'POST', token, json: body });

    it('refuses a prosecutor not responsible for the recommendation (403 not_responsible, audited, nothing changed, nobody told)', async () => {
      // 21号 is 自然资源局's, whose prosecutor is wangjc; lijc is not responsible for it.
      const before = await rec(ref21);
      const sent = h.fake.appMessages().length;
      const period = await post(extra.lijc, '富检行公建〔2021〕21号', 'period', { dueOn: addDays(today(), 90), reason: '我不负责也能改' });
      expect(period).toMatchObject({ status: 403, body: { error: 'not_responsible' } });
      expect(period.body.message).toBe(`检察建议「${ref21}」不由您负责重新确定回复期限，请由负责的检察官或管理员办理。`);
      const receipt = await post(extra.lijc, '富检行公建〔2021〕21号', 'receipt', { urgent: !before!.urgent });
      expect(receipt).toMatchObject({ status: 403, body: { error: 'not_responsible' } });
      expect(receipt.body.message).toContain('不由您负责登记收到日期和紧急情形');
      expect(await rec(ref21)).toEqual(before);
      expect(h.fake.appMessages().slice(sent)).toEqual([]);
      expect((await refusals('lijc', 'recommendation.period')).map((a) => a.reason)).toEqual(['not a responsible prosecutor']);
      expect((await refusals('lijc', 'recommendation.receipt')).map((a) => a.target)).toEqual([{ kind: 'recommendation', id: ref21 }]);
    });

    it('lets the agency\'s prosecutor and an admin, and only the prosecutors named on a recommendation naming its own', async () => {
      const dueOn = addDays(today(), 90);
      expect(await post(apiTokens.prosecutor, ref21, 'period', { dueOn, reason: '已督促' })).toMatchObject({ status: 200, body: { dueOn, notified: ['lisi'] } });
      const urgent = (await rec(ref21))!.urgent;
      expect(await post(apiTokens.admin, ref21, 'receipt', { urgent: !urgent })).toMatchObject({ status: 200, body: { urgent: !urgent } });
      // A recommendation naming its own prosecutors is theirs alone, as for review.
      const id = '富检行公建[2026]79号';
      expect((await rec(id))?.prosecutors).toEqual(['wangjc', 'admin']);
      await recommendationModel(h.runtime.mongo).updateOne({ _id: id }, { $set: { prosecutors: ['lijc'] } });
      const receivedOn = ymd((await rec(id))!.receivedOn!);
      expect(await post(apiTokens.prosecutor, id, 'receipt', { receivedOn })).toMatchObject({ status: 403, body: { error: 'not_responsible' } });
      expect(await post(extra.lijc, id, 'receipt', { receivedOn })).toMatchObject({ status: 200 });
    });
  });
});
