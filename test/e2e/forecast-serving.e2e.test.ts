/**
 * Forecast serving end to end: the runtime on a short scripted feed (event time driven by a
 * manual clock, ~20× real time) serves physics forecasts from its worker with their model version,
 * and a zone whose occupancy rises towards its threshold raises predicted_congestion before it is
 * congested; no forecast is used more than 3 intervals (5 s, or the tick's step when longer) after
 * it was made. A forecaster that cannot load leaves the runtime running without forecasts, says so
 * in the snapshot and /metrics, and is restarted with backoff.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createSensorPublisher } from '../../src/adapters/index.ts';
import type { ConsoleMessage, EpochMs } from '../../src/contracts/index.ts';
import { PHYSICS_MODEL_VERSION } from '../../src/forecast/index.ts';
import { startEmbedded, type EmbeddedRuntime } from '../../src/runtime/embedded.ts';
import { ADMIN_PASSWORD, ConsoleClient, login, PILOT_PLAYBOOK, PILOT_VENUE, ROOT, tempDir, waitUntil } from './harness.ts';
import { zoneCount } from './readings.ts';

type Snapshot = Extract<ConsoleMessage, { type: 'snapshot' }>;
const START = Date.UTC(2026, 5, 1, 18);

function manualClock(): { now: () => EpochMs; advance(ms: number): void } {
  let t = START;
  return { now: () => t as EpochMs, advance: (ms) => { t += ms; } };
}

async function runtime(dataDir: string, clock: { now: () => EpochMs }, artifact?: string, logs: string[] = []): Promise<EmbeddedRuntime> {
  return startEmbedded({
    venue: PILOT_VENUE, playbook: PILOT_PLAYBOOK, preset: join(ROOT, 'presets', 'stadium-concert.yaml'), dataDir,
    http: { host: '127.0.0.1', port: 0 }, mqtt: { host: '127.0.0.1', port: 0 },
    tickMs: 100, durability: 'normal', logLevel: 'silent', webRoot: null,
    env: { CROWDFLOW_ADMIN_PASSWORD: ADMIN_PASSWORD }, clock,
    forecast: { enabled: true, everyS: 5, artifact: artifact ?? null },
    forecastService: { backoffMs: 200, maxBackoffMs: 400, log: (m) => logs.push(m) },
  });
}

/** Tunnel N1 (30 m², congestion at 3 p/m² = 90 people) filling by `perMin` people a minute from `from`. */
async function feedRisingTunnel(rt: EmbeddedRuntime, clock: ReturnType<typeof manualClock>, seconds: number, from: number, perMin: number, stopWhen: () => boolean): Promise<void> {
  const pub = createSensorPublisher({ url: rt.mqtt.url, venueId: rt.venue.id, keys: rt.sensorKeys });
  try {
    for (let s = 0; s < seconds && !stopWhen(); s++) {
      clock.advance(1000);
      await pub.publish([zoneCount('cam-tunnel-n1', Math.round(from + (perMin * s) / 60), clock.now())]);
      // ~20× real time: a tick (100 ms) every second or two of event time.
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await pub.close();
  }
}

test('forecasts flow from the worker with their model version, and a rising zone raises predicted_congestion', async () => {
  const dir = tempDir();
  const clock = manualClock();
  const rt = await runtime(dir.path, clock);
  try {
    const token = await login(rt.http.url);
    const consoleClient = await ConsoleClient.connect(rt.http.url, token);
    const tunnel = (m: Snapshot) => m.zones.find((z) => z.state.zoneId === 'tunnel-n1');
    const predicted = (m: ConsoleMessage): m is Snapshot => m.type === 'snapshot' && (tunnel(m)?.risk.triggers.includes('predicted_congestion') ?? false);
    // 20 people rising by 12 a minute: 90 (congestion) in about 6 minutes.
    await feedRisingTunnel(rt, clock, 330, 20, 12, () => consoleClient.messages.some(predicted));
    const snap = await consoleClient.waitFor(predicted, 5000);
    const zone = tunnel(snap)!;
    assert.ok(zone.forecast !== null, 'the snapshot carries the forecast acted on');
    assert.equal(zone.forecast.modelVersion, PHYSICS_MODEL_VERSION);
    assert.ok(zone.state.density !== null && zone.state.density < 3, `not yet congested (${zone.state.density} p/m²): the warning is ahead of time`);
    assert.ok(zone.forecast.congestionEta !== null && zone.forecast.congestionEta > zone.state.ts, 'an onset ahead is named');
    assert.ok(zone.forecast.pCongestion >= 0.7);
    assert.equal(zone.forecast.points.length, 10);
    // Never acted on stale: every forecast shown is at most 3 intervals older than its state. The
    // feed advances 1 s per 50 ms and ticks come every 100 ms: ~2 s of event time per tick, at
    // worst a few seconds on a busy machine; the bound takes the largest step seen.
    const snaps = consoleClient.messages.filter((m): m is Snapshot => m.type === 'snapshot');
    let tickStepMs = 0;
    for (let i = 1; i < snaps.length; i++) tickStepMs = Math.max(tickStepMs, snaps[i]!.zones[0]!.state.ts - snaps[i - 1]!.zones[0]!.state.ts);
    for (const m of consoleClient.messages) {
      if (m.type !== 'snapshot') continue;
      for (const z of m.zones) if (z.forecast) assert.ok(z.state.ts - z.forecast.ts <= 3 * Math.max(5000, tickStepMs) && z.state.ts >= z.forecast.ts);
    }
    assert.equal(snap.forecastHealth?.service, 'ok');
    assert.equal(snap.forecastHealth?.modelVersion, PHYSICS_MODEL_VERSION);
    assert.equal(snap.forecastHealth?.drift, 'no_reference');
    // Zones nobody sees get no forecast.
    assert.equal(snap.zones.find((z) => z.state.zoneId === 'concourse-n')?.forecast, null);

    const metrics = await (await fetch(`${rt.http.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
    const inferences = Number(/^crowdflow_forecast_inference_seconds_count (\d+)$/m.exec(metrics)?.[1]);
    assert.ok(inferences > 0, 'inference times are recorded');
    assert.match(metrics, new RegExp(`^crowdflow_forecast_service\\{state="ok",model="${PHYSICS_MODEL_VERSION}"\\} 1$`, 'm'));
    assert.match(metrics, /^crowdflow_forecast_age_seconds \d/m);
    consoleClient.close();
  } finally {
    await rt.stop();
    dir.remove();
  }
});

test('a forecaster that cannot load: the runtime runs on without forecasts, reports it, restarts with backoff', async () => {
  const dir = tempDir();
  const clock = manualClock();
  const logs: string[] = [];
  const rt = await runtime(dir.path, clock, join(dir.path, 'no-such-artifact.json'), logs);
  try {
    const token = await login(rt.http.url);
    const consoleClient = await ConsoleClient.connect(rt.http.url, token);
    await feedRisingTunnel(rt, clock, 40, 20, 12, () => false);
    // Each attempt loads a worker (seconds on a busy machine); backoff 200, then 400 ms.
    await waitUntil(() => (rt.forecasts?.counters.restarts ?? 0) >= 2, 40_000, 'two restarts');
    const snap = await consoleClient.waitFor((m): m is Snapshot => m.type === 'snapshot' && m.zones.some((z) => z.state.zoneId === 'tunnel-n1' && z.risk.level !== null), 5000);
    assert.ok(snap.zones.every((z) => z.forecast === null));
    assert.ok(snap.forecastHealth !== undefined && snap.forecastHealth.service !== 'ok', `service ${snap.forecastHealth?.service}`);
    assert.ok(logs.some((l) => /no-such-artifact\.json/.test(l)), logs.join('\n'));
    assert.ok(logs.some((l) => /restart in/.test(l)));
    const metrics = await (await fetch(`${rt.http.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
    assert.ok(Number(/^crowdflow_forecast_worker_restarts_total (\d+)$/m.exec(metrics)?.[1]) >= 2);
    consoleClient.close();
  } finally {
    await rt.stop();
    dir.remove();
  }
});
