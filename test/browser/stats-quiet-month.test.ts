import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { caseModel } from '../../src/models/case.js';
import { apiTokens, apiTokensEnv } from '../support/api-tokens.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { launchChromium, loginToDashboard } from '../support/browser.js';

/** An instant given as Asia/Shanghai wall-clock time (UTC+8). */
const shanghai = (local: string) => new Date(`${local.replace(' ', 'T')}+08:00`);

/**
 * The month chart of the statistics page shows a month without records as 0 (round 9: the API left the month out,
 * and the chart's line joined January to March over it).
 */
describe('dashboard: a quiet month in the month chart (browser)', () => {
  let h: BotHarness;
  let browser: Browser;
  beforeAll(async () => {
    h = await startBotHarness({ env: { API_TOKENS: apiTokensEnv } });
    for (const [i, at] of ['2025-01-15 10:00', '2025-03-03 10:00', '2025-03-20 10:00'].entries()) {
      await caseModel(h.runtime.mongo).create({ _id: `c-quiet-${i}`, agency: 'linye', caseNumber: `富林罚〔2025〕${960 + i}号`, caseKey: `k-quiet-${i}`, party: '某公司', facts: '测试', status: 'open', createdBy: 'test', sourceId: `s-quiet-${i}`, createdAt: shanghai(at), history: [] });
    }
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  it('has a point and a table row for every month of the period, February and April at 0', async () => {
    const page = await loginToDashboard(browser, h.runtime.url!, apiTokens.prosecutor);
    await page.goto(`${h.runtime.url}/dashboard/#/stats?from=2025-01-01&to=2025-04-30`);
    await page.waitForSelector('[data-testid=stats-table-month] tr[data-id="2025-03"]');
    const months = ['2025-01', '2025-02', '2025-03', '2025-04'];
    expect(await page.locator('[data-testid=chart-month] .x-labels text > title').allTextContents()).toEqual(months);
    const cases = page.locator('[data-testid=chart-month] .lines circle title');
    expect((await cases.allTextContents()).filter((t) => t.includes('录入执法案件'))).toEqual(['2025-01 · 录入执法案件：1', '2025-02 · 录入执法案件：0', '2025-03 · 录入执法案件：2', '2025-04 · 录入执法案件：0']);
    expect(await page.locator('[data-testid=stats-table-month] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')))).toEqual(months);
    expect(await page.textContent('[data-testid=stats-table-month] tr[data-id="2025-02"] td[data-key=casesEntered]')).toBe('0');
    await page.close();
  });
});
