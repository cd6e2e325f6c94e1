import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { caseModel } from '../../src/models/case.js';
import { leadModel, type LeadRecord } from '../../src/models/lead.js';
import { apiTokens, apiTokensEnv } from '../support/api-tokens.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { launchChromium, loginToDashboard } from '../support/browser.js';

const hills = '两山清理';
/** An instant given as Asia/Shanghai wall-clock time (UTC+8). */
const shanghai = (local: string) => new Date(`${local.replace(' ', 'T')}+08:00`);

/**
 * The statistics page's figures open the records they count, and the lead queue and case list filter by the
 * statistics' domain, campaign and period: in headless Chromium against the real services.
 */
describe('dashboard: from a figure to its records (browser)', () => {
  let h: BotHarness;
  let browser: Browser;
  beforeAll(async () => {
    h = await startBotHarness({ env: { API_TOKENS: apiTokensEnv } });
    const { mongo } = h.runtime;
    // Three criminal leads of 两山清理 in March 2025 (one at 00:00 on the 1st), one a millisecond before, one rejected.
    const leads: Array<[LeadRecord['kind'], LeadRecord['status'], string, string]> = [
      ['criminal', 'open', 'linye', '2025-02-28 23:59:59.999'], ['criminal', 'open', 'linye', '2025-03-01 00:00'],
      ['irregular', 'criminal', 'ziran', '2025-03-15 10:00'], ['criminal', 'accept', 'linye', '2025-03-31 23:00'], ['irregular', 'reject', 'linye', '2025-03-10 09:00'],
    ];
    for (const [i, [kind, status, agency, at]] of leads.entries()) {
      const createdAt = shanghai(at);
      await leadModel(mongo).create({
        _id: `case:c-link:${i}`, number: `XS-2025-${String(901 + i).padStart(4, '0')}`, kind, ruleId: 'R-test', ruleVersion: 1, title: '测试线索', explanation: '测试', values: [], legalBasis: '测试',
        subject: { kind: 'case', id: `c-link-${i}`, label: '测试案件', agency, domain: '生态环境和资源保护', campaign: hills }, status, createdAt, history: [],
        ...(status === 'open' ? {} : { decision: { action: status as 'accept', by: 'wangjc', byName: '王检察官', at: createdAt } }), // the statuses above other than open are decisions
      });
    }
    await caseModel(mongo).create({ _id: 'c-link-case', agency: 'linye', caseNumber: '富林罚〔2025〕901号', caseKey: 'k-link', party: '某公司', facts: '测试', status: 'open', createdBy: 'test', sourceId: 's-link', createdAt: shanghai('2025-03-01 00:00'), campaign: hills, history: [] });
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  const login = (token: string): Promise<Page> => loginToDashboard(browser, h.runtime.url!, token);
  const hillsCell = (page: Page, figure: string) => page.locator(`[data-testid=stats-table-campaign] tr[data-id="${hills}"] td[data-key=${figure}]`);

  it('opens the leads behind a campaign\'s figure, as many as it counts, with the period kept', async () => {
    const page = await login(apiTokens.prosecutor);
    await page.goto(`${h.runtime.url}/dashboard/#/stats?from=2025-03-01&to=2025-03-31`);
    await page.waitForSelector(`[data-testid=stats-table-campaign] tr[data-id="${hills}"]`);
    expect(await hillsCell(page, 'criminalLeads').textContent()).toBe('3');
    // The rejected lead counts under no figure, so 不规范执法 has nothing to open.
    expect(await hillsCell(page, 'irregularEnforcement').locator('a').count()).toBe(0);
    await hillsCell(page, 'criminalLeads').locator('a').click();
    await page.waitForSelector('[data-testid=list-table] tbody tr[data-id]');
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe(`#/leads?kind=criminal&from=2025-03-01&to=2025-03-31&campaign=${hills}`);
    expect(await page.textContent('[data-testid=pager-total]')).toBe('共 3 条');
    expect(await page.inputValue('[data-testid=filter-campaign]')).toBe(hills);
    expect(await page.inputValue('[data-testid=filter-from]')).toBe('2025-03-01');
    await page.close();
  });

  it('keeps the chosen agency from the statistics to the list, and lists the cases behind 录入执法案件', async () => {
    const page = await login(apiTokens.prosecutor);
    await page.goto(`${h.runtime.url}/dashboard/#/stats?from=2025-03-01&to=2025-03-31&agency=linye`);
    await page.waitForSelector(`[data-testid=stats-table-campaign] tr[data-id="${hills}"]`);
    expect(await page.inputValue('[data-testid=stats-agency]')).toBe('linye');
    expect(await hillsCell(page, 'criminalLeads').textContent()).toBe('2');
    await hillsCell(page, 'casesEntered').locator('a').click();
    await page.waitForSelector('[data-testid=list-table] tbody tr[data-id]');
    expect(await page.textContent('[data-testid=pager-total]')).toBe('共 1 条');
    expect(await page.textContent('[data-testid=list-table] tbody')).toContain('富林罚〔2025〕901号');
    await page.close();
  });

  it('filters the lead queue by a period typed into its date fields, applied with 查询', async () => {
    const page = await login(apiTokens.prosecutor);
    await page.goto(`${h.runtime.url}/dashboard/#/leads?campaign=${encodeURIComponent(hills)}`);
    await page.waitForSelector('[data-testid=list-table] tbody tr[data-id]');
    expect(await page.textContent('[data-testid=pager-total]')).toBe('共 5 条');
    await page.fill('[data-testid=filter-from]', '2025-03-01');
    await page.fill('[data-testid=filter-to]', '2025-03-31');
    await page.click('[data-testid=filter-submit]');
    await page.locator('[data-testid=pager-total]', { hasText: '共 4 条' }).waitFor();
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe(`#/leads?campaign=${hills}&from=2025-03-01&to=2025-03-31`);
    await page.close();
  });
});
