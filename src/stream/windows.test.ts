/** Window geometry, watermarks and bounded memory, on a one-zone venue with slow sensors (never stale here). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EpochMs } from '../contracts/index.ts';
import { parseVenue } from '../venue/index.ts';
import { createStreamProcessor } from './index.ts';
import { TestLog } from './test-helpers.ts';

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
  const seen = (p.checkpoint().state as { seen: [number, string[]][] }).seen;
  const ids = seen.reduce((n, [, b]) => n + b.length, 0);
  // Ids within lateness (60 s) + out-of-orderness (2 s) + the current pane, at 5 a second.
  assert.ok(ids <= 5 * 64, `${ids} ids remembered`);
  assert.ok(ids >= 5 * 60);
});

test('a checkpoint of another venue or window is refused with the reason', () => {
  const p = createStreamProcessor(venue);
  p.process(new TestLog().add('zone_count', 'hall-camera', T0, { count: 5 }));
  const cp = p.checkpoint();
  assert.throws(() => createStreamProcessor(venue, { windowMs: 60_000 }, cp), /CF_ERR_CONFIG: .*window 30000 ms.*window 60000 ms/);
  assert.throws(() => createStreamProcessor(venue, {}, { offset: 3, state: { version: 99 } }), /CF_ERR_CONFIG: stream checkpoint version 99 not 2/);
  const restored = createStreamProcessor(venue, {}, JSON.parse(JSON.stringify(cp)));
  assert.equal(restored.offset, 0);
  assert.deepEqual(restored.tick(at(500)), p.tick(at(500)));
});
