import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EpochMs, ReadingId, SensorId, SensorReading } from '../../contracts/index.ts';
import { lineOnlyVenue, seededRandom } from '../test-fixtures.ts';
import { createReplay, replayStates, replayStatesSync } from './replay.ts';

const START = Date.UTC(2026, 5, 1, 18);

function lineReadings(seed: number, seconds: number): SensorReading[] {
  const rnd = seededRandom(seed);
  const out: SensorReading[] = [];
  for (let s = 1; s <= seconds; s++) {
    // Jittered event times (up to 400 ms late), as a network delivers them.
    const ts = START + s * 1000 - Math.floor(rnd() * 400);
    const inCount = rnd() < 0.5 ? 1 : 2;
    for (const sensor of ['lc-gate', 'lc-plaza-hall', 'lc-hall-pit']) {
      out.push({
        schema: 'crowdflow.reading/v1', kind: 'line_count', id: `${sensor}:${s}` as ReadingId,
        sensorId: sensor as SensorId, ts: ts as EpochMs, intervalMs: 1000, in: sensor === 'lc-gate' ? inCount : 0, out: 0,
      } as SensorReading);
    }
  }
  return out;
}

async function* slowly<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const x of items) { await Promise.resolve(); yield x; }
}

test('a tick every second of event time, from the first reading to one second past the newest', () => {
  const venue = lineOnlyVenue();
  const readings = lineReadings(3, 120);
  const ticks: number[] = [];
  const summary = replayStatesSync(venue, readings, (states, ts) => {
    assert.equal(states.length, venue.zones.length, 'every zone each tick');
    ticks.push(ts);
  });
  const start = Math.floor(readings[0]!.ts / 1000) * 1000;
  assert.equal(summary.startMs, start);
  assert.equal(summary.readings, 360);
  assert.equal(ticks[0], start + 1000);
  assert.ok(ticks.every((t, i) => i === 0 || t - ticks[i - 1]! === 1000), 'consecutive seconds');
  assert.equal(summary.endMs, ticks.at(-1));
  assert.equal(summary.endMs, Math.ceil(summary.maxTs! / 1000) * 1000 + 1000);
  assert.equal(summary.stats['processed'], 360);
});

test('an async iterable replays to exactly the same states as the array', async () => {
  const venue = lineOnlyVenue();
  const readings = lineReadings(8, 300);
  const a: string[] = [], b: string[] = [];
  replayStatesSync(venue, readings, (states, ts) => a.push(`${ts}:${states.map((s) => s.occupancy).join(',')}`));
  const summary = await replayStates(venue, slowly(readings), (states, ts) => b.push(`${ts}:${states.map((s) => s.occupancy).join(',')}`));
  assert.deepEqual(b, a);
  assert.equal(summary.ticks, a.length);
  // The gate's counts reach the plaza: the last state holds every person counted in.
  const counted = readings.reduce((n, r) => n + (r.kind === 'line_count' && r.sensorId === 'lc-gate' ? r.in : 0), 0);
  assert.ok(a.at(-1)!.split(':')[1]!.startsWith(`${counted},`), `plaza holds ${counted}: ${a.at(-1)}`);
});

test('no readings: no tick, null range; an explicit start that is not a whole second is refused', () => {
  const summary = replayStatesSync(lineOnlyVenue(), [], () => assert.fail('no tick expected'));
  assert.deepEqual([summary.readings, summary.startMs, summary.endMs, summary.ticks], [0, null, null, 0]);
  assert.throws(() => createReplay(lineOnlyVenue(), () => {}, { startMs: 1500 }), /`startMs` 1500 is not a whole second/);
  const r = createReplay(lineOnlyVenue(), () => {});
  r.finish();
  assert.throws(() => r.push(lineReadings(1, 1)[0]!), /after finish/);
});
