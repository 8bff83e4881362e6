import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asEpochMs, asPeoplePerSqm, asRatio, ZONE_FORECAST_SCHEMA, type VenueId, type ZoneForecast, type ZoneId } from '../contracts/index.ts';
import { ForecastBook } from './forecast-book.ts';

const f = (zoneId: string, ts: number): ZoneForecast => ({
  schema: ZONE_FORECAST_SCHEMA, venueId: 'v' as VenueId, zoneId: zoneId as ZoneId, ts: asEpochMs(ts), modelVersion: 'm@1',
  points: [], pCongestion: asRatio(0), congestionThreshold: asPeoplePerSqm(4), congestionEta: null,
});

test('a forecast is acted on while fresh, then dropped for good', () => {
  const book = new ForecastBook(15_000);
  book.accept([f('a', 10_000), f('b', 10_000)]);
  assert.equal(book.fresh('a', 10_000)?.ts, 10_000);
  assert.equal(book.fresh('a', 25_000)?.ts, 10_000, '15 s old is still fresh');
  assert.equal(book.fresh('a', 25_001), null, 'older than 3 intervals: dropped');
  assert.equal(book.fresh('a', 20_000), null, 'and gone, not revived for an earlier state');
  assert.equal(book.fresh('b', 9_000), null, 'never used with a state older than the forecast');
  assert.equal(book.fresh('c', 10_000), null);
});

test('a newer forecast replaces an older one, never the reverse; age of the newest', () => {
  const book = new ForecastBook(15_000);
  book.accept([f('a', 20_000)]);
  book.accept([f('a', 15_000)]);
  assert.equal(book.fresh('a', 21_000)?.ts, 20_000);
  assert.equal(book.ageMs(21_000), 1000);
  assert.equal(book.ageMs(40_000), null);
  assert.equal(new ForecastBook(15_000).ageMs(0), null);
});
