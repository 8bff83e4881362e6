/**
 * The contract every forecaster runs: valid ZoneForecast records, horizons 1..10, ordered
 * non-negative bands, P(congestion) in [0, 1], deterministic for the same inputs, no forecast for a
 * zone nobody can see. A new model is added to MODELS and inherits every check.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ZoneForecast } from '../contracts/index.ts';
import type { Venue } from '../venue/index.ts';
import {
  createDampedHoltForecaster, createLastValueForecaster, createLinearTrendForecaster, createPhysicsForecaster,
  createTimeOfDayForecaster, HORIZONS_MIN, type Forecaster,
} from './index.ts';
import { feed, lineOnlyVenue, seededRandom } from './test-fixtures.ts';

const START = Date.UTC(2026, 5, 1, 18);
const MODELS: Record<string, (v: Venue) => Forecaster> = {
  'last-value': createLastValueForecaster,
  'linear-trend': createLinearTrendForecaster,
  'damped-holt': createDampedHoltForecaster,
  'time-of-day': createTimeOfDayForecaster,
  'physics-ctm': (v) => createPhysicsForecaster(v, {
    originMs: START, schedule: [{ stage: 'stage', startS: 300, endS: 900 }],
    arrivals: [{ gate: 'gate-w', count: 500, curve: [[0, 0], [600, 0.5], [1200, 1]] }],
  }),
};

/** Noisy rising and falling occupancies, some far above the congestion threshold. */
function series(seed: number): (zi: number, s: number) => number {
  const rnd = seededRandom(seed);
  const noise = Array.from({ length: 3 * 1200 }, () => rnd() - 0.5);
  return (zi, s) => Math.max(0, [300, 200, 350][zi]! * Math.sin((Math.PI * s) / 1200) + 30 * noise[zi * 1200 + s]!);
}

for (const [name, make] of Object.entries(MODELS)) {
  test(`${name}: valid, ordered, non-negative forecasts for every zone and horizon 1..10`, () => {
    const venue = lineOnlyVenue();
    const model = make(venue);
    const occ = series(7);
    for (const at of [5, 400, 700, 1100]) {
      const m = make(venue);
      const ts = feed(m, venue, START, at, occ);
      const out = m.forecast(ts);
      assert.equal(out.length, venue.zones.length);
      for (const f of out) {
        ZoneForecast.parse(f);
        assert.equal(f.ts, ts);
        assert.match(f.modelVersion, new RegExp(`^${name}@`));
        assert.deepEqual(f.points.map((p) => p.horizonMin), [...HORIZONS_MIN]);
        for (const p of f.points) {
          assert.ok(p.occupancy.p10 >= 0 && p.occupancy.p10 <= p.occupancy.p50 && p.occupancy.p50 <= p.occupancy.p90, `${f.zoneId} h${p.horizonMin} occupancy band`);
          assert.ok(p.density.p10 <= p.density.p50 && p.density.p50 <= p.density.p90, `${f.zoneId} h${p.horizonMin} density band`);
        }
        assert.ok(f.pCongestion >= 0 && f.pCongestion <= 1);
        if (f.congestionEta !== null) assert.ok(f.congestionEta >= ts && f.congestionEta <= ts + 10 * 60_000);
      }
    }
    assert.equal(model.name, name);
  });

  test(`${name}: deterministic (two instances, same inputs, same forecasts)`, () => {
    const venue = lineOnlyVenue();
    const a = make(venue), b = make(venue);
    const occ = series(11);
    const ta = feed(a, venue, START, 800, occ);
    const tb = feed(b, venue, START, 800, occ);
    assert.deepEqual(a.forecast(ta), b.forecast(tb));
  });

  test(`${name}: no forecast for a zone whose occupancy is unknown`, () => {
    const venue = lineOnlyVenue();
    const m = make(venue);
    const ts = feed(m, venue, START, 200, (zi, s) => (zi === 1 ? null : 50 + s / 10));
    const ids = m.forecast(ts).map((f) => f.zoneId);
    assert.deepEqual(ids, ['plaza', 'pit']);
  });
}

test('a zone silent for over a minute gets no forecast (never a stale count shown as current)', () => {
  const venue = lineOnlyVenue();
  for (const make of Object.values(MODELS)) {
    const m = make(venue);
    feed(m, venue, START, 120, () => 40);
    const ts = feed(m, venue, START + 120_000, 90, (zi) => (zi === 2 ? null : 40));
    assert.deepEqual(m.forecast(ts).map((f) => f.zoneId), ['plaza', 'hall']);
  }
});
