import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EpochMs } from '../../contracts/index.ts';
import { forecastOf, input, PILOT_PLAYBOOK, T0, VENUE } from '../test-fixtures.ts';
import { ZoneFacts } from './build.ts';
import { localMinuteOfDay } from './clock.ts';
import { tickContext } from './context.ts';
import { venueIndex } from './venue-index.ts';

const zone = (id: string) => VENUE.zoneById.get(id as never)!;

function factsAt(ts: number, overrides = {}, forecasts = [] as ReturnType<typeof forecastOf>[]) {
  const inp = input(ts, overrides, forecasts);
  const ctx = tickContext(inp, PILOT_PLAYBOOK, venueIndex(VENUE), new Map());
  return (id: string) => new ZoneFacts().reset(ctx, zone(id), inp.states.find((s) => s.zoneId === id)).toRecord();
}

test('local time comes from the event time in the venue timezone, never the wall clock', () => {
  // 18:00 UTC in July is 20:00 in Paris (CEST); in January 19:00 (CET).
  assert.equal(localMinuteOfDay(T0, 'Europe/Paris'), 20 * 60);
  assert.equal(localMinuteOfDay(Date.UTC(2026, 0, 14, 18, 0), 'Europe/Paris'), 19 * 60);
  assert.equal(localMinuteOfDay(T0, 'UTC'), 18 * 60);
  const f = factsAt(T0)('main-pit');
  assert.equal(f['time.hour'], 20);
  assert.equal(f['time.minuteOfDay'], 1200);
});

test('schedule facts: what runs now, on this zone\'s stage, and how long until it starts or ends', () => {
  const at = factsAt(T0); // 20:00: the support act (19:30–20:30, side stage) is on; headline at 21:00.
  assert.deepEqual(at('main-pit')['schedule.active'], ['support-act']);
  assert.equal(at('side-pit')['schedule.stageActive'], true);
  assert.equal(at('side-pit')['schedule.minutesToEnd'], 30);
  assert.equal(at('main-pit')['schedule.stageActive'], false);
  assert.equal(at('main-pit')['schedule.minutesToStart'], 60);
  assert.equal(at('field-w')['schedule.minutesToStart'], null, 'no stage in field west');
  const late = factsAt(T0 + 2.5 * 3_600_000)('main-pit'); // 22:30
  assert.equal(late['schedule.minutesToEnd'], 15);
});

test('neighbour facts aggregate over zones sharing a passage; unknown neighbours are counted', () => {
  const f = factsAt(T0, {
    'concourse-n': { density: 3.5 },
    'main-pit': { status: 'unknown', density: null, occupancy: null, speed: null },
    'tunnel-n1': { density: 1.0 },
  })('tunnel-n1');
  // tunnel-n1 joins concourse-n and main-pit.
  assert.equal(f['neighbours.maxDensity'], 3.5);
  assert.equal(f['neighbours.minDensity'], 3.5);
  assert.equal(f['neighbours.unknownCount'], 1);
  assert.equal(f['zone.densityRatio'], 1.0 / 3);
});

test('forecast facts: P(congestion), minutes to onset and peaks; null without a forecast', () => {
  const f = factsAt(T0, {}, [forecastOf('field-w', T0, 0.8, 7.5, 3.2)])('field-w');
  assert.equal(f['forecast.pCongestion'], 0.8);
  assert.equal(f['forecast.etaMin'], 7.5);
  assert.equal(f['forecast.peakDensityP50'], 3.2);
  assert.ok(Math.abs((f['forecast.peakDensityP90'] as number) - 4.2) < 1e-12);
  const none = factsAt(T0)('field-w');
  assert.equal(none['forecast.pCongestion'], null);
  assert.equal(none['forecast.etaMin'], null);
});

test('an unknown zone has null measurements but keeps its venue facts', () => {
  const f = factsAt(T0 as EpochMs, { 'food-court': { status: 'unknown', density: null, occupancy: null, speed: null } })('food-court');
  assert.equal(f['zone.status'], 'unknown');
  for (const k of ['zone.density', 'zone.occupancy', 'zone.speed', 'zone.surgeRate', 'risk.score', 'risk.level'] as const) assert.equal(f[k], null, k);
  assert.equal(f['zone.capacity'], 1200);
  assert.equal(f['zone.unknownForS'], 0);
});
