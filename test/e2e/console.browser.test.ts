/**
 * The operator console in a real browser (Debian's Chromium driven by playwright-core): log in,
 * see the pilot arena's zones coloured by level, and an alert arrive when a sensor reports a
 * crush-level density. Skips with the reason when Chromium is absent, except under CI=true.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { createSensorPublisher } from '../../src/adapters/index.ts';
import { DEFAULT_WEB_ROOT } from '../../src/runtime/embedded.ts';
import { ROOT, startTestRuntime, tempDir } from './harness.ts';
import { BROWSER_MISSING, launchChromium, openConsoleAsAdmin } from './browser.ts';
import { zoneCount } from './readings.ts';


test('an operator logs in, sees the zones and an alert arriving', { skip: BROWSER_MISSING ?? false }, async () => {
  const dir = tempDir();
  const rt = await startTestRuntime(dir.path, { tickMs: 500, webRoot: DEFAULT_WEB_ROOT });
  const pub = createSensorPublisher({ url: rt.mqtt.url, venueId: rt.venue.id, keys: rt.sensorKeys });
  let browser: Browser | null = null;
  try {
    browser = await launchChromium();
    const page = await openConsoleAsAdmin(browser, rt.http.url);
    await page.getByTestId('venue-map').waitFor({ timeout: 15_000 });
    for (const z of rt.venue.zones) await page.getByTestId(`zone-${z.id}`).waitFor({ state: 'attached', timeout: 10_000 });
    await page.locator('[data-testid="connection-status"][data-state="live"]').waitFor({ timeout: 10_000 });

    // Calm readings for every camera-counted zone, then a crush-level count in tunnel N1.
    const now = Date.now();
    await pub.publish([zoneCount('cam-entry-nw', 300, now), zoneCount('cam-food-court', 200, now)]);
    await page.locator('[data-testid="zone-entry-nw"][data-level="SAFE"]').waitFor({ timeout: 10_000 });
    await pub.publish([zoneCount('cam-tunnel-n1', 215, Date.now())]);
    const alert = page.locator('[data-testid="alert-list"] [data-testid^="alert-"][data-level]').first();
    await alert.waitFor({ timeout: 10_000 });
    assert.match(await alert.innerText(), /Tunnel N1|tunnel-n1/);
    // The alert is pushed at once; the map follows with the next snapshot.
    await page.locator('[data-testid="zone-tunnel-n1"][data-level="WARNING"], [data-testid="zone-tunnel-n1"][data-level="CRITICAL"]').waitFor({ timeout: 5000 });
    assert.equal(await page.getByTestId('zone-concourse-n').getAttribute('data-level'), 'unknown', 'a zone without data is not shown as safe');

    const shots = join(ROOT, 'out', 'screenshots');
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'console.png') });
  } finally {
    await browser?.close();
    await pub.close();
    await rt.stop();
    dir.remove();
  }
});
