import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { apiTokens, apiTokensEnv } from '../support/api-tokens.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { launchChromium, loginToDashboard } from '../support/browser.js';

/**
 * Round 9 (dashboard) finding 22: 一般违法 read 0 in every period, on its card and in every table, with nothing saying
 * that no rule raises it. The page says so where the figure is shown; an agency admin, without lead figures, sees none.
 */
describe('dashboard: 一般违法 explained on the statistics page (browser)', () => {
  let h: BotHarness;
  let browser: Browser;
  beforeAll(async () => {
    h = await startBotHarness({ env: { API_TOKENS: apiTokensEnv } });
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  it('says under the 一般违法 card and under each table that no rule of the platform raises it', async () => {
    const page = await loginToDashboard(browser, h.runtime.url!, apiTokens.prosecutor);
    expect(await page.textContent('[data-testid=stat-generalViolations]')).toBe('0');
    expect(await page.textContent('[data-testid=stat-note-generalViolations]')).toBe('本平台暂无自动发现一般违法的规则');
    for (const table of ['domain', 'campaign', 'month']) {
      const note = page.locator(`[data-testid=stats-table-${table}]`).locator('xpath=ancestor::section[1]').locator('p.caption');
      expect(await note.textContent(), table).toBe('一般违法：本平台暂无自动发现一般违法的规则。');
    }
    await page.close();
  });

  it('shows an agency admin no such note, as no lead figure', async () => {
    const page = await loginToDashboard(browser, h.runtime.url!, apiTokens.linyeAdmin);
    expect(await page.locator('[data-testid^=stat-note-]').count()).toBe(0);
    expect(await page.locator('section p.caption', { hasText: '一般违法' }).count()).toBe(0);
    await page.close();
  });
});
