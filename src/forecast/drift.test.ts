import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asEpochMs } from '../contracts/index.ts';
import type { Venue } from '../venue/index.ts';
import { zoneForecast } from './band.ts';
import { DriftMonitor, type DriftOptions } from './drift.ts';
import { MINUTE_MS } from './forecaster.ts';
import { lineOnlyVenue, seededRandom, stateOf } from './test-fixtures.ts';

const START = Date.UTC(2026, 5, 1, 18);
const REFERENCE = [0.05, 0.06, 0.07, 0.08, 0.09, 0.1, 0.11, 0.12, 0.13, 0.14];

/**
 * Runs `minutes` of a flat truth (200 people ± noise) per zone, one state a second and a forecast
 * every 5 s whose p50 is the truth scaled by (1 + bias(t)): a known relative error.
 */
function run(monitor: DriftMonitor, venue: Venue, minutes: number, bias: (tMs: number) => number, seed = 1, from = START): number {
  const rnd = seededRandom(seed);
  const truth = 200;
  let ts = from;
  for (let s = 0; s < minutes * 60; s++) {
    ts = from + s * 1000;
    monitor.observe(venue.zones.map((z) => stateOf(venue, z.id, ts, truth + (rnd() - 0.5) * 2)), ts);
    if (s % 5 === 0) {
      const p = truth * (1 + bias(ts));
      monitor.addForecasts(venue.zones.map((z) => zoneForecast(venue.id, z, asEpochMs(ts), 'test@1', {
        p50: Array(10).fill(p), sigma: Array(10).fill(5), now: truth,
      })));
    }
  }
  return ts;
}

const OPTS: Partial<DriftOptions> = { minSamples: 30 };

test('a model as good as its reference is ok, and the live WAPE is the error it was given', () => {
  const venue = lineOnlyVenue();
  const m = new DriftMonitor(REFERENCE, OPTS);
  run(m, venue, 40, () => 0.1);
  const r = m.report();
  assert.equal(r.status, 'ok');
  assert.ok(r.samplesByHorizon[9]! >= 30, `samples ${r.samplesByHorizon[9]}`);
  for (const w of r.liveWapeByHorizon) assert.ok(w !== null && Math.abs(w - 0.1) < 0.01, `live WAPE ${w} ≈ 0.1`);
  assert.ok(r.ratioAtKey !== null && Math.abs(r.ratioAtKey - 0.1 / 0.14) < 0.05);
});

test('drifting only once live error stays above 1.5 × reference for 5 minutes, and recovers', () => {
  const venue = lineOnlyVenue();
  const m = new DriftMonitor(REFERENCE, { ...OPTS, windowMs: 10 * MINUTE_MS });
  const badFrom = START + 20 * MINUTE_MS;
  let ts = run(m, venue, 20, () => 0.1);
  assert.equal(m.report().status, 'ok');
  // Error triples from 20 min on; forecasts made then are matched 10 min later, and the window
  // (10 min) must fill with them before the live WAPE exceeds 0.21.
  const statuses: [number, string][] = [];
  for (let minute = 20; minute < 50; minute++) {
    ts = run(m, venue, 1, (t) => (t >= badFrom ? 0.4 : 0.1), minute, START + minute * MINUTE_MS);
    statuses.push([minute, m.report().status]);
  }
  const firstDrift = statuses.find(([, s]) => s === 'drifting')?.[0];
  const r = m.report();
  assert.equal(r.status, 'drifting', JSON.stringify(statuses));
  assert.ok(firstDrift !== undefined);
  // Cannot be before the bad forecasts are matched (30 min) plus the sustain time (5 min).
  assert.ok(firstDrift >= 35, `drifting from ${firstDrift} min`);
  assert.ok(r.exceedingSinceMs !== null && ts - r.exceedingSinceMs >= 5 * MINUTE_MS);
  // Back to good forecasts: ok again once the window holds good matches only.
  ts = run(m, venue, 25, () => 0.1, 99, ts + 1000);
  assert.equal(m.report().status, 'ok');
  assert.equal(m.report().exceedingSinceMs, null);
});

