import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ZoneState, type EpochMs } from '../contracts/index.ts';
import { loadVenueFile } from '../venue/load.ts';
import { coverageReliability, createStreamProcessor, DEFAULT_STREAM_CONFIG, RELIABILITY } from './index.ts';
import { TestLog } from './test-helpers.ts';

const venue = loadVenueFile('venues/pilot-arena.yaml');
const T0 = 1_750_000_000_000;
const at = (ms: number): EpochMs => (T0 + ms) as EpochMs;
const byZone = (states: readonly ZoneState[], id: string): ZoneState => {
  const s = states.filter((x) => x.zoneId === id).at(-1);
  assert.ok(s, `a state for ${id}`);
  return s;
};

test('defaults are a 30 s window with a 1 s hop and 60 s lateness', () => {
  assert.equal(DEFAULT_STREAM_CONFIG.windowMs, 30_000);
  assert.equal(DEFAULT_STREAM_CONFIG.hopMs, 1_000);
  assert.equal(DEFAULT_STREAM_CONFIG.allowedLatenessMs, 60_000);
});

test('impossible parameters are rejected with their valid range', () => {
  assert.throws(() => createStreamProcessor(venue, { hopMs: 0 }), /CF_ERR_RANGE: `hopMs` 0 not in \[100, 60000\]/);
  assert.throws(() => createStreamProcessor(venue, { windowMs: 500 }), /`windowMs` 500 not in \[1000, 3600000\]/);
  assert.throws(() => createStreamProcessor(venue, { windowMs: 2500 }), /CF_ERR_CONFIG: `windowMs` 2500 must be a multiple of `hopMs` 1000/);
  assert.throws(() => createStreamProcessor(venue, { allowedLatenessMs: -1 }), /`allowedLatenessMs` -1 not in \[0, 3600000\]/);
  assert.throws(() => createStreamProcessor(venue, { hopMs: 100, windowMs: 3_600_000 }), /panes not in \[1, 20000\]/);
});

test('a camera count fires its zone state at once, valid against the contract', () => {
  const p = createStreamProcessor(venue);
  const log = new TestLog();
  const out = p.process(log.add('zone_count', 'cam-entry-nw', T0 + 400, { count: 300 }));
  assert.equal(out.length, 1);
  const s = ZoneState.parse(out[0]);
  assert.equal(s.zoneId, 'entry-nw');
  assert.equal(s.occupancy, 300);
  assert.equal(s.density, 300 / 600);
  assert.equal(s.ts, T0 + 1000, 'ts is the end of the head window');
  assert.equal(s.capacityUtilisation, 300 / 1200);
  assert.equal(s.speedEstimated, true);
  assert.ok(s.speed! > 1.2 && s.speed! < 1.34, 'Weidmann speed at 0.5 p/m²');
  assert.equal(p.offset, 0);
  assert.equal(p.stats.processed, 1);
});

test('tick returns every zone; a zone nobody sees is unknown, never zero', () => {
  const p = createStreamProcessor(venue);
  const log = new TestLog();
  p.process(log.add('zone_count', 'cam-entry-nw', T0, { count: 10 }));
  const states = p.tick(at(500));
  assert.equal(states.length, venue.zones.length);
  for (const s of states) ZoneState.parse(s);
  const unseen = byZone(states, 'field-w');
  assert.equal(unseen.status, 'unknown');
  assert.equal(unseen.occupancy, null);
  assert.equal(unseen.density, null);
  assert.equal(unseen.confidence, 0);
  assert.equal(byZone(states, 'entry-nw').occupancy, 10);
});

test('duplicates are dropped by id and by replayed offset', () => {
  const p = createStreamProcessor(venue);
  const log = new TestLog();
  const a = log.add('line_count', 'lc-n1-outer', T0, { intervalMs: 1000, in: 5, out: 0 }, 'same-id');
  p.process(a);
  assert.deepEqual(p.process(a), [], 'same offset again');
  assert.deepEqual(p.process(log.add('line_count', 'lc-n1-outer', T0, { intervalMs: 1000, in: 5, out: 0 }, 'same-id')), [], 'same id, new offset');
  assert.equal(p.stats.duplicates, 2);
  assert.equal(p.stats.processed, 1);
});

