import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ZoneHistory } from '../history.ts';
import { leastSquaresSlope } from '../models/linear-trend.ts';
import { lineOnlyVenue, seededRandom, stateOf } from '../test-fixtures.ts';
import { emptyStats, RecentOccupancy } from './recent.ts';

test('RecentOccupancy reads what ZoneHistory reads (latest, changes, 5-min slope, minute-change RMS), gaps included', () => {
  const venue = lineOnlyVenue();
  const ids = venue.zones.map((z) => z.id);
  const rnd = seededRandom(9);
  const h = new ZoneHistory(ids);
  const r = new RecentOccupancy(ids.length);
  const start = Date.UTC(2026, 5, 1, 18);
  for (let s = 0; s < 1500; s++) {
    const ts = start + s * 1000;
    // zone 1 goes silent from 600 to 700 s and zone 2 from 1440 s; the others are noisy ramps
    const occ = ids.map((_, i) => ((i === 1 && s >= 600 && s < 700) || (i === 2 && s >= 1440) ? null : 100 + i * 50 + s / (i + 2) + 20 * rnd()));
    const states = ids.map((id, i) => stateOf(venue, id, ts, occ[i]!));
    h.observe(states, ts);
    r.set(0, ts, NaN);
    occ.forEach((o, i) => { if (o !== null) r.set(i, ts, o); });
    if (s % 97 !== 0 && s !== 1499) continue;
    ids.forEach((id, i) => {
      const st = r.stats(i, emptyStats());
      const same = (a: number, b: number, what: string) => assert.ok((Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) < 1e-9 * Math.max(1, Math.abs(b)), `${id} at ${s} s: ${what} ${a} vs ${b}`);
      same(st.now, h.latest(id), 'latest');
      same(st.ago5, h.at(id, 300_000), '5 min ago');
      same(st.slope5PerMin, leastSquaresSlope(h.window(id, 300_000)), 'slope');
      same(st.minuteChangeRms, h.minuteChangeRms(id), 'rms');
    });
  }
});