test('a short burst of error does not raise drift', () => {
  const venue = lineOnlyVenue();
  const m = new DriftMonitor(REFERENCE, { ...OPTS, windowMs: 5 * MINUTE_MS, sustainMs: 5 * MINUTE_MS });
  // 2 minutes of bad forecasts inside good ones.
  run(m, venue, 40, (t) => (t >= START + 15 * MINUTE_MS && t < START + 17 * MINUTE_MS ? 1.0 : 0.05));
  const r = m.report();
  assert.equal(r.status, 'ok');
});

test('without a reference the status is no_reference, with live WAPE still measured', () => {
  const venue = lineOnlyVenue();
  const m = new DriftMonitor(null, OPTS);
  run(m, venue, 15, () => 0.2);
  const r = m.report();
  assert.equal(r.status, 'no_reference');
  assert.equal(r.ratioAtKey, null);
  assert.ok(r.liveWapeByHorizon[9] !== null && Math.abs(r.liveWapeByHorizon[9]! - 0.2) < 0.01);
});

test('too few matches: insufficient_data; unknown occupancy is never matched as zero', () => {
  const venue = lineOnlyVenue();
  const m = new DriftMonitor(REFERENCE, { minSamples: 1000 });
  run(m, venue, 15, () => 0.5);
  assert.equal(m.report().status, 'insufficient_data');

  const blind = new DriftMonitor(REFERENCE, OPTS);
  for (let s = 0; s < 15 * 60; s++) {
    const ts = START + s * 1000;
    blind.observe(venue.zones.map((z) => stateOf(venue, z.id, ts, null)), ts);
    if (s % 5 === 0) blind.addForecasts(venue.zones.map((z) => zoneForecast(venue.id, z, asEpochMs(ts), 't@1', { p50: Array(10).fill(100), sigma: Array(10).fill(1), now: 100 })));
  }
  const r = blind.report();
  assert.deepEqual(r.samplesByHorizon, Array(10).fill(0));
  assert.equal(r.status, 'insufficient_data');
});

test('memory stays bounded: matched forecasts leave', () => {
  const venue = lineOnlyVenue();
  const m = new DriftMonitor(REFERENCE, OPTS);
  run(m, venue, 60, () => 0.1);
  const pending = (m as unknown as { pending: Map<string, unknown[]> }).pending;
  // One sample every 30 s, each held ≤ 10.5 min: at most 22 per zone.
  for (const list of pending.values()) assert.ok(list.length <= 22, `pending ${list.length}`);
});

test('impossible options and references are refused with the expected range', () => {
  assert.throws(() => new DriftMonitor(REFERENCE, { ratio: 0.5 }), /`ratio` 0.5 not in \[1, 100\]/);
  assert.throws(() => new DriftMonitor([0.1, Number.NaN], {}), /referenceWapeByHorizon/);
});

test('forecasts given as flat columns are matched as their records are', () => {
  const venue = lineOnlyVenue();
  const ids = venue.zones.map((z) => z.id as string);
  const records = new DriftMonitor(REFERENCE, OPTS), columns = new DriftMonitor(REFERENCE, OPTS);
  const rnd = seededRandom(3);
  for (let s = 0; s < 40 * 60; s++) {
    const ts = START + s * 1000;
    const states = venue.zones.map((z) => stateOf(venue, z.id, ts, 200 + (rnd() - 0.5) * 2));
    records.observe(states, ts); columns.observe(states, ts);
    if (s % 5 !== 0) continue;
    const fs = venue.zones.map((z, i) => zoneForecast(venue.id, z, asEpochMs(ts), 'test@1', { p50: Array.from({ length: 10 }, (_, h) => 200 + 3 * i + h), sigma: Array(10).fill(5), now: 200 }));
    records.addForecasts(fs);
    const p = (k: 'p10' | 'p50' | 'p90') => Float64Array.from(fs.flatMap((f) => f.points.map((pt) => pt.occupancy[k])));
    columns.addColumns(ids, {
      ts: asEpochMs(ts), modelVersion: 'test@1', rows: fs.length, zoneIndex: Int32Array.from(fs, (_, i) => i),
      p10: p('p10'), p50: p('p50'), p90: p('p90'), pCongestion: new Float64Array(fs.length), etaMs: new Float64Array(fs.length).fill(NaN),
    });
  }
  assert.ok(records.report().liveWapeByHorizon.some((w) => w !== null && w > 0), 'matches were made');
  assert.deepEqual(columns.report(), records.report());
});
