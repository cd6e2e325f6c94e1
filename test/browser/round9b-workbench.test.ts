import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addDays } from '../../src/calendar/add-period.js';
import { workingDayOnOrAfter } from '../../src/calendar/deadline.js';
import { defaultCalendar } from '../../src/calendar/default-calendar.js';
import { localDate, ymd } from '../../src/calendar/local-date.js';
import { recommendationModel } from '../../src/models/recommendation.js';
import { apiClient } from '../support/api-client.js';
import { apiTokens, apiTokensEnv } from '../support/api-tokens.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { launchChromium, loginToDashboard, openRecommendation as openPage, submitAndConfirm } from '../support/browser.js';
import { say, textOf } from '../support/chat.js';

const TZ = 'Asia/Shanghai';

/**
 * Round 9b (workbench): the dashboard's actions as prosecutors and an admin used them — a long send-back reaches the
 * agency, a form loaded before a colleague acted changes nothing and says what did, a tab showing one person never
 * acts as another, the confirmation is never answered by the gesture that opened it, typed text outlives a session.
 */
describe('the workbench\'s actions, round 9b', () => {
  let h: BotHarness;
  let browser: Browser;
  const api = apiClient(() => h.runtime.url!, apiTokens.admin);
  const today = () => localDate(new Date(h.clock.now()), TZ);
  const login = (token: string): Promise<Page> => loginToDashboard(browser, h.runtime.url!, token);
  const rec = (id: string) => recommendationModel(h.runtime.mongo).findById(id).lean();
  const openRecommendation = (page: Page, ref: string) => openPage(page, h.runtime.url!, ref);
  const issue = (ref: string, issuedDaysAgo: number, receivedDaysAgo?: number, title = '督促依法履职') => api.json('/api/recommendations', { method: 'POST', json: {
    ref, agency: 'linye', title, requirements: '依法查处并书面回复', issuedOn: addDays(today(), -issuedDaysAgo), ...(receivedDaysAgo === undefined ? {} : { receivedOn: addDays(today(), -receivedDaysAgo) }),
  } });
  const toZhangsan = (since: number) => h.fake.appMessages().slice(since).filter((m) => String(m.touser).split('|').includes('zhangsan')).map(textOf);

  beforeAll(async () => {
    h = await startBotHarness({ env: { API_TOKENS: apiTokensEnv } });
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  it('tells the agency of a send-back with a long reason on a long-titled recommendation', async () => {
    const ref = '富检行公建〔2026〕601号';
    const title = '关于督促富阳区林业局依法全面履行林地保护监管职责、及时查处非法占用林地和毁坏林木行为并追缴森林植被恢复费、恢复林业生产条件的检察建议（涉及银湖街道、富春街道、东洲街道等多个乡镇街道）';
    expect((await issue(ref, 20, 18, title)).status).toBe(201);
    await say(h, 'zhangsan', `完成 ${ref} 已全部整改`);
    const page = await login(apiTokens.prosecutor);
    await openRecommendation(page, '富检行公建[2026]601号');
    await page.check('[data-testid=review-send-back]');
    const reason = '经现场核查，整改尚未到位：补植成活率不足，缺少处罚决定书及缴款凭证。'.repeat(20).slice(0, 500);
    await page.fill('[data-testid=review-note]', reason);
    const before = h.fake.appMessages().length;
    await submitAndConfirm(page, 'review-form');
    await expect.poll(() => page.textContent('[data-testid=action-done]')).toBe('已退回，已通知执法单位。');
    await expect.poll(() => toZhangsan(before).join('\n'), { timeout: 10_000 }).toContain('完成后再发送「完成 富检行公建[2026]601号」');
    expect(toZhangsan(before).join('\n')).toContain(reason);
    await page.close();
  });

  it('does not let a form loaded before a colleague registered the receipt overwrite it, and says who did', async () => {
    const ref = '富检行公建〔2026〕402号';
    expect((await issue(ref, 8)).status).toBe(201);
    const a = await login(apiTokens.prosecutor);
    const b = await login(apiTokens.admin);
    await openRecommendation(a, ref);
    await openRecommendation(b, ref);
    // Said on the form now: the agency is told its deadline.
    expect(await a.textContent('[data-testid=receipt-form]')).toContain('执法单位人员会收到企业微信通知');
    const before = h.fake.appMessages().length;
    await a.fill('[data-testid=receipt-date]', addDays(today(), -5));
    await submitAndConfirm(a, 'receipt-form');
    await expect.poll(() => a.textContent('[data-testid=action-done]')).toMatch(/^已登记收到日期 \d{4}-\d{2}-\d{2}，回复期限为 \d{4}-\d{2}-\d{2}，已通知执法单位 2 人。$/);
    const due = ymd((await rec('富检行公建[2026]402号'))!.dueOn!);
    await b.fill('[data-testid=receipt-date]', addDays(today(), -1));
    await submitAndConfirm(b, 'receipt-form');
    await expect.poll(() => b.textContent('[data-testid=action-refused]')).toMatch(new RegExp(`^收到日期已由 王检察官 于 .+ 登记为 ${addDays(today(), -5)}（回复期限 ${due}），本次未作修改。`));
    // The page shows the record as it is: the registered date, and no form to register it again.
    expect(await b.textContent('[data-field=receivedOn]')).toBe(addDays(today(), -5));
    expect(await b.locator('[data-testid=receipt-form]').count()).toBe(0);
    const stored = (await rec('富检行公建[2026]402号'))!;
    expect(ymd(stored.receivedOn!)).toBe(addDays(today(), -5));
    expect(ymd(stored.dueOn!)).toBe(due);
    await expect.poll(() => toZhangsan(before)).toHaveLength(1);
    expect(toZhangsan(before)[0]).toContain(`书面回复期限为 ${due}`);
    await a.close();
    await b.close();
  });

  it('refuses a new period from a form loaded before a colleague set one; the agency hears of one period only', async () => {
    const ref = '富检行公建〔2026〕409号';
    expect((await issue(ref, 100, 98)).status).toBe(201);
    const a = await login(apiTokens.prosecutor);
    const b = await login(apiTokens.admin);
    await openRecommendation(a, ref);
    await openRecommendation(b, ref);
    const before = h.fake.appMessages().length;
    await a.fill('[data-testid=period-date]', addDays(today(), 20));
    await a.fill('[data-testid=period-reason]', '已电话督促');
    await submitAndConfirm(a, 'period-form');
    await a.waitForSelector('[data-testid=action-done]');
    const set = ymd((await rec('富检行公建[2026]409号'))!.dueOn!);
    await b.fill('[data-testid=period-date]', addDays(today(), 30));
    await b.fill('[data-testid=period-reason]', '同意延期一个月');
    await submitAndConfirm(b, 'period-form');
    await expect.poll(() => b.textContent('[data-testid=action-refused]')).toContain(`回复期限已由 王检察官 于 ${today()}`);
    expect(await b.textContent('[data-testid=action-refused]')).toContain(`重新确定为 ${set}，本次未作修改。`);
    expect(ymd((await rec('富检行公建[2026]409号'))!.dueOn!)).toBe(set);
    await expect.poll(() => toZhangsan(before)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 500));
    expect(toZhangsan(before)).toHaveLength(1);
    await a.close();
    await b.close();
  });

  it('refuses what a tab showing 王检察官 submits after another login in the browser, and says it was not submitted', async () => {
    const ref = '富检行公建〔2026〕404号';
    expect((await issue(ref, 100, 98)).status).toBe(201);
    const entries = (await rec('富检行公建[2026]404号'))!.history.length;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const a = await context.newPage();
    await a.goto(`${h.runtime.url}/dashboard/login.html`);
    await a.fill('[data-testid=login-token]', apiTokens.prosecutor);
    await a.click('[data-testid=login-submit]');
    await a.waitForSelector('[data-testid=stat-casesEntered]');
    await openRecommendation(a, ref);
    await a.fill('[data-testid=period-date]', addDays(today(), 15));
    await a.fill('[data-testid=period-reason]', '王检察官督促后确定');
    await a.click('[data-testid=period-form-submit]');
    const yes = a.locator('[data-testid=period-form-yes]:enabled');
    await yes.waitFor();
    const b = await context.newPage();
    await b.goto(`${h.runtime.url}/dashboard/login.html`);
    await b.click('[data-testid=login-switch]');
    await b.fill('[data-testid=login-token]', apiTokens.admin);
    await b.click('[data-testid=login-submit]');
    await b.waitForSelector('[data-testid=user-role]');
    // Clicked in place (no focus event, as with side-by-side windows): the page sends it, the server refuses it.
    await yes.evaluate((button) => (button as unknown as { click(): void }).click());
    await a.waitForSelector('[data-testid=principal-changed]');
    expect(await a.textContent('[data-testid=principal-changed]')).toMatch(/^您刚才的操作未提交：登录身份已变更。本浏览器已在其他窗口以 .+ 身份登录，此页面原来的 王检察官（检察官） 登录已被替换/);
    expect((await rec('富检行公建[2026]404号'))!.history).toHaveLength(entries);
    await context.close();
  });

  it('does not take a double click after an error, or Enter pressed twice, as the confirmation', async () => {
    await say(h, 'zhangsan', '完成 富检行公建〔2022〕14号 违规合同已全部清理');
    const page = await login(apiTokens.prosecutor);
    await openRecommendation(page, '富检行公建[2022]14号');
    await page.check('[data-testid=review-send-back]');
    await page.click('[data-testid=review-form-submit]'); // 退回须说明原因。
    await page.check('[data-testid=review-accept]');
    const submit = page.locator('[data-testid=review-form-submit]');
    await submit.scrollIntoViewIfNeeded();
    const box = (await submit.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await new Promise((r) => setTimeout(r, 150));
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await rec('富检行公建[2022]14号'))?.status).toBe('completed');
    // The question is there to be read, and answered on purpose; it says the written reply is still owed, as chat does.
    expect(await page.textContent('[data-testid=review-form-question]')).toBe('确认验收通过？将安排回头看，并通知执法单位。注意：该检察建议尚未收到书面回复（报告完成不是书面回复）。');
    await page.click('[data-testid=review-form-yes]');
    await expect.poll(() => page.textContent('[data-testid=action-done]')).toMatch(/^已验收通过，回头看日期 \d{4}-\d{2}-\d{2}，已通知执法单位。注意：该检察建议尚未收到书面回复（报告完成不是书面回复）。$/);

    expect((await issue('富检行公建〔2026〕405号', 6)).status).toBe(201);
    await openRecommendation(page, '富检行公建[2026]405号');
    await page.fill('[data-testid=receipt-date]', addDays(today(), -2));
    await page.focus('[data-testid=receipt-date]');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await new Promise((r) => setTimeout(r, 1500));
    expect((await rec('富检行公建[2026]405号'))?.receivedOn).toBeUndefined();
    expect(await page.isVisible('[data-testid=receipt-form-confirm]')).toBe(true);
    await page.close();
  });

  it('shows the date a period will end on before it is confirmed, when the one typed is a day off', async () => {
    const ref = '富检行公建〔2026〕406号';
    expect((await issue(ref, 100, 98)).status).toBe(201);
    const calendar = defaultCalendar();
    let asked = addDays(today(), 3);
    while (workingDayOnOrAfter(asked, calendar) === asked) asked = addDays(asked, 1);
    const moved = workingDayOnOrAfter(asked, calendar);
    const page = await login(apiTokens.prosecutor);
    await openRecommendation(page, ref);
    await page.fill('[data-testid=period-date]', asked);
    await page.fill('[data-testid=period-reason]', '已督促');
    await page.click('[data-testid=period-form-submit]');
    await expect.poll(() => page.textContent('[data-testid=period-form-question]')).toBe(`确认将回复期限重新确定为 ${moved}（所填 ${asked} 为节假日或休息日，顺延至下一个工作日）？执法单位将收到通知。`);
    await page.click('[data-testid=period-form-no]');
    expect(ymd((await rec('富检行公建[2026]406号'))!.dueOn!)).not.toBe(moved);
    await page.close();
  });

  it('keeps what was typed when the session ends with the form open', async () => {
    const ref = '富检行公建〔2026〕407号';
    expect((await issue(ref, 100, 98)).status).toBe(201);
    const page = await login(apiTokens.prosecutor);
    await openRecommendation(page, ref);
    const reason = '已于今日电话督促执法单位负责人，承诺限期书面回复并报告整改情况';
    await page.fill('[data-testid=period-date]', addDays(today(), 20));
    await page.fill('[data-testid=period-reason]', reason);
    const cookie = (await page.context().cookies()).find((c) => c.name === 'lb_session')!;
    expect((await fetch(`${h.runtime.url}/api/logout`, { method: 'POST', headers: { cookie: `lb_session=${cookie.value}` } })).status).toBe(200);
    await page.click('[data-testid=period-form-submit]');
    await page.waitForURL(/login\.html\?expired=1/);
    await page.fill('[data-testid=login-token]', apiTokens.prosecutor);
    await page.click('[data-testid=login-submit]');
    await page.waitForSelector('[data-testid=period-form]');
    expect(await page.inputValue('[data-testid=period-reason]')).toBe(reason);
    expect(await page.inputValue('[data-testid=period-date]')).toBe(addDays(today(), 20));
    expect(await page.isVisible('[data-testid=period-form-restored]')).toBe(true);
    await submitAndConfirm(page, 'period-form');
    await expect.poll(() => page.textContent('[data-testid=action-done]')).toContain('回复期限已重新确定为');
    await page.close();
  });
});