test('line counts integrate the occupancy of a closed zone (a tunnel) and give its flows', () => {
  const p = createStreamProcessor(venue);
  const log = new TestLog();
  for (let s = 0; s < 10; s++) {
    p.process(log.add('line_count', 'lc-n1-outer', T0 + s * 1000, { intervalMs: 1000, in: 6, out: 0 }));
    p.process(log.add('line_count', 'lc-n1-inner', T0 + s * 1000, { intervalMs: 1000, in: 4, out: 0 }));
  }
  const tunnel = byZone(p.tick(at(9_500)), 'tunnel-n1');
  assert.equal(tunnel.inflowPerMin, 360);
  assert.equal(tunnel.outflowPerMin, 240);
  // The tunnel camera has never reported: the zone is degraded but integration gives 10 × (6 − 4).
  assert.equal(tunnel.status, 'degraded');
  assert.equal(tunnel.occupancy, 20);
  assert.ok(tunnel.surgeRate > 0, 'a filling tunnel surges');
  // concourse-n loses people into the tunnel: outflow from the outer counter.
  const conc = byZone(p.tick(at(9_500)), 'concourse-n');
  assert.equal(conc.outflowPerMin, 360);
});

test('late readings within lateness correct state; older ones are counted and dropped', () => {
  const p = createStreamProcessor(venue);
  const log = new TestLog();
  p.process(log.add('line_count', 'lc-gate-nw', T0 + 100_000, { intervalMs: 1000, in: 1, out: 0 }));
  const corrected = p.process(log.add('line_count', 'lc-gate-nw', T0 + 55_000, { intervalMs: 1000, in: 1, out: 0 }, undefined, T0 + 100_100));
  assert.equal(p.stats.lateCorrected, 1);
  assert.equal(corrected.length, 2, 'the newest window holding it, then the head');
  assert.equal(corrected[0]!.ts, T0 + 56_000 + 29_000);
  assert.ok(corrected[0]!.ts < corrected[1]!.ts);
  const dropped = p.process(log.add('line_count', 'lc-gate-nw', T0 + 30_000, { intervalMs: 1000, in: 1, out: 0 }, undefined, T0 + 100_200));
  assert.deepEqual(dropped, []);
  assert.equal(p.stats.late, 1);
  assert.equal(p.takeLateRecords().length, 1);
  assert.equal(p.takeLateRecords().length, 0);
});

test('a silent source goes stale: degraded with what remains, unknown with nothing', () => {
  const p = createStreamProcessor(venue);
  const log = new TestLog();
  // main-pit: camera tracks + Wi-Fi. Both report, then the camera falls silent.
  const tracks = [{ trackId: 'a', x: 60, y: 60 }, { trackId: 'b', x: 61, y: 61 }];
  p.process(log.add('wifi_count', 'wifi-main-pit', T0, { intervalMs: 10_000, devices: 100 }));
  p.process(log.add('tracks', 'trk-main-pit', T0, { tracks }));
  for (let s = 1; s <= 20; s++) {
    if (s % 10 === 0) p.process(log.add('wifi_count', 'wifi-main-pit', T0 + s * 1000, { intervalMs: 10_000, devices: 100 }));
  }
  const pit = byZone(p.tick(at(20_100)), 'main-pit');
  assert.equal(pit.status, 'degraded');
  assert.equal(pit.occupancy, 140, 'Wi-Fi alone: 100 devices × 1.4');
  // Confidence: the share of the zone's reliability still reporting (the camera sees 40 % of it).
  const expected = RELIABILITY.wifi_count / (RELIABILITY.wifi_count + coverageReliability(0.4));
  assert.ok(Math.abs(pit.confidence - expected) < 1e-12, `confidence ${pit.confidence}`);
  const cam = pit.sources.find((s) => s.sensorId === 'trk-main-pit')!;
  assert.equal(cam.stale, true);
  assert.equal(cam.weight, 0);
  const later = byZone(p.tick(at(60_000)), 'main-pit');
  assert.equal(later.status, 'unknown');
  assert.equal(later.occupancy, null);
});

