/** The forecast band, the outlook in words, the ETA column and the header's forecast status. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createElement } from 'react';
import { render, testIds } from '../test-support/render.ts';
import { SMALL_VENUE, snapshot, snapshotZone } from '../test-support/fixtures.ts';
import type { ForecastHealth, SnapshotZone, ZoneForecast } from '../api/index.ts';
import { ZoneDetail } from '../components/zone-detail.tsx';
import { ZoneList } from '../components/zone-list.tsx';
import { initialConsoleState, reduceConsole } from '../state/console-state.ts';
import { bandGeometry } from './band-geometry.ts';
import { congestionOutlook, etaCell, forecastHealthText, outlookText } from './outlook.ts';
import { ForecastBanner, ForecastStatus } from './forecast-status.tsx';

const T = 1_750_000_000_000;
const noop = (): void => undefined;

/** Tunnel-like zone: 30 m², threshold 3 p/m²; density rising by `perMin` from `from`. */
function rising(from: number, perMin: number, threshold = 3): ZoneForecast {
  const points = Array.from({ length: 10 }, (_, i) => {
    const d = from + perMin * (i + 1);
    const s = 0.1 * Math.sqrt(i + 1);
    return { horizonMin: i + 1, occupancy: { p10: (d - s) * 30, p50: d * 30, p90: (d + s) * 30 }, density: { p10: Math.max(0, d - s), p50: d, p90: d + s } };
  });
  const first = points.find((p) => p.density.p50 >= threshold);
  return {
    schema: 'crowdflow.zone-forecast/v1', venueId: 'v', zoneId: 'z3', ts: T, modelVersion: 'physics-ctm@1', points,
    pCongestion: first ? 0.9 : 0.05, congestionThreshold: threshold, congestionEta: first ? T + first.horizonMin * 60_000 : null,
  } as unknown as ZoneForecast;
}

function withForecast(z: SnapshotZone, f: ZoneForecast): SnapshotZone {
  return { ...z, forecast: f } as SnapshotZone;
}

test('the outlook counts minutes from now, says when none is expected, and when it is already there', () => {
  const f = rising(2, 0.25); // 3 p/m² reached at +4 min
  assert.deepEqual(congestionOutlook(f, T), { kind: 'eta', minutes: 4, p: 0.9 });
  assert.equal(outlookText(congestionOutlook(f, T + 60_000)), 'congestion in ~3 min (P 90 %)');
  assert.equal(etaCell(congestionOutlook(f, T)), '~4′');
  const calm = rising(1, 0.01);
  assert.equal(outlookText(congestionOutlook(calm, T)), 'no congestion expected (P 5 %)');
  assert.equal(etaCell(congestionOutlook(calm, T)), '–');
  const now = { ...f, congestionEta: T } as ZoneForecast;
  assert.equal(etaCell(congestionOutlook(now, T)), 'now');
  // An ETA a few seconds ahead is never "in ~0 min".
  assert.deepEqual(congestionOutlook({ ...f, congestionEta: T + 10_000 } as ZoneForecast, T), { kind: 'eta', minutes: 1, p: 0.9 });
});

test('band geometry: p10 ≤ p50 ≤ p90 on screen, the threshold inside the plot, the ETA on the axis', () => {
  const f = rising(2, 0.25);
  const box = { width: 300, height: 120, left: 30, bottom: 18, top: 6, right: 8 };
  const g = bandGeometry(f, 2, box);
  const ys = (s: string) => s.replace(/[MZ]/g, '').split(/ L| /).filter(Boolean).map((p) => Number(p.split(',')[1]));
  const median = ys(g.median);
  assert.equal(median.length, 11, 'now + 10 horizons');
  // Rising density draws upwards (SVG y grows downwards).
  for (let i = 1; i < median.length; i++) assert.ok(median[i]! < median[i - 1]!);
  for (const y of [...median, ...ys(g.area), g.thresholdY]) assert.ok(y >= box.top - 1e-9 && y <= box.height - box.bottom + 1e-9, `y ${y} inside the plot`);
  assert.ok(g.maxDensity >= f.points[9]!.density.p90 && g.maxDensity >= 3 * 1.25);
  assert.ok(g.etaX !== null && Math.abs(g.etaX - (30 + (4 / 10) * 262)) < 1e-6);
  assert.deepEqual(g.xTicks.map((t) => t.label), ['now', '+2', '+4', '+6', '+8', '+10']);
});

