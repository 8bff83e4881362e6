import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDampedHoltForecaster, createLinearTrendForecaster, createTimeOfDayForecaster, leastSquaresSlope } from '../index.ts';
import { feed, lineOnlyVenue } from '../test-fixtures.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 5, 1, 18);
const hallP50 = (fs: { zoneId: string; points: { occupancy: { p50: number } }[] }[]) => fs.find((f) => f.zoneId === 'hall')!.points.map((p) => p.occupancy.p50);

test('time-of-day learns the previous day and forecasts it; on the first day it is last value', () => {
  const venue = lineOnlyVenue();
  const m = createTimeOfDayForecaster(venue);
  // Day 1: the hall holds 10 + the minute index (18:00 → 10, 18:10 → 20 …).
  feed(m, venue, T0, 1800, (_, s) => 10 + Math.floor(s / 60));
  const first = hallP50(m.forecast((T0 + 1_799_000) as never));
  assert.ok(first.every((v) => v === 39), 'no earlier day: last value');
  assert.equal(m.profileCoverage, 0);
  // Day 2: the hall is flat at 5, the profile says 10 + minute.
  const ts = feed(m, venue, T0 + DAY, 600, () => 5);
  const p50 = hallP50(m.forecast(ts));
  assert.equal(m.profileCoverage, 1);
  for (let h = 1; h <= 10; h++) assert.equal(p50[h - 1], 10 + 9 + h, `h${h}`);
});

test('linear trend extends the slope; damped Holt extends less and less of it', () => {
  const venue = lineOnlyVenue();
  const lt = createLinearTrendForecaster(venue), dh = createDampedHoltForecaster(venue);
  const rising = (_: number, s: number) => 100 + s / 6; // +10 people per minute
  const ts = feed(lt, venue, T0, 900, rising);
  feed(dh, venue, T0, 900, rising);
  const now = 100 + 899 / 6;
  const a = hallP50(lt.forecast(ts)), b = hallP50(dh.forecast(ts));
  for (let h = 1; h <= 10; h++) assert.ok(Math.abs(a[h - 1]! - (now + 10 * h)) < 1, `trend h${h}: ${a[h - 1]}`);
  for (let h = 2; h <= 10; h++) {
    const step = b[h - 1]! - b[h - 2]!;
    assert.ok(step > 0 && step < 10, `Holt step h${h} ${step} in (0, 10)`);
    if (h > 2) assert.ok(step < b[h - 2]! - b[h - 3]!, 'damped: each minute adds less');
  }
  assert.equal(leastSquaresSlope([[0, 1]]), 0);
  assert.equal(leastSquaresSlope([[0, 1], [1, 3], [2, 5]]), 2);
});
