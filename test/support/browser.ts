import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium (scripts/ensure-browser.sh installs it), headless: no sandbox as root, no background traffic, which this machine's closed network refuses. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A fresh browser session logged in to the dashboard at `baseUrl` with `token`, failing the test on any page error. */
export async function loginToDashboard(browser: Browser, baseUrl: string, token: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(`${baseUrl}/dashboard/`);
  await page.waitForURL(/login\.html/);
  await page.fill('[data-testid=login-token]', token);
  await page.click('[data-testid=login-submit]');
  await page.waitForSelector('[data-testid=stat-casesEntered]');
  return page;
}

/** Opens a recommendation's page in the dashboard at `baseUrl` and waits for its timeline. */
export async function openRecommendation(page: Page, baseUrl: string, ref: string): Promise<void> {
  await page.goto(`${baseUrl}/dashboard/#/recommendations/${encodeURIComponent(ref)}`);
  await page.waitForSelector('[data-testid=timeline]');
}

/** Submits the action form `id` on a recommendation's page and answers its confirmation 确认. */
export async function submitAndConfirm(page: Page, id: string): Promise<void> {
  await page.click(`[data-testid=${id}-submit]`);
  await page.click(`[data-testid=${id}-yes]`);
}
