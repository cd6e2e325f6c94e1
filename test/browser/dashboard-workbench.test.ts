import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addDays } from '../../src/calendar/add-period.js';
import { dateOnly, localDate, ymd } from '../../src/calendar/local-date.js';
import { promptResolvedReason } from '../../src/leads/lead-status.js';
import { leadModel, type LeadRecord } from '../../src/models/lead.js';
import { recommendationModel } from '../../src/models/recommendation.js';
import { apiClient } from '../support/api-client.js';
import { apiTokens, apiTokensEnv } from '../support/api-tokens.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { launchChromium, loginToDashboard, openRecommendation as openPage, submitAndConfirm } from '../support/browser.js';
import { say } from '../support/chat.js';

const TZ = 'Asia/Shanghai';

/**
 * Round 9 (dashboard): the prosecutor's daily work where they read it — a recommendation's receipt, new period and
 * review from its page, how to decide a lead — and a tab that never shows one person's data under another's name.
 */
describe('the dashboard as the prosecutors\' workbench', () => {
  let h: BotHarness;
  let browser: Browser;
  const api = apiClient(() => h.runtime.url!, apiTokens.admin);
  const today = () => localDate(new Date(h.clock.now()), TZ);
  const login = (token: string): Promise<Page> => loginToDashboard(browser, h.runtime.url!, token);
  const openRecommendation = (page: Page, ref: string) => openPage(page, h.runtime.url!, ref);
  const issue = (ref: string, agency: string, issuedDaysAgo: number, receivedDaysAgo?: number) => api.json('/api/recommendations', { method: 'POST', json: {
    ref, agency, title: '督促依法履职', requirements: '依法查处并书面回复', issuedOn: addDays(today(), -issuedDaysAgo), ...(receivedDaysAgo === undefined ? {} : { receivedOn: addDays(today(), -receivedDaysAgo) }),
  } });

  beforeAll(async () => {
    h = await startBotHarness({ env: { API_TOKENS: apiTokensEnv } });
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  it('registers a receipt date from the page, asking first, and shows the new due date and its timeline entry', async () => {
    const ref = '富检行公建〔2026〕301号';
    expect((await issue(ref, 'linye', 6)).status).toBe(201);
    const page = await login(apiTokens.prosecutor);
    await openRecommendation(page, ref);
    // Only what applies: no receipt yet, so no period to set again and nothing to review.
    expect(await page.locator('[data-testid=actions-panel] form').evaluateAll((forms) => forms.map((f) => f.getAttribute('data-testid')))).toEqual(['receipt-form']);
    const received = addDays(today(), -2);
    await page.fill('[data-testid=receipt-date]', received);
    await page.click('[data-testid=receipt-form-submit]');
    expect(await page.textContent('[data-testid=receipt-form-confirm]')).toContain(`确认登记：执法单位于 ${received} 收到`);
    await page.click('[data-testid=receipt-form-no]');
    expect(await recommendationModel(h.runtime.mongo).findById('富检行公建[2026]301号', { receivedOn: 1 }).lean()).not.toHaveProperty('receivedOn');
    await submitAndConfirm(page, 'receipt-form');
    // The agency is told its deadline (2 of 林业局's staff are bound).
    await expect.poll(() => page.textContent('[data-testid=action-done]')).toMatch(new RegExp(`^已登记收到日期 ${received}，回复期限为 \\d{4}-\\d{2}-\\d{2}，已通知执法单位 2 人。$`));
    const stored = await recommendationModel(h.runtime.mongo).findById('富检行公建[2026]301号').lean();
    expect(await page.textContent('[data-testid=action-done]')).toBe(`已登记收到日期 ${received}，回复期限为 ${ymd(stored!.dueOn!)}，已通知执法单位 2 人。`);
    expect(ymd(stored!.receivedOn!)).toBe(received);
    expect(await page.textContent('[data-field=dueOn]')).toBe(ymd(stored!.dueOn!));
    expect(await page.textContent('[data-testid=timeline]')).toContain(`收到日期 ${received}`);
    expect(await page.locator('[data-testid=actions-panel]').count()).toBe(0);
    await page.close();
  });

  it('sets a new reply period after an overdue, tells the agency, and keeps the old date in the timeline', async () => {
    const ref = '富检行公建〔2026〕302号';
    expect((await issue(ref, 'linye', 120, 118)).status).toBe(201);
    const page = await login(apiTokens.prosecutor);
    await openRecommendation(page, ref);
    expect(await page.textContent('[data-testid=period-form]')).toMatch(/已逾期 \d+ 天/);
    const due = addDays(today(), 21);
    await page.fill('[data-testid=period-date]', due);
    await page.click('[data-testid=period-form-submit]');
    // Checked in the page before anything is asked or sent.
    expect(await page.textContent('[data-testid=period-form-error]')).toBe('请说明重新确定期限的原因。');
    await page.fill('[data-testid=period-reason]', '已督促执法单位，限期书面回复');
    await submitAndConfirm(page, 'period-form');
    await expect.poll(() => page.textContent('[data-testid=action-done]')).toMatch(/^回复期限已重新确定为 \d{4}-\d{2}-\d{2}.*，已通知执法单位 2 人。$/);
    const stored = await recommendationModel(h.runtime.mongo).findById('富检行公建[2026]302号').lean();
    expect(await page.textContent('[data-testid=action-done]')).toContain(`回复期限已重新确定为 ${ymd(stored!.dueOn!)}`);
    expect(ymd(stored!.dueOn!) >= due).toBe(true);
    await expect.poll(() => h.fake.appMessages().some((m) => String(m.touser).includes('zhangsan') && JSON.stringify(m).includes('【回复期限重新确定】检察建议 富检行公建[2026]302号'))).toBe(true);
    expect(await page.textContent('[data-testid=timeline]')).toContain('已督促执法单位，限期书面回复');
    await page.close();
  });

  it('reviews a completion: a send-back needs its reason, an acceptance names the reviewer, a decision taken meanwhile is said politely', async () => {
    await say(h, 'zhangsan', '完成 富检行公建〔2022〕14号 违规合同已全部清理');
    const page = await login(apiTokens.prosecutor);
    await openRecommendation(page, '富检行公建[2022]14号');
    await page.check('[data-testid=review-send-back]');
    await page.click('[data-testid=review-form-submit]');
    expect(await page.textContent('[data-testid=review-form-error]')).toBe('退回须说明原因。');
    await page.fill('[data-testid=review-note]', '缺少现场照片，请补充');
    await submitAndConfirm(page, 'review-form');
    await expect.poll(() => page.textContent('[data-testid=action-done]')).toBe('已退回，已通知执法单位。');
    expect((await recommendationModel(h.runtime.mongo).findById('富检行公建[2022]14号').lean())?.status).toBe('reviewed_not_done');

    await say(h, 'zhangsan', '完成 富检行公建〔2021〕14号 林地已全部恢复');
    await openRecommendation(page, '富检行公建[2021]14号');
    await page.fill('[data-testid=review-note]', '现场核查属实');
    await submitAndConfirm(page, 'review-form');
    // No written reply came: said as chat's 验收 says it.
    await expect.poll(() => page.textContent('[data-testid=action-done]')).toMatch(/^已验收通过，回头看日期 \d{4}-\d{2}-\d{2}，已通知执法单位。注意：该检察建议尚未收到书面回复（报告完成不是书面回复）。$/);
    // The reviewer by name, as the timeline names them (not the account id wangjc).
    expect(await page.textContent('[data-field=reviewedBy]')).toBe('王检察官');

    await say(h, 'lisi', '完成 富检行公建〔2021〕21号 已查处');
    await openRecommendation(page, '富检行公建[2021]21号');
    await page.click('[data-testid=review-form-submit]');
    await say(h, 'wangjc', '验收 富检行公建〔2021〕21号 已核实');
    await page.click('[data-testid=review-form-yes]');
    await expect.poll(() => page.textContent('[data-testid=review-form-error]')).toContain('无法审核');
    await page.close();

    // An agency admin is offered nothing to do; a prosecutor not responsible is told who is.
    const agency = await login(apiTokens.linyeAdmin);
    await openRecommendation(agency, '富检行公建[2022]14号');
    expect(await agency.locator('[data-testid=actions-panel]').count()).toBe(0);
    await agency.close();
    expect((await issue('富检行公建〔2026〕303号', 'shichang', 3)).status).toBe(201);
    const other = await login(apiTokens.prosecutor);
    await openRecommendation(other, '富检行公建[2026]303号');
    expect(await other.textContent('[data-testid=recommendation-actions-held]')).toContain('由 李检察官 负责办理');
    expect(await other.locator('[data-testid=actions-panel] form').count()).toBe(0);
    await other.close();
  });

  it('refuses a change sent with the session cookie from a page of another origin', async () => {
    const page = await login(apiTokens.prosecutor);
    const cookie = (await page.context().cookies()).find((c) => c.name === 'lb_session')!;
    const post = (path: string, headers: Record<string, string>) => fetch(`${h.runtime.url}${path}`, { method: 'POST', headers: { cookie: `lb_session=${cookie.value}`, 'content-type': 'application/json', ...headers }, body: '{}' });
    const period = `/api/recommendations/${encodeURIComponent('富检行公建[2026]302号')}/period`;
    const foreign: Array<Record<string, string>> = [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'same-site' }, { 'sec-fetch-site': 'cross-site', origin: h.runtime.url! }];
    for (const headers of foreign) {
      const refused = await post(period, headers);
      expect(refused.status, JSON.stringify(headers)).toBe(403);
      expect(((await refused.json()) as { error: string }).error).toBe('cross_origin');
    }
    expect((await post('/api/logout', { origin: 'https://evil.example' })).status).toBe(403);
    // The page's own requests, and a script with its token, go through (to the body check here).
    expect((await post(period, { origin: h.runtime.url!, 'sec-fetch-site': 'same-origin' })).status).toBe(400);
    expect((await api.call(period, { method: 'POST', json: {} })).status).toBe(400);
    await page.reload();
    await page.waitForSelector('[data-testid=stat-casesEntered]');
    await page.close();
  });

  it('lists recommendations with the date they are ordered by, and finds every word of a search', async () => {
    const list = await api.json(`/api/recommendations?pageSize=200&q=${encodeURIComponent('督促 林地')}`);
    expect(list.body.columns.slice(0, 2)).toEqual([{ key: 'ref', title: '文号' }, { key: 'issuedOn', title: '发出日期' }]);
    expect(list.body.items.map((r: { ref: string }) => r.ref).sort()).toEqual(['富检行公建[2021]14号', '富检行公建[2022]14号']);
    const dates = list.body.items.map((r: { issuedOn: string }) => r.issuedOn);
    expect(dates).toEqual([...dates].sort().reverse());
    expect((await api.json(`/api/recommendations?q=${encodeURIComponent('富检行公建 〔2021〕 14号')}`)).body.items.map((r: { ref: string }) => r.ref)).toEqual(['富检行公建[2021]14号']);
    // Two exports of one list for different periods have different names.
    const exported = await api.call('/api/cases?format=xlsx&from=2026-11-01&to=2026-11-30');
    expect(exported.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('执法案件（2026-11-01至2026-11-30）')}.xlsx`);
  });

  it('shows a reply dated by its day with that date only, never an invented clock time', async () => {
    await say(h, 'zhangsan', '回复 富检行公建〔2021〕9号 已于今天书面回复，正在追缴');
    const page = await login(apiTokens.prosecutor);
    await openRecommendation(page, '富检行公建[2021]9号');
    expect(await page.textContent('[data-field=repliedOn]')).toBe(today());
    expect(await page.locator('[data-field=repliedAt]').count()).toBe(0);
    await page.close();
  });

  describe('leads', () => {
    const year = () => today().slice(0, 4);
    const number = (n: number) => `XS-${year()}-09${String(n).padStart(2, '0')}`;
    const lead = (n: number, fields: Partial<LeadRecord>): Partial<LeadRecord> => ({
      _id: `test:lead:${n}`, number: number(n), kind: 'irregular', ruleId: 'R10-state-loss-unrecovered', ruleVersion: 1, title: `测试线索 ${n}`, explanation: '测试', values: [], legalBasis: '测试',
      subject: { kind: 'case', id: `case-${n}`, label: `富林罚〔2026〕9${n}号`, agency: 'linye' }, status: 'open', history: [], ...fields,
    });
    beforeAll(async () => {
      const now = h.clock.now();
      const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000);
      const alerted = (to: string) => ({ taskId: `task-${to}`, recipients: [to], sentAt: at(50) });
      await leadModel(h.runtime.mongo).create([
        // Newest, but with no transfer deadline: after the duty-crime lead in the urgent order.
        lead(1, { createdAt: at(10), alert: alerted('wangjc') }),
        lead(2, { kind: 'duty_crime', createdAt: at(60), alert: alerted('wangjc'), transferDueOn: dateOnly(addDays(today(), 5)) }),
        lead(3, { kind: 'prompt', createdAt: at(70), alert: alerted('wangjc') }),
        lead(4, { subject: { kind: 'case', id: 'case-4', label: '富市监罚〔2026〕94号', agency: 'shichang' }, createdAt: at(80), alert: alerted('lijc') }),
        lead(5, { status: 'reject', createdAt: at(90), alert: alerted('wangjc'), decision: { action: 'reject', by: 'wangjc', byName: '王检察官', at: at(30) } }),
        lead(6, { kind: 'prompt', status: 'withdrawn', createdAt: at(100), history: [{ at: at(20), by: 'rules', action: 'withdrawn', sourceId: 'test', detail: { reason: promptResolvedReason } }] }),
      ]);
    });

    it('lists my leads, the transfers owed soonest first with the days left, and marks a 不予受理 still owing its reason', async () => {
      const page = await login(apiTokens.prosecutor);
      await page.goto(`${h.runtime.url}/dashboard/#/leads`);
      await page.waitForSelector('[data-testid=list-table] tbody tr');
      await page.selectOption('[data-testid=filter-assigned]', 'me');
      await page.waitForURL(/assigned=me/);
      await page.waitForSelector('[data-testid=list-table] tbody tr');
      // Only this test's leads: the seeded records raise leads of their own.
      const ours = new Set([1, 2, 3, 4, 5, 6].map(number));
      const rows = async () => (await page.locator('[data-testid=list-table] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.querySelector('td[data-key=number]')?.textContent ?? ''))).filter((n) => ours.has(n));
      // Not the lead of 市场监管局 alerted to 李检察官, nor the withdrawn one alerted to nobody.
      expect(await rows()).toEqual([number(2), number(1), number(3), number(5)]);
      expect(await page.textContent(`[data-testid=list-table] tr:has-text("${number(2)}") td[data-key=transferDueOn]`)).toBe(`${addDays(today(), 5)}（还剩 5 天）`);
      expect(await page.textContent(`[data-testid=list-table] tr:has-text("${number(5)}") td[data-key=statusName]`)).toBe('不予受理（理由未填写）');
      await page.selectOption('[data-testid=filter-sort]', 'newest');
      await page.waitForURL(/sort=newest/);
      await expect.poll(rows).toEqual([number(1), number(2), number(3), number(5)]);
      // A settled 提醒 reads as its card does.
      await page.goto(`${h.runtime.url}/dashboard/#/leads?status=withdrawn`);
      await expect.poll(() => page.textContent(`[data-testid=list-table] tr:has-text("${number(6)}") td[data-key=statusName]`)).toBe('已解除');
      await page.close();
    });

    it('says on a lead\'s page how to decide it in WeCom, only the decisions that apply, and a reason still owed', async () => {
      const page = await login(apiTokens.prosecutor);
      const open = async (n: number) => {
        await page.goto(`${h.runtime.url}/dashboard/#/leads/${number(n)}`);
        await page.waitForSelector('[data-testid=lead-decision]');
      };
      await open(2);
      const guide = await page.textContent('[data-testid=lead-guide]');
      expect(guide).toContain('本线索可由您处理');
      for (const command of [`受理 ${number(2)}`, `不予受理 ${number(2)} <理由>`, `转刑事线索 ${number(2)}`, `转监察委 ${number(2)}`]) expect(guide).toContain(`「${command}」`);
      expect(await page.textContent('[data-field=transferDueOn]')).toBe(`${addDays(today(), 5)}（还剩 5 天）`);
      expect(await page.textContent('[data-field=rule]')).toBe('国有财产损失未追缴即结案（R10-state-loss-unrecovered，第 1 版）');
      await open(3);
      expect(await page.textContent('[data-testid=lead-guide]')).not.toContain('转刑事线索');
      await open(5);
      expect(await page.textContent('[data-testid=lead-reason-owed]')).toBe(`尚未填写，请发送「不予受理 ${number(5)} <理由>」（由决定人 王检察官 在企业微信中发送）`);
      expect(await page.locator('[data-testid=lead-guide]').count()).toBe(0);
      await open(6);
      expect(await page.textContent('[data-field=statusText]')).toMatch(/^已解除（提醒的情形已消除，\d{4}-\d{2}-\d{2} \d{2}:\d{2}）$/);
      await page.close();
    });

    it('explains wrong filters in the page\'s words and shows the last page for a page beyond it', async () => {
      const page = await login(apiTokens.prosecutor);
      await page.goto(`${h.runtime.url}/dashboard/#/leads`);
      await page.waitForSelector('[data-testid=filter-from]');
      await page.fill('[data-testid=filter-from]', '2026-11-30');
      await page.fill('[data-testid=filter-to]', '2026-11-01');
      await page.click('[data-testid=filter-submit]');
      expect(await page.textContent('[data-testid=filter-problem]')).toBe('发现日期止不能早于发现日期起。');
      // From a bookmarked or edited URL, the server's refusal is said with the filters' labels too.
      await page.goto(`${h.runtime.url}/dashboard/#/leads?kind=${encodeURIComponent('公益诉讼线索')}`);
      await expect.poll(() => page.textContent('[data-testid=page-error]')).toBe('查询条件有误：类型「公益诉讼线索」不是可选的值，请从列表中选择。');
      await page.goto(`${h.runtime.url}/dashboard/#/leads?page=99`);
      await page.waitForSelector('[data-testid=list-table] tbody tr[data-id]');
      expect(await page.textContent('[data-testid=pager-page]')).toBe('第 1 / 1 页');
      expect(page.url()).not.toContain('page=99');
      await page.close();
    });
  });

  it('keeps a long unbroken party name inside the cases table at 1366×768, with case numbers on one line', async () => {
    const created = await api.json('/api/cases', { method: 'POST', json: { agency: 'linye', requestId: 'r9-long', caseNumber: '富林罚〔2026〕305号', party: `某公司${'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.repeat(5)}`, facts: '擅自砍伐林木', fineYuan: 1000, finePaid: true } });
    expect(created.status).toBe(201);
    const page = await login(apiTokens.prosecutor);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`${h.runtime.url}/dashboard/#/cases`);
    await page.waitForSelector('[data-testid=list-table] tbody tr');
    // Runs in the page; typed structurally, as the tests compile without the DOM library.
    const [scroll, client] = await page.locator('.table-wrap').evaluate((wrap) => [(wrap as unknown as { scrollWidth: number }).scrollWidth, (wrap as unknown as { clientWidth: number }).clientWidth]);
    expect(scroll).toBeLessThanOrEqual(client);
    const lines = await page.locator('td[data-key=caseNumber] a').evaluateAll((links) => links.map((a) => a.getClientRects().length));
    expect(lines.every((n) => n === 1), JSON.stringify(lines)).toBe(true);
    // The fine is 罚款(元) once, with separators, not repeated as a quantity.
    await page.goto(`${h.runtime.url}/dashboard/#/cases/${encodeURIComponent(created.body.id)}`);
    await page.waitForSelector('[data-field=fineYuan]');
    expect(await page.textContent('[data-field=fineYuan]')).toBe('1,000');
    expect(await page.locator('[data-field=quantities]').count()).toBe(0);
    await page.close();
  });

  it('sends an export after the session ended to the login page, and says "logged out" after 退出 and Back', async () => {
    const page = await login(apiTokens.prosecutor);
    await page.goto(`${h.runtime.url}/dashboard/#/board`);
    await page.waitForSelector('[data-testid=list-table] tbody tr');
    const cookie = (await page.context().cookies()).find((c) => c.name === 'lb_session')!;
    expect((await fetch(`${h.runtime.url}/api/logout`, { method: 'POST', headers: { cookie: `lb_session=${cookie.value}` } })).status).toBe(200);
    let downloads = 0;
    page.on('download', () => downloads++);
    await page.click('[data-testid=export-xlsx]');
    await page.waitForURL(/login\.html\?expired=1/);
    expect(await page.textContent('[data-testid=login-notice]')).toBe('登录已过期，请重新登录');
    expect(downloads).toBe(0);
    await page.fill('[data-testid=login-token]', apiTokens.prosecutor);
    await page.click('[data-testid=login-submit]');
    await page.waitForSelector('[data-testid=list-table] tbody tr');
    await page.click('[data-testid=logout]');
    await page.waitForURL(/login\.html\?loggedout=1$/);
    expect(await page.textContent('[data-testid=login-notice]')).toBe('您已退出登录。如需继续使用，请重新登录。');
    // Back to the board: the login page again, still saying the user logged out (not that the login expired).
    await page.goBack();
    await page.waitForURL((url) => url.pathname.endsWith('/login.html') && !/^\?loggedout=1$/.test(url.search));
    await expect.poll(() => page.textContent('[data-testid=login-notice]')).toBe('您已退出登录。如需继续使用，请重新登录。');
    await page.close();
  });

  it('tells a second login that a session is open, and a tab whose session became another person\'s shows that person', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const a = await context.newPage();
    await a.goto(`${h.runtime.url}/dashboard/login.html`);
    await a.fill('[data-testid=login-token]', apiTokens.prosecutor);
    await a.click('[data-testid=login-submit]');
    await a.waitForSelector('[data-testid=stat-casesEntered]');
    const b = await context.newPage();
    await b.goto(`${h.runtime.url}/dashboard/login.html`);
    await expect.poll(() => b.textContent('[data-testid=login-session-text]')).toBe('您已以 王检察官（检察官）身份登录。');
    expect(await b.isHidden('[data-testid=login-token]')).toBe(true);
    await b.click('[data-testid=login-switch]');
    await b.fill('[data-testid=login-token]', apiTokens.linyeAdmin);
    await b.click('[data-testid=login-submit]');
    await b.waitForSelector('[data-testid=user-role]');
    // Tab A's next request is answered for 林业局's admin: the tab reloads as that person and says what happened.
    await a.click('[data-testid=nav-cases]');
    await a.waitForSelector('[data-testid=principal-changed]');
    expect(await a.textContent('[data-testid=user-name]')).toBe('富阳区林业局管理员');
    expect(await a.textContent('[data-testid=user-role]')).toBe('单位管理员');
    expect(await a.textContent('[data-testid=principal-changed]')).toContain('此页面原来的 王检察官（检察官） 登录已被替换');
    expect(await a.locator('[data-testid=nav-leads]').count()).toBe(0);
    await context.close();
  });
});