test('an absolute count anchors the line-count integration, which then follows the lines and drifts back', () => {
  // The fusion of one hop, without the temporal filter (tested in occupancy-filter.test.ts).
  const p = createStreamProcessor(venue, { driftGain: 0.5, occupancyFilter: false });
  const log = new TestLog();
  // tunnel-n1 has a camera count and counters at both ends: a closed zone.
  p.process(log.add('zone_count', 'cam-tunnel-n1', T0, { count: 30 }));
  for (let s = 1; s <= 5; s++) {
    p.process(log.add('line_count', 'lc-n1-outer', T0 + s * 1000, { intervalMs: 1000, in: 3, out: 0 }));
    p.process(log.add('line_count', 'lc-n1-inner', T0 + s * 1000, { intervalMs: 1000, in: 1, out: 0 }));
  }
  let tunnel = byZone(p.tick(at(5_500)), 'tunnel-n1');
  const lines = tunnel.sources.find((s) => s.sensorId === 'lc-n1-outer')!;
  assert.equal(lines.occupancy, 40, 'anchored at 30, then +2 a second for 5 s');
  // The camera now sees 50: the integration moves halfway toward it (gain 0.5).
  p.process(log.add('zone_count', 'cam-tunnel-n1', T0 + 6_000, { count: 50 }));
  tunnel = byZone(p.tick(at(6_500)), 'tunnel-n1');
  assert.equal(tunnel.sources.find((s) => s.sensorId === 'lc-n1-inner')!.occupancy, 45);
  assert.equal(tunnel.status, 'ok');
  assert.ok(tunnel.occupancy! > 45 && tunnel.occupancy! < 50, `fused ${tunnel.occupancy}`);
});

test('a rising count is a surge: the positive slope of density, p/m² per minute', () => {
  const p = createStreamProcessor(venue);
  const log = new TestLog();
  // entry-nw is 600 m²: +6 people a second = +0.6 p/m² per minute.
  for (let s = 0; s < 30; s++) p.process(log.add('zone_count', 'cam-entry-nw', T0 + s * 1000, { count: 100 + 6 * s }));
  const rising = byZone(p.tick(at(29_500)), 'entry-nw');
  assert.ok(Math.abs(rising.surgeRate - 0.6) < 1e-9, `surge ${rising.surgeRate}`);
  for (let s = 30; s < 90; s++) p.process(log.add('zone_count', 'cam-entry-nw', T0 + s * 1000, { count: 400 - 3 * (s - 30) }));
  assert.equal(byZone(p.tick(at(89_500)), 'entry-nw').surgeRate, 0, 'a falling count is no surge');
});

test('Wi-Fi devices become people through the calibration factor; a camera over part of the zone does not outvote it', () => {
  const p = createStreamProcessor(venue);
  const log = new TestLog();
  p.process(log.add('wifi_count', 'wifi-main-pit', T0, { intervalMs: 10_000, devices: 1000 }));
  const tracks = Array.from({ length: 150 }, (_, i) => ({ trackId: `t${i}`, x: 50.5 + (i % 24), y: 45.5 + Math.floor(i / 24) * 9 }));
  const out = p.process(log.add('tracks', 'trk-main-pit', T0 + 200, { tracks }));
  const pit = byZone(out, 'main-pit');
  const wifi = pit.sources.find((s) => s.kind === 'wifi_count')!;
  const cam = pit.sources.find((s) => s.kind === 'tracks')!;
  assert.equal(wifi.occupancy, 1400);
  assert.equal(cam.occupancy, 150, '60 people in a view of 40 % of the zone, extrapolated');
  assert.ok(wifi.weight > 0.9, `Wi-Fi of the whole zone leads: ${wifi.weight}`);
  assert.ok(pit.occupancy! > 1300 && pit.occupancy! <= 1400, `fused ${pit.occupancy}`);
  assert.ok(pit.confidence < 0.6, 'they disagree: low confidence');
  assert.ok(Math.abs(cam.weight + wifi.weight - 1) < 1e-12);
});

