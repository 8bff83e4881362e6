/**
 * The console's forecast views in a real browser (Debian's Chromium driven by playwright-core):
 * a running runtime fed a tunnel filling towards congestion shows an ETA in the zone table, and
 * the selected zone's forecast band with its threshold, outlook and model version; the header
 * names the serving model. Skips with the reason when Chromium is absent, except under CI=true.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { createSensorPublisher } from '../../src/adapters/index.ts';
import type { EpochMs } from '../../src/contracts/index.ts';
import { PHYSICS_MODEL_VERSION } from '../../src/forecast/index.ts';
import { DEFAULT_WEB_ROOT, startEmbedded } from '../../src/runtime/embedded.ts';
import { ADMIN_PASSWORD, PILOT_PLAYBOOK, PILOT_VENUE, ROOT, tempDir } from './harness.ts';
import { BROWSER_MISSING, launchChromium, openConsoleAsAdmin } from './browser.ts';
import { zoneCount } from './readings.ts';


test('a zone filling towards congestion shows its ETA, forecast band and model in the console', { skip: BROWSER_MISSING ?? false }, async () => {
  const dir = tempDir();
  // Event time from a manual clock, ~20× real time, so minutes of filling take seconds.
  let t = Date.now();
  const clock = { now: () => t as EpochMs };
  const rt = await startEmbedded({
    venue: PILOT_VENUE, playbook: PILOT_PLAYBOOK, preset: join(ROOT, 'presets', 'stadium-concert.yaml'), dataDir: dir.path,
    http: { host: '127.0.0.1', port: 0 }, mqtt: { host: '127.0.0.1', port: 0 }, tickMs: 100, durability: 'normal', logLevel: 'silent',
    webRoot: DEFAULT_WEB_ROOT, env: { CROWDFLOW_ADMIN_PASSWORD: ADMIN_PASSWORD }, clock,
    forecast: { enabled: true, everyS: 5, artifact: null },
  });
  const pub = createSensorPublisher({ url: rt.mqtt.url, venueId: rt.venue.id, keys: rt.sensorKeys });
  let browser: Browser | null = null;
  let feeding = true;
  try {
    browser = await launchChromium();
    const page = await openConsoleAsAdmin(browser, rt.http.url);
    await page.locator('[data-testid="connection-status"][data-state="live"]').waitFor({ timeout: 15_000 });

    // Tunnel N1 (30 m², congestion at 3 p/m² = 90 people): 20 people, 12 more a minute.
    const feed = (async () => {
      for (let s = 0; s < 400 && feeding; s++) {
        t += 1000;
        await pub.publish([zoneCount('cam-tunnel-n1', Math.round(20 + (12 * s) / 60), t)]);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const eta = page.locator('[data-testid="zones-eta-tunnel-n1"][data-eta="eta"]');
    await eta.waitFor({ timeout: 40_000 });
    assert.match(await eta.innerText(), /^~\d+′$/);
    await page.locator('[data-testid="forecast-status"][data-service="ok"]').waitFor({ timeout: 5000 });
    assert.match(await page.getByTestId('forecast-status').innerText(), new RegExp(PHYSICS_MODEL_VERSION));

    await page.getByTestId('zones-row-tunnel-n1').click();
    // Near the threshold the ETA can come and go between forecasts; the filling goes on until it holds.
    await page.locator('[data-testid="forecast-band"][data-outlook="eta"]').waitFor({ timeout: 30_000 });
    for (const part of ['forecast-band-area', 'forecast-band-median', 'forecast-band-threshold']) {
      assert.equal(await page.getByTestId(part).count(), 1, part);
    }
    assert.match(await page.locator('[data-testid="forecast-band"][data-outlook="eta"] [data-testid="forecast-outlook"]').innerText(), /congestion in ~\d+ min \(P \d+ %\)/);
    assert.equal(await page.getByTestId('forecast-model').innerText(), PHYSICS_MODEL_VERSION);
    // The band is drawn, not empty: the p10–p90 area has a real path.
    assert.match((await page.getByTestId('forecast-band-area').getAttribute('d')) ?? '', /^M[\d.]+,[\d.]+( L[\d.]+,[\d.]+){10,} Z$/);

    const shots = join(ROOT, 'out', 'screenshots');
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'console-forecast.png') });
    feeding = false;
    await feed;
  } finally {
    feeding = false;
    await browser?.close();
    await pub.close();
    await rt.stop();
    dir.remove();
  }
});
