import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EpochMs, ZoneState } from '../contracts/index.ts';
import { parseVenue } from '../venue/index.ts';
import { createStreamProcessor, type StreamProcessor } from './index.ts';
import { initialise, newZoneFilter, predict, update } from './occupancy-filter.ts';
import { seededRandom, TestLog } from './test-helpers.ts';

// Two unconnected halls: one seen by Wi-Fi only (a weak source, every 10 s), one by a head count (every 1 s).
const venue = parseVenue(`
schema: crowdflow.venue/v1
id: halls
name: Halls
capacity: 6000
zones:
  - { id: wifi-hall, type: concourse, capacity: 3000, polygon: [[0, 0], [60, 0], [60, 40], [0, 40]] }
  - { id: count-hall, type: concourse, capacity: 3000, polygon: [[100, 0], [160, 0], [160, 40], [100, 40]] }
sensors:
  - { id: wifi, kind: wifi_count, zone: wifi-hall, periodMs: 10000, peoplePerDevice: 1 }
  - { id: cam, kind: zone_count, zone: count-hall, periodMs: 1000 }
`);
const T0 = 1_750_000_000_000;
const occ = (states: readonly ZoneState[], zone: string): number | null => states.find((s) => s.zoneId === zone)!.occupancy;

/** Feeds `seconds` of readings with a tick after each second; returns each tick's occupancy of `zone`. */
function run(p: StreamProcessor, log: TestLog, fromS: number, seconds: number, zone: string,
  reading: (s: number) => void): (number | null)[] {
  const out: (number | null)[] = [];
  for (let s = fromS; s < fromS + seconds; s++) {
    reading(s);
    out.push(occ(p.tick((T0 + s * 1000 + 500) as EpochMs), zone));
  }
  return out;
}

const swing = (xs: readonly number[]): number => Math.max(...xs) - Math.min(...xs);

test('a Wi-Fi count alternating ±40 % around a constant truth: the filtered swing is far smaller than the raw one', () => {
  const log = new TestLog();
  const raw: number[] = [];
  const feed = (p: StreamProcessor) => (s: number): void => {
    if (s % 10 !== 0) return;
    const devices = (s / 10) % 2 === 0 ? 1400 : 600;
    p.process(log.add('wifi_count', 'wifi', T0 + s * 1000, { intervalMs: 10_000, devices }));
  };
  const filtered = createStreamProcessor(venue);
  const unfiltered = createStreamProcessor(venue, { occupancyFilter: false });
  const xs = run(filtered, log, 0, 600, 'wifi-hall', feed(filtered)) as number[];
  for (let s = 0; s < 600; s++) if (s % 10 === 0) raw.push((s / 10) % 2 === 0 ? 1400 : 600);
  const ys = run(unfiltered, new TestLog(), 0, 600, 'wifi-hall', feed(unfiltered)) as number[];
  const late = xs.slice(300);
  assert.equal(swing(ys.slice(300)), 800, 'unfiltered: the raw swing');
  assert.ok(swing(late) < 0.35 * 800, `filtered swing ${swing(late).toFixed(0)} of a raw 800`);
  const mean = late.reduce((a, b) => a + b, 0) / late.length;
  assert.ok(Math.abs(mean - 1000) < 60, `filtered mean ${mean.toFixed(0)} around the truth 1000`);
});

test('a ramp of +200 people a minute seen by a noisy head count is tracked with a bounded lag', () => {
  const p = createStreamProcessor(venue);
  const log = new TestLog();
  const rnd = seededRandom(11);
  const truth = (s: number): number => (s < 60 ? 500 : 500 + (200 / 60) * (s - 60));
  const xs = run(p, log, 0, 360, 'count-hall', (s) => {
    // A head count with 5 % noise (uniform, seeded).
    p.process(log.add('zone_count', 'cam', T0 + s * 1000, { count: Math.round(truth(s) * (1 + 0.1 * (rnd() - 0.5))) }));
  }) as number[];
  // After a minute of ramp the filter has learnt the rate: within 5 % of the truth, on average unbiased.
  let bias = 0;
  for (let s = 180; s < 360; s++) {
    assert.ok(Math.abs(xs[s]! - truth(s)) < 0.05 * truth(s), `at ${s} s: ${xs[s]!.toFixed(0)} vs ${truth(s).toFixed(0)}`);
    bias += (xs[s]! - truth(s)) / 180;
  }
  assert.ok(Math.abs(bias) < 15, `mean lag ${bias.toFixed(1)} people`);
});