test('ticket scans give an entry zone its inflow when no counter sees the gate', () => {
  const p = createStreamProcessor(venue);
  const log = new TestLog();
  for (let s = 0; s < 4; s++) p.process(log.add('ticket_scan', 'ts-gate-w', T0 + s * 5000, { intervalMs: 5000, entries: 40 }));
  const w = byZone(p.tick(at(16_000)), 'entry-w');
  assert.equal(w.inflowPerMin, 480);
  assert.equal(w.outflowPerMin, 0);
  assert.equal(w.occupancy, null, 'scans alone do not say how many are in the plaza');
  // With the gate counter reporting, the counter (in and out) is the measure.
  p.process(log.add('line_count', 'lc-gate-w', T0 + 16_000, { intervalMs: 1000, in: 5, out: 1 }));
  const w2 = byZone(p.tick(at(16_500)), 'entry-w');
  assert.equal(w2.inflowPerMin, 300);
  assert.equal(w2.outflowPerMin, 60);
});

test('early firing: the state changes with each reading, before any window closes', () => {
  const p = createStreamProcessor(venue);
  const log = new TestLog();
  const a = p.process(log.add('zone_count', 'cam-food-court', T0 + 100, { count: 100 }))[0]!;
  const b = p.process(log.add('zone_count', 'cam-food-court', T0 + 600, { count: 900 }))[0]!;
  assert.equal(a.ts, b.ts, 'same window');
  assert.equal(a.occupancy, 100);
  assert.equal(b.occupancy, 900);
  assert.ok(b.density! > a.density!);
});

test('a sensor clock far ahead is rejected and cannot make everything else late', () => {
  const p = createStreamProcessor(venue);
  const log = new TestLog();
  p.process(log.add('zone_count', 'cam-food-court', T0 + 3_600_000, { count: 1 }, undefined, T0));
  assert.equal(p.stats.future, 1);
  p.process(log.add('zone_count', 'cam-food-court', T0, { count: 2 }));
  assert.equal(p.stats.late, 0);
  assert.equal(p.stats.processed, 1);
});

test('a camera frame too big for one reading, sent in parts with the same time, counts all its people', () => {
  const p = createStreamProcessor(venue);
  const log = new TestLog();
  // 7,000 people in the main-pit camera's 20 m × 30 m view (11.7 p/m², a crush), in two parts of 5,000 and 2,000.
  const people = Array.from({ length: 7000 }, (_, i) => ({ trackId: `t${i}`, x: 50.1 + (i % 70) * 0.28, y: 60.1 + Math.floor(i / 70) * 0.29 }));
  const frame = (ts: number, dx: number): void => {
    const moved = people.map((t) => ({ ...t, x: t.x + dx }));
    p.process(log.add('tracks', 'trk-main-pit', ts, { tracks: moved.slice(0, 5000) }, `f${ts}:0`));
    p.process(log.add('tracks', 'trk-main-pit', ts, { tracks: moved.slice(5000) }, `f${ts}:1`));
  };
  frame(T0, 0);
  frame(T0 + 1000, 0.01);
  const pit = byZone(p.tick(at(1500)), 'main-pit');
  const cam = pit.sources.find((s) => s.kind === 'tracks')!;
  assert.equal(cam.occupancy, 7000 * 2.5, 'the whole frame, extrapolated to the zone');
  assert.ok(pit.occupancy! >= 7000, `never below the people seen: ${pit.occupancy}`);
  assert.ok(pit.speed! > 0, 'velocities from the previous frame, both parts remembered');
});
