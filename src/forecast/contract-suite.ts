/**
 * The contract every forecaster runs (test code, not public): valid ZoneForecast records, horizons
 * 1..10, ordered non-negative bands, P(congestion) in [0, 1], deterministic for the same inputs, no
 * forecast for a zone nobody can see nor for one silent over a minute. The factory may be async
 * (the learned model loads its weights); `dispose` frees what an instance holds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ZoneForecast } from '../contracts/index.ts';
import type { Venue } from '../venue/index.ts';
import { HORIZONS_MIN, type Forecaster } from './forecaster.ts';
import { feed, lineOnlyVenue, seededRandom } from './test-fixtures.ts';

export const CONTRACT_START = Date.UTC(2026, 5, 1, 18);

export interface ContractSubject<F extends Forecaster = Forecaster> {
  readonly name: string;
  readonly make: (venue: Venue) => F | Promise<F>;
  readonly dispose?: (f: F) => void;
}

/** Noisy rising and falling occupancies, some far above the congestion threshold. */
export function contractSeries(seed: number): (zi: number, s: number) => number {
  const rnd = seededRandom(seed);
  const noise = Array.from({ length: 3 * 1200 }, () => rnd() - 0.5);
  return (zi, s) => Math.max(0, [300, 200, 350][zi]! * Math.sin((Math.PI * s) / 1200) + 30 * noise[zi * 1200 + s]!);
}

export function runForecasterContract<F extends Forecaster>({ name, make, dispose = () => {} }: ContractSubject<F>): void {
  const START = CONTRACT_START;

  test(`${name}: valid, ordered, non-negative forecasts for every zone and horizon 1..10`, async () => {
    const venue = lineOnlyVenue();
    for (const at of [5, 400, 700, 1100]) {
      const m = await make(venue);
      assert.equal(m.name, name);
      const ts = feed(m, venue, START, at, contractSeries(7));
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
      dispose(m);
    }
  });

  test(`${name}: deterministic (two instances, same inputs, same forecasts)`, async () => {
    const venue = lineOnlyVenue();
    const a = await make(venue), b = await make(venue);
    const occ = contractSeries(11);
    assert.deepEqual(a.forecast(feed(a, venue, START, 800, occ)), b.forecast(feed(b, venue, START, 800, occ)));
    dispose(a); dispose(b);
  });

  test(`${name}: no forecast for a zone whose occupancy is unknown, nor for one silent over a minute`, async () => {
    const venue = lineOnlyVenue();
    const m = await make(venue);
    const ts = feed(m, venue, START, 200, (zi, s) => (zi === 1 ? null : 50 + s / 10));
    assert.deepEqual(m.forecast(ts).map((f) => f.zoneId), ['plaza', 'pit']);
    // A stale count is never shown as current.
    const m2 = await make(venue);
    feed(m2, venue, START, 120, () => 40);
    const ts2 = feed(m2, venue, START + 120_000, 90, (zi) => (zi === 2 ? null : 40));
    assert.deepEqual(m2.forecast(ts2).map((f) => f.zoneId), ['plaza', 'hall']);
    dispose(m); dispose(m2);
  });
}