test('a step of a precise head count is followed within a couple of ticks', () => {
  const p = createStreamProcessor(venue);
  const log = new TestLog();
  const xs = run(p, log, 0, 70, 'count-hall', (s) => {
    p.process(log.add('zone_count', 'cam', T0 + s * 1000, { count: s < 60 ? 1000 : 1600 }));
  }) as number[];
  assert.equal(xs[59], 1000);
  // Two ticks after the step most of it is there, and within a few ticks all of it.
  assert.ok(xs[61]! > 1000 + 0.6 * 600, `two ticks after: ${xs[61]!.toFixed(0)}`);
  assert.ok(Math.abs(xs[65]! - 1600) < 0.1 * 600, `six ticks after: ${xs[65]!.toFixed(0)}`);
});

test('a zone that goes unknown reports null, never zero, and starts afresh when its source comes back', () => {
  const p = createStreamProcessor(venue);
  const log = new TestLog();
  const xs = run(p, log, 0, 40, 'count-hall', (s) => {
    if (s < 10 || s >= 30) p.process(log.add('zone_count', 'cam', T0 + s * 1000, { count: s < 10 ? 1000 : 200 }));
  });
  // Stale after 3 silent periods: unknown.
  assert.equal(xs[20], null);
  // Back at 200: the first tick shows the new count, not a blend with the old 1000.
  assert.equal(xs[30], 200);
});

test('a checkpoint holds the filters: restore gives the same outputs as the uninterrupted run', () => {
  const log = new TestLog();
  const rnd = seededRandom(5);
  const readings = (s: number): void => {
    if (s % 10 === 0) log.add('wifi_count', 'wifi', T0 + s * 1000, { intervalMs: 10_000, devices: Math.round(1000 * (0.6 + 0.8 * rnd())) });
    log.add('zone_count', 'cam', T0 + s * 1000, { count: 500 + s + Math.round(20 * rnd()) });
  };
  for (let s = 0; s < 120; s++) readings(s);
  const a = createStreamProcessor(venue);
  let b: StreamProcessor | null = null;
  let i = 0;
  for (let s = 0; s < 120; s++) {
    for (; i < log.entries.length && log.entries[i]!.reading.ts < T0 + (s + 1) * 1000; i++) {
      const got = a.process(log.entries[i]!);
      if (b !== null) assert.deepEqual(b.process(log.entries[i]!), got);
    }
    const now = (T0 + s * 1000 + 500) as EpochMs;
    const want = a.tick(now);
    if (b !== null) assert.deepEqual(b.tick(now), want, `tick ${s}`);
    if (s === 60) {
      const cp = JSON.parse(JSON.stringify(a.checkpoint())) as ReturnType<StreamProcessor['checkpoint']>;
      b = createStreamProcessor(venue, {}, cp);
    }
  }
  assert.ok(b !== null);
});

test('the filter counts a persisting measurement once: ten updates at a tenth of the information equal about one', () => {
  const once = newZoneFilter();
  const tenth = newZoneFilter();
  for (const f of [once, tenth]) initialise(f, 0, 1000, 100 ** 2, 3000);
  const p = { levelNoise: 0.01, rateNoise: 0.0003, rateTimeS: 300 };
  predict(once, 10_000, 3000, p);
  update(once, 1400, 300 ** 2);
  for (let k = 1; k <= 10; k++) {
    predict(tenth, k * 1000, 3000, p);
    update(tenth, 1400, 10 * 300 ** 2);
  }
  assert.ok(once.level > 1000 && tenth.level > 1000);
  assert.ok(Math.abs(once.level - tenth.level) < 0.25 * (once.level - 1000), `${once.level.toFixed(1)} vs ${tenth.level.toFixed(1)}`);
});

test('an exact measurement (variance 0) is taken exactly, also with no time for the prior to grow', () => {
  const f = newZoneFilter();
  initialise(f, 0, 453.887, 0, 1000);
  update(f, 453, 0);
  assert.equal(f.level, 453);
  predict(f, 1000, 1000, { levelNoise: 0.01, rateNoise: 0.0003, rateTimeS: 300 });
  update(f, 455, 0);
  assert.equal(f.level, 455);
});