test('the selected zone shows its band, threshold, outlook and model; the table its ETA', () => {
  const f = rising(2, 0.25);
  const snap = withForecast(snapshotZone('z3', 2, 'CAUTION'), f);
  const html = render(createElement(ZoneDetail, { zone: SMALL_VENUE.zones[2]!, snap, nowTs: T, onClose: noop }));
  for (const id of ['forecast-band', 'forecast-band-area', 'forecast-band-median', 'forecast-band-threshold']) {
    assert.equal(testIds(html, id).filter((e) => e['data-testid'] === id).length, 1, id);
  }
  assert.ok(html.includes('congestion in ~4 min (P 90 %)'));
  assert.ok(html.includes('physics-ctm@1'));
  assert.ok(html.includes('p/m²'), 'the unit is labelled');
  const list = render(createElement(ZoneList, { venue: SMALL_VENUE, zones: new Map([['z3', snap]]), stale: false, nowTs: T, selectedZoneId: null, onSelectZone: noop }));
  const eta = testIds(list, 'zones-eta-z3')[0]!;
  assert.equal(eta['data-eta'], 'eta');
  assert.ok(list.includes('~4′'));
  // A zone nobody sees shows no forecast, even if the record has one.
  const blind = withForecast(snapshotZone('z3', null, null, 'unknown'), f);
  assert.equal(testIds(render(createElement(ZoneDetail, { zone: SMALL_VENUE.zones[2]!, snap: blind, onClose: noop })), 'forecast-band').length, 0);
  assert.equal(testIds(render(createElement(ZoneList, { venue: SMALL_VENUE, zones: new Map([['z3', blind]]), stale: false, selectedZoneId: null, onSelectZone: noop })), 'zones-eta-z3')[0]!['data-eta'], 'none');
});

const health = (over: Partial<ForecastHealth>): ForecastHealth => ({
  service: 'ok', modelVersion: 'learned@1.0.0+abc', ageMs: 1000, drift: 'ok', keyHorizonMin: 10, liveWape: 0.2, referenceWape: 0.15, ...over,
});

test('the header shows the model; drifting and down raise a banner, the rest do not', () => {
  assert.equal(testIds(render(createElement(ForecastStatus, { health: health({}) })), 'forecast-status')[0]!['data-drift'], 'ok');
  assert.equal(render(createElement(ForecastBanner, { health: health({}) })), '');
  assert.equal(render(createElement(ForecastBanner, { health: health({ drift: 'no_reference' }) })), '');
  const drifting = render(createElement(ForecastBanner, { health: health({ drift: 'drifting', liveWape: 0.4 }) }));
  assert.ok(drifting.includes('role="alert"') && drifting.includes('FORECAST DRIFTING') && drifting.includes('0.40 vs 0.15'));
  const down = render(createElement(ForecastBanner, { health: health({ service: 'down' }) }));
  assert.ok(down.includes('FORECASTS UNAVAILABLE'));
  assert.ok(forecastHealthText(health({ drift: 'drifting' })).attention);
  assert.ok(!forecastHealthText(health({ service: 'starting' })).attention);
});

test('the reducer keeps the forecast health of the latest snapshot; older servers send none', () => {
  const h = health({ drift: 'drifting' });
  const s1 = reduceConsole(initialConsoleState, { type: 'message', message: { ...snapshot(1, []), forecastHealth: h }, receivedAtMs: 1 });
  assert.deepEqual(s1.forecastHealth, h);
  const s2 = reduceConsole(s1, { type: 'message', message: snapshot(2, []), receivedAtMs: 2 });
  assert.equal(s2.forecastHealth, null);
});
