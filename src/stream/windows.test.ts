/** Window geometry, watermarks and bounded memory, on a one-zone venue with slow sensors (never stale here). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ZoneState, type EpochMs } from '../contracts/index.ts';
import { parseVenue } from '../venue/index.ts';
import { createStreamProcessor } from './index.ts';
import { TestLog } from './test-helpers.ts';
import { paneCount, resolveStreamConfig } from './config.ts';
import { newZoneFilter } from './occupancy-filter.ts';
import { SeenIds } from './dedupe.ts';
import { decodeSnapshot, snapshotFromText, SNAPSHOT_VERSION } from './snapshot.ts';
import { newIntegrator, newSourceState, type Integrator } from './source-state.ts';
import { buildTopology } from './topology.ts';

const venue = parseVenue(`
schema: crowdflow.venue/v1
id: hall
name: Hall
capacity: 1000
zones:
  - { id: hall, type: concourse, capacity: 1000, polygon: [[0, 0], [50, 0], [50, 20], [0, 20]] }
gates:
  - { id: door, zone: hall, opening: [[0, 5], [0, 15]], serviceRatePerMin: 100 }
sensors:
  - { id: door-counter, kind: line_count, gate: door, periodMs: 600000 }
  - { id: hall-camera, kind: zone_count, zone: hall, periodMs: 600000 }
`);
const T0 = 1_750_000_000_000;
const at = (ms: number): EpochMs => (T0 + ms) as EpochMs;

test('a window includes its start and excludes its end', () => {
  const p = createStreamProcessor(venue);
  const log = new TestLog();
  assert.equal(p.process(log.add('line_count', 'door-counter', T0 + 999, { intervalMs: 1000, in: 60, out: 0 }))[0]!.ts, T0 + 1000);
  assert.equal(p.process(log.add('line_count', 'door-counter', T0 + 1000, { intervalMs: 1000, in: 0, out: 0 }))[0]!.ts, T0 + 2000);
  // Window [T0 + 1000, T0 + 31000) still holds the reading at T0 + 1000 and not the one at T0 + 999.
  const [s31] = p.tick(at(31_000));
  assert.equal(s31!.ts, T0 + 31_000);
  assert.equal(s31!.inflowPerMin, 0);
  const [s30] = createStreamProcessor(venue, {}, p.checkpoint()).tick(at(30_999));
  assert.equal(s30!.ts, T0 + 31_000, 'the head never moves back');
  const q = createStreamProcessor(venue);
  q.process(new TestLog().add('line_count', 'door-counter', T0 + 999, { intervalMs: 1000, in: 60, out: 0 }));
  assert.equal(q.tick(at(30_000))[0]!.inflowPerMin, 3600, 'window [T0, T0 + 30000) holds it');
  assert.equal(q.tick(at(31_000))[0]!.inflowPerMin, null, 'window [T0 + 1000, T0 + 31000) does not: no measurement');
});

test('ordinary jitter within the out-of-orderness bound is not late', () => {
  const p = createStreamProcessor(venue, { maxOutOfOrdernessMs: 2000 });
  const log = new TestLog();
  p.process(log.add('zone_count', 'hall-camera', T0 + 10_000, { count: 5 }));
  p.process(log.add('zone_count', 'hall-camera', T0 + 8_500, { count: 4 }));
  assert.equal(p.stats.lateCorrected, 0);
  p.process(log.add('zone_count', 'hall-camera', T0 + 7_000, { count: 3 }));
  assert.equal(p.stats.lateCorrected, 1);
  assert.equal(p.tick(at(10_500))[0]!.occupancy, 5, 'an older reading never replaces a newer level');
});

test('zero allowed lateness drops anything behind the watermark', () => {
  const p = createStreamProcessor(venue, { allowedLatenessMs: 0, maxOutOfOrdernessMs: 0 });
  const log = new TestLog();
  p.process(log.add('zone_count', 'hall-camera', T0 + 10_000, { count: 5 }));
  assert.deepEqual(p.process(log.add('zone_count', 'hall-camera', T0 + 9_999, { count: 4 })), []);
  assert.equal(p.stats.late, 1);
});

test('the id memory stays bounded by the lateness horizon', () => {
  const p = createStreamProcessor(venue);
  const log = new TestLog();
  for (let s = 0; s < 1000; s++) {
    for (let r = 0; r < 5; r++) p.process(log.add('line_count', 'door-counter', T0 + s * 1000 + r * 100, { intervalMs: 100, in: 1, out: 0 }));
  }
  const ids = idsInSnapshot(p.checkpoint().state);
  // Ids within lateness (60 s) + out-of-orderness (2 s) + the current pane, at 5 a second.
  assert.ok(ids <= 5 * 64, `${ids} ids remembered`);
  assert.ok(ids >= 5 * 60);
});

test('a checkpoint of another venue or window is refused with the reason', () => {
  const p = createStreamProcessor(venue);
  p.process(new TestLog().add('zone_count', 'hall-camera', T0, { count: 5 }));
  const cp = p.checkpoint();
  assert.throws(() => createStreamProcessor(venue, { windowMs: 60_000 }, cp), /CF_ERR_CONFIG: .*window 30000 ms.*window 60000 ms/);
  assert.throws(() => createStreamProcessor(venue, {}, { offset: 3, state: { version: 99 } as never }), new RegExp(`CF_ERR_CONFIG: stream checkpoint version 99 \\(a JSON object\\) not ${SNAPSHOT_VERSION}`));
  const restored = createStreamProcessor(venue, {}, JSON.parse(JSON.stringify(cp)));
  assert.equal(restored.offset, 0);
  assert.deepEqual(restored.tick(at(500)), p.tick(at(500)));
});

test('late readings older than the head window leave every cached window exact', () => {
  const p = createStreamProcessor(venue);
  const log = new TestLog();
  for (let s = 0; s < 100; s++) p.process(log.add('line_count', 'door-counter', T0 + s * 1000, { intervalMs: 1000, in: 1, out: 0 }));
  // Two late readings 50 s back (past the 30 s head window, within the 60 s lateness), in the same window.
  const first = p.process(log.add('line_count', 'door-counter', T0 + 50_500, { intervalMs: 1000, in: 7, out: 0 }, undefined, T0 + 100_000));
  const second = p.process(log.add('line_count', 'door-counter', T0 + 50_700, { intervalMs: 1000, in: 5, out: 0 }, undefined, T0 + 100_100));
  assert.equal(first.length, 2);
  assert.equal(second[0]!.ts, first[0]!.ts, 'the same past window, corrected twice');
  assert.ok(second[0]!.inflowPerMin! > first[0]!.inflowPerMin!, 'the second correction includes both');
  // A processor restored from a checkpoint merges every window afresh: it must agree.
  const fresh = createStreamProcessor(venue, {}, JSON.parse(JSON.stringify(p.checkpoint())));
  for (const t of [100_500, 110_000, 125_000]) assert.deepEqual(p.tick(at(t)), fresh.tick(at(t)), `tick at +${t} ms`);
});

const twoHalls = parseVenue(`
schema: crowdflow.venue/v1
id: two-halls
name: Two halls
capacity: 1000
zones:
  - { id: a, type: concourse, capacity: 500, polygon: [[0, 0], [50, 0], [50, 20], [0, 20]] }
  - { id: b, type: concourse, capacity: 500, polygon: [[100, 0], [150, 0], [150, 20], [100, 20]] }
gates:
  - { id: door-b, zone: b, opening: [[100, 5], [100, 15]], serviceRatePerMin: 100 }
sensors:
  - { id: cam-a, kind: zone_count, zone: a, periodMs: 600000 }
  - { id: counter-b, kind: line_count, gate: door-b, periodMs: 600000 }
`);

test('a late reading for a source whose window was left behind is counted exactly once', () => {
  const p = createStreamProcessor(twoHalls);
  const log = new TestLog();
  for (let s = 0; s <= 40; s++) p.process(log.add('line_count', 'counter-b', T0 + s * 1000, { intervalMs: 1000, in: 1, out: 0 }));
  // Hall b falls silent while hall a moves the head on, without ticks in between.
  for (let s = 41; s <= 80; s++) p.process(log.add('zone_count', 'cam-a', T0 + s * 1000, { count: 10 }));
  const out = p.process(log.add('line_count', 'counter-b', T0 + 25_500, { intervalMs: 1000, in: 100, out: 0 }, undefined, T0 + 80_100));
  for (const s of out) ZoneState.parse(s);
  // The corrected window [T0 + 25 s, T0 + 55 s) holds 16 readings of 1 and the late 100, over 17 s.
  assert.equal(out[0]!.ts, T0 + 55_000);
  assert.ok(Math.abs(out[0]!.inflowPerMin! - (116 * 60) / 17) < 1e-9, `corrected inflow ${out[0]!.inflowPerMin}`);
  const fresh = createStreamProcessor(twoHalls, {}, JSON.parse(JSON.stringify(p.checkpoint())));
  assert.deepEqual(out.at(-1), fresh.tick(at(80_100)).find((s) => s.zoneId === 'b'), 'head state as a fresh merge');
  // The same tick for both, so that both occupancy filters start from the same state.
  p.tick(at(80_100));
  // Hall b speaks again: every later state must still equal a fresh merge.
  for (let s = 81; s <= 85; s++) {
    const r = log.add('line_count', 'counter-b', T0 + s * 1000, { intervalMs: 1000, in: 2, out: 0 });
    assert.deepEqual(p.process(r), fresh.process(r), `at +${s} s`);
  }
  assert.equal(p.tick(at(86_000)).find((s) => s.zoneId === 'b')!.inflowPerMin, 120);
});

test('with no lateness the pane ring is short, and windows still slide only over panes it holds', () => {
  const cfg = { allowedLatenessMs: 0, maxOutOfOrdernessMs: 0 };
  const p = createStreamProcessor(twoHalls, cfg);
  const log = new TestLog();
  for (let s = 0; s <= 20; s++) p.process(log.add('line_count', 'counter-b', T0 + s * 1000, { intervalMs: 1000, in: s, out: 0 }));
  // Hall b's window is left at T0 + 21 s while hall a moves the head on; when b reports again 25 s
  // later, its pane reuses the slot of pane 14 (a ring of 32 panes), which the old window held.
  for (let s = 21; s <= 45; s++) p.process(log.add('zone_count', 'cam-a', T0 + s * 1000, { count: 1 }));
  const r = log.add('line_count', 'counter-b', T0 + 46_000, { intervalMs: 1000, in: 3, out: 0 });
  const fresh = createStreamProcessor(twoHalls, cfg, JSON.parse(JSON.stringify(p.checkpoint())));
  assert.deepEqual(p.process(r), fresh.process(r));
  // Window [T0 + 17 s, T0 + 47 s): readings of 17, 18, 19, 20 and 3, over 5 s.
  assert.equal(p.tick(at(47_000)).find((s) => s.zoneId === 'b')!.inflowPerMin, (77 * 60) / 5);
});

/** Ids a snapshot remembers: decoded into a blank state of the same venue. */
function idsInSnapshot(text: string): number {
  const topo = buildTopology(venue);
  const panes = paneCount(resolveStreamConfig());
  const blank = (): Integrator => newIntegrator();
  const st = {
    sources: topo.sources.map((s) => newSourceState(panes, s.stride)),
    integrators: topo.zones.map(blank),
    regionIntegrators: topo.regions.map(blank),
    filters: topo.zones.map(() => newZoneFilter()),
    seen: new SeenIds(),
  };
  decodeSnapshot(snapshotFromText(text), st, resolveStreamConfig().hopMs);
  return st.seen.size;
}
