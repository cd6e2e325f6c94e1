import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { projectRoot } from '../../src/embedded/project-root.js';
import { ymd } from '../../src/calendar/local-date.js';
import { uncoveredYears } from '../../src/calendar/default-calendar.js';
import { caseModel } from '../../src/models/case.js';
import { leadModel } from '../../src/models/lead.js';
import { recommendationModel } from '../../src/models/recommendation.js';
import { playScenario } from '../../scripts/lib/demo-scenario.js';
import { apiTokens, apiTokensEnv } from '../support/api-tokens.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { launchChromium, loginToDashboard } from '../support/browser.js';

const screenshots = join(projectRoot(), 'test-results', 'screenshots');
const seededCase = '富林罚〔2021〕3号';

/**
 * The dashboard in headless Chromium (Debian's, driven by playwright-core) against the bot after the demo
 * scenario has played: what a prosecutor, an admin and an agency admin see, checked against MongoDB.
 */
describe('dashboard in a real browser', () => {
  let h: BotHarness;
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    h = await startBotHarness({ longConnection: true, seed: false, env: { API_TOKENS: apiTokensEnv } });
    await playScenario({ config: h.config, runtime: h.runtime, fake: h.fake, print: () => undefined });
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  const login = (token: string): Promise<Page> => loginToDashboard(browser, h.runtime.url!, token);
  const shot = (page: Page, name: string) => page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
  async function openList(page: Page, route: string): Promise<void> {
    await page.goto(`${h.runtime.url}/dashboard/#/${route}`);
    await page.waitForSelector('[data-testid=list-table] tbody tr');
  }

  it('refuses a wrong token on the login page with a readable message', async () => {
    const page = await browser.newPage();
    await page.goto(`${h.runtime.url}/dashboard/login.html`);
    await page.fill('[data-testid=login-token]', 'not-a-valid-token-at-all');
    await page.click('[data-testid=login-submit]');
    await expect.poll(() => page.textContent('[data-testid=login-error]')).toContain('令牌无效');
    await shot(page, 'login');
    await page.close();
  });

  it('shows statistics that match MongoDB for the demo data', async () => {
    const page = await login(apiTokens.prosecutor);
    const mongo = h.runtime.mongo;
    const expected = {
      casesEntered: await caseModel(mongo).countDocuments(),
      pilLeads: await leadModel(mongo).countDocuments({ kind: 'pil' }),
      pilCases: await leadModel(mongo).countDocuments({ kind: 'pil', status: 'accept' }),
      criminalLeads: await leadModel(mongo).countDocuments({ $or: [{ kind: 'criminal' }, { status: 'criminal' }] }),
      irregularEnforcement: await leadModel(mongo).countDocuments({ kind: 'irregular' }),
      generalViolations: await leadModel(mongo).countDocuments({ kind: 'general_violation' }),
    };
    expect(expected.casesEntered).toBeGreaterThanOrEqual(4);
    expect(expected.pilLeads + expected.irregularEnforcement).toBeGreaterThan(0);
    for (const [key, value] of Object.entries(expected)) {
      expect(Number(await page.textContent(`[data-testid=stat-${key}]`)), key).toBe(value);
    }
    await expect.poll(() => page.locator('[data-testid=chart-campaign] svg').count()).toBeGreaterThan(0);
    // A year without a holiday schedule is announced on every page until an operator enters it.
    const missing = uncoveredYears(new Date());
    if (missing.length) await expect.poll(() => page.textContent('[data-testid=calendar-warning]')).toContain(`${missing.at(-1)}年的法定节假日安排尚未录入`);
    else expect(await page.locator('[data-testid=calendar-warning]').count()).toBe(0);
    expect(await page.textContent('[data-testid=stats-table-campaign]')).toContain('水源地保护');
    await shot(page, 'stats');
    for (const route of ['board', 'leads', 'recommendations', 'cases']) {
      await openList(page, route);
      await shot(page, route);
    }
    // An urgent recommendation (15 days to reply) is tagged 紧急 beside its title, on the board and in the list.
    for (const route of ['board', 'recommendations']) {
      await openList(page, route);
      const row = page.locator('[data-testid=list-table] tbody tr', { hasText: '富检行公建[2021]21号' });
      expect(await row.locator('td[data-key=title] .tag.urgent').textContent()).toBe('紧急');
      expect(await page.locator('[data-testid=list-table] tbody tr', { hasText: '富检行公建[2021]9号' }).locator('.tag.urgent').count()).toBe(0);
    }
    await page.close();
  });

  it('opens a case timeline with the evidence photo and who did what', async () => {
    const page = await login(apiTokens.prosecutor);
    await openList(page, 'cases');
    await page.locator('[data-testid=list-table] tbody tr', { hasText: seededCase }).click();
    await page.waitForSelector('[data-testid=timeline] [data-testid=timeline-entry]');
    const photo = page.locator('[data-testid=evidence-photo]').first();
    await expect.poll(() => photo.evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).complete && (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(160);
    const timeline = await page.textContent('[data-testid=timeline]');
    expect(timeline).toContain('张三');
    expect(timeline).toContain('报告整改进展');
    expect(timeline).toContain('报告整改完成');
    await shot(page, 'case-timeline');
    await page.close();
  });

  it('downloads an Excel export with the same columns and rows as the list on screen', async () => {
    const page = await login(apiTokens.prosecutor);
    await openList(page, 'recommendations');
    const headers = (await page.locator('[data-testid=list-table] thead th').allTextContents()).map((t) => t.trim());
    const total = Number(/\d+/.exec((await page.textContent('[data-testid=pager-total]')) ?? '')?.[0]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-xlsx]')]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await download.path())!);
    const sheet = workbook.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(headers);
    expect(sheet.rowCount - 1).toBe(total);
    const screenRefs = await page.locator('[data-testid=list-table] tbody tr td:nth-child(1)').allTextContents();
    const sheetRefs = Array.from({ length: sheet.rowCount - 1 }, (_, i) => String(sheet.getRow(i + 2).getCell(1).value));
    expect(sheetRefs).toEqual(expect.arrayContaining(screenRefs.map((t) => t.trim())));
    await page.close();
  });

  it('keeps a prosecutor out of the admin pages and the queue board', async () => {
    const page = await login(apiTokens.prosecutor);
    expect(await page.locator('[data-testid=nav-queues]').count()).toBe(0);
    expect(await page.locator('[data-testid=nav-audit]').count()).toBe(0);
    await page.goto(`${h.runtime.url}/dashboard/#/audit`);
    await expect.poll(() => page.textContent('body')).toContain('无权访问');
    const board = await page.goto(`${h.runtime.url}/admin/queues`);
    expect(board?.status()).toBe(403);
    await page.close();
  });

  it('shows an admin the queue board', async () => {
    const page = await login(apiTokens.admin);
    expect(await page.getAttribute('[data-testid=nav-queues]', 'href')).toBe('/admin/queues');
    await page.goto(`${h.runtime.url}/admin/queues`);
    await expect.poll(() => page.textContent('body'), { timeout: 10_000 }).toContain('deliver');
    await shot(page, 'queues');
    await page.close();
  });

  it('shows an agency admin only their own agency', async () => {
    const page = await login(apiTokens.linyeAdmin);
    for (const route of ['recommendations', 'cases', 'board']) {
      await openList(page, route);
      const agencies = new Set(await page.locator('[data-testid=list-table] tbody tr').evaluateAll((rows) => rows.map((r) => r.textContent ?? '')));
      expect([...agencies].every((text) => text.includes('富阳区林业局')), route).toBe(true);
    }
    const other = await caseModel(h.runtime.mongo).findOne({ agency: 'ziran' }).lean();
    await page.goto(`${h.runtime.url}/dashboard/#/cases/${other!._id}`);
    await expect.poll(() => page.textContent('[data-testid=page-error]')).toMatch(/没有找到/);
    await shot(page, 'agency-admin');
    await page.close();
  });

  it('shows an agency admin statistics of its cases only, without a lead figure', async () => {
    const page = await login(apiTokens.linyeAdmin);
    expect(await page.locator('[data-testid^=stat-]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-testid')))).toEqual(['stat-casesEntered']);
    expect(await page.textContent('[data-testid=stat-casesEntered]')).toBe(String(await caseModel(h.runtime.mongo).countDocuments({ agency: 'linye' })));
    expect(await page.textContent('body')).not.toMatch(/刑事案件线索|不规范执法|职务犯罪线索|公益诉讼线索|一般违法/);
    await page.close();
  });

  it('shows a recommendation replied to in writing with its reply date instead of a light', async () => {
    const open = await recommendationModel(h.runtime.mongo).findOne({ agency: 'linye', status: { $in: ['received', 'rectifying'] }, dueOn: { $exists: true } }).lean();
    expect(open, 'the demo has an open 林业局 recommendation with a due date').toBeTruthy();
    // Replied on its due date (08:00 Beijing time), then, as if recorded again, 28 days late.
    const dueOn = open!.dueOn!;
    await recommendationModel(h.runtime.mongo).updateOne({ _id: open!._id }, { $set: { repliedAt: dueOn } });
    const page = await login(apiTokens.prosecutor);
    await page.goto(`${h.runtime.url}/dashboard/#/recommendations/${encodeURIComponent(open!._id)}`);
    await expect.poll(() => page.textContent('[data-field=daysLeft]')).toBe(`已于 ${ymd(dueOn)} 书面回复`);
    expect(await page.locator('.page-head .light-label').count()).toBe(0);
    const late = new Date(dueOn.getTime() + 28 * 86_400_000);
    await recommendationModel(h.runtime.mongo).updateOne({ _id: open!._id }, { $set: { repliedAt: late } });
    await page.reload();
    await expect.poll(() => page.textContent('[data-field=daysLeft]')).toBe(`逾期 28 天后于 ${ymd(late)} 书面回复`);
    await page.close();
  });

  it('names the signed-in prosecutor in the header, and the token where no staff member is bound to it', async () => {
    const prosecutor = await login(apiTokens.prosecutor);
    expect(await prosecutor.textContent('[data-testid=user-name]')).toBe('王检察官');
    await prosecutor.close();
    const admin = await login(apiTokens.admin);
    expect(await admin.textContent('[data-testid=user-name]')).toBe('ops');
    await admin.close();
  });

  it('sends a user whose session ended to the login page saying so, and back to their page after logging in again', async () => {
    const page = await login(apiTokens.prosecutor);
    await openList(page, 'board');
    // The session ends elsewhere (logout in another tab, with a copy of the cookie); this page still holds it.
    const cookie = (await page.context().cookies()).find((c) => c.name === 'lb_session')!;
    expect((await fetch(`${h.runtime.url}/api/logout`, { method: 'POST', headers: { cookie: `lb_session=${cookie.value}` } })).status).toBe(200);
    await page.click('[data-testid=nav-recommendations]');
    await page.waitForURL(/login\.html/);
    expect(await page.textContent('[data-testid=login-notice]')).toBe('登录已过期，请重新登录');
    await shot(page, 'login-expired');
    await page.fill('[data-testid=login-token]', apiTokens.prosecutor);
    await page.click('[data-testid=login-submit]');
    await page.waitForURL(`${h.runtime.url}/dashboard/#/recommendations`);
    await page.waitForSelector('[data-testid=list-table] tbody tr');
    expect(await page.locator('[data-testid=login-notice]').count()).toBe(0);
    await page.close();
  });

  it('leads back only to pages of the dashboard or the queue board after a login', async () => {
    const page = await browser.newPage();
    await page.goto(`${h.runtime.url}/dashboard/login.html?next=${encodeURIComponent('https://example.org/dashboard/')}`);
    expect(await page.isHidden('[data-testid=login-notice]')).toBe(true);
    await page.fill('[data-testid=login-token]', apiTokens.prosecutor);
    await page.click('[data-testid=login-submit]');
    await page.waitForSelector('[data-testid=stat-casesEntered]');
    expect(page.url()).toBe(`${h.runtime.url}/dashboard/`);
    await page.close();
  });

  it('offers an agency admin no lead queue and no lead of its own cases, while a prosecutor has both', async () => {
    const own = await caseModel(h.runtime.mongo).findOne({ caseNumber: seededCase }).lean();
    const lead = await leadModel(h.runtime.mongo).findOne({ 'subject.id': own!._id }).lean();
    expect(lead, 'the demo raises a lead on the seeded 林业局 case').toBeTruthy();

    const prosecutor = await login(apiTokens.prosecutor);
    expect(await prosecutor.locator('[data-testid=nav-leads]').count()).toBe(1);
    await prosecutor.goto(`${h.runtime.url}/dashboard/#/cases/${own!._id}`);
    await expect.poll(() => prosecutor.textContent('[data-testid=case-leads]')).toContain(lead!.number);
    await prosecutor.close();

    const page = await login(apiTokens.linyeAdmin);
    expect(await page.locator('[data-testid=nav-leads]').count()).toBe(0);
    await page.goto(`${h.runtime.url}/dashboard/#/cases/${own!._id}`);
    await page.waitForSelector('[data-testid=timeline]');
    expect(await page.locator('[data-testid=case-leads]').count()).toBe(0);
    expect(await page.textContent('body')).not.toContain(lead!.number);
    for (const route of ['leads', `leads/${encodeURIComponent(lead!._id)}`]) {
      await page.goto(`${h.runtime.url}/dashboard/#/${route}`);
      await expect.poll(() => page.textContent('[data-testid=page-error]'), { message: route }).toContain('无权访问');
      expect(await page.textContent('body'), route).not.toContain(lead!.number);
    }
    await page.close();
  });
});
