/**
 * The console tests' browser: Debian's Chromium driven by playwright-core. `BROWSER_MISSING` is why
 * a browser test must skip (Chromium absent, console not built), or null; under CI=true a missing
 * part is an error instead, so CI never passes by skipping.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEFAULT_WEB_ROOT } from '../../src/runtime/embedded.ts';
import { ADMIN_PASSWORD } from './harness.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const BROWSER_MISSING: string | null = !existsSync(CHROMIUM)
  ? `Chromium not found at ${CHROMIUM} (apt-get install chromium)`
  : !existsSync(join(DEFAULT_WEB_ROOT, 'index.html')) ? 'console not built (npm run build:web)' : null;
if (BROWSER_MISSING && process.env.CI === 'true') throw new Error(`browser test cannot run under CI: ${BROWSER_MISSING}`);

/** Headless Chromium without the background connections this machine's closed network refuses. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

/** A 1600×1000 page on the console at `httpUrl`, logged in as the test admin. */
export async function openConsoleAsAdmin(browser: Browser, httpUrl: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(`${httpUrl}/`);
  await page.getByTestId('login-username').fill('admin');
  await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
  await page.getByTestId('login-submit').click();
  return page;
}
