/**
 * The binary snapshot: a restore continues exactly where the original goes (every later state
 * identical), and anything that is not a snapshot of this version and venue layout
 * is refused with the reason.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { EpochMs, LoggedReading } from '../contracts/index.ts';
import { parseVenue } from '../venue/index.ts';
import { loadVenueFile } from '../venue/load.ts';
import { createStreamProcessor, type StreamProcessor } from './index.ts';
import { SNAPSHOT_VERSION } from './snapshot.ts';
import { TestLog, venueWorkload } from './test-helpers.ts';

const venue = loadVenueFile('venues/pilot-arena.yaml');
const T0 = 1_750_000_000_000;

/** A minute of every pilot sensor, some readings late or sent twice. */
function workload(): LoggedReading[] {
  return venueWorkload(venue, { seed: 11, startMs: T0, durationMs: 60_000, lateShare: 0.05, maxDelayMs: 30_000, duplicateShare: 0.02 });
}

function feed(p: StreamProcessor, log: readonly LoggedReading[], from: number, to: number): string[] {
  const out: string[] = [];
  for (let i = from; i < to; i++) {
    const lr = log[i]!;
    const prev = i > 0 ? log[i - 1]!.receivedAt : lr.receivedAt;
    if (Math.floor(lr.receivedAt / 1000) > Math.floor(prev / 1000)) out.push(JSON.stringify(p.tick((Math.floor(lr.receivedAt / 1000) * 1000) as EpochMs)));
    out.push(JSON.stringify(p.process(lr)));
  }
  return out;
}

test('a restored snapshot gives the same states as the original from then on', () => {
  const log = workload();
  const half = Math.floor(log.length / 2);
  const a = createStreamProcessor(venue);
  feed(a, log, 0, half);
  const text = a.checkpoint();
  const bytes = a.snapshot();
  assert.equal(text.offset, half - 1);
  assert.equal(bytes.offset, half - 1);
  // Through JSON (as the store keeps it) and as raw bytes.
  const b = createStreamProcessor(venue, {}, JSON.parse(JSON.stringify(text)));
  const c = createStreamProcessor(venue, {}, bytes);
  const want = feed(a, log, half, log.length);
  assert.deepEqual(feed(b, log, half, log.length), want);
  assert.deepEqual(feed(c, log, half, log.length), want);
  // Mid-run the sources are fresh, so the counted regions are in play in the states compared.
  const floorStates = want.flatMap((w) => JSON.parse(w) as { zoneId: string; sources: { kind: string; weight: number }[] }[])
    .filter((z) => z.zoneId === 'main-pit' && z.sources.some((x) => x.kind === 'line_count' && x.weight > 0));
  assert.ok(floorStates.length > 0, 'the floor balance weighs in some compared state');
  assert.deepEqual(b.stats, a.stats);
  assert.equal(b.checkpoint().state, a.checkpoint().state, 'the same snapshot after the same readings');
});

test('a camera\'s previous frame, the counted regions and the ids survive a snapshot', () => {
  const log = new TestLog();
  const a = createStreamProcessor(venue);
  const frame = (dx: number): { trackId: string; x: number; y: number }[] =>
    Array.from({ length: 400 }, (_, i) => ({ trackId: `é${i}`, x: 50.5 + (i % 20) + dx, y: 60.5 + Math.floor(i / 20) }));
  const floor = ['main-pit', 'field-w', 'field-e', 'side-pit'];
  for (const z of floor) a.process(log.add('wifi_count', `wifi-${z}`, T0, { intervalMs: 10_000, devices: 0 }));
  for (let s = 1; s <= 5; s++) {
    for (const id of ['lc-n1-inner', 'lc-s1-inner', 'lc-n2-inner', 'lc-s2-inner', 'lc-n3-inner', 'lc-s3-inner']) {
      a.process(log.add('line_count', id, T0 + s * 1000, { intervalMs: 1000, in: id.includes('1-') ? 40 : 0, out: 0 }));
    }
    a.process(log.add('tracks', 'trk-main-pit', T0 + s * 1000, { tracks: frame(s * 0.3) }));
  }
  const b = createStreamProcessor(venue, {}, JSON.parse(JSON.stringify(a.checkpoint())));
  // The next frame's velocities and crossings come from the remembered one; the duplicate id is still known.
  const next = log.add('tracks', 'trk-main-pit', T0 + 6000, { tracks: frame(1.8) });
  assert.equal(JSON.stringify(b.process(next)), JSON.stringify(a.process(next)));
  const dup = log.add('line_count', 'lc-n1-inner', T0 + 5000, { intervalMs: 1000, in: 40, out: 0 }, log.entries.find((e) => e.reading.sensorId === 'lc-n1-inner' && e.reading.ts === T0 + 5000)!.reading.id);
  assert.deepEqual(b.process(dup), a.process(dup));
  assert.equal(b.stats.duplicates, 1);
  const at = (T0 + 6500) as EpochMs;
  const sa = a.tick(at);
  const sb = b.tick(at);
  assert.deepEqual(sb, sa);
  const pit = sb.find((s) => s.zoneId === 'main-pit')!;
  assert.ok(pit.pressure >= 0 && pit.speed! > 0, 'kinematics from the remembered frame');
  assert.ok(Math.abs(pit.occupancy! - 400) < 4, `the floor balance (400 counted in) holds after restore: ${pit.occupancy}`);
});

test('an old, foreign, corrupt or other-venue snapshot is refused with the reason', () => {
  const a = createStreamProcessor(venue);
  a.process(new TestLog().add('zone_count', 'cam-entry-nw', T0, { count: 5 }));
  const { state } = a.snapshot();
  // The JSON checkpoints of versions 2 and 3.
  assert.throws(() => createStreamProcessor(venue, {}, { offset: 0, state: { version: 3, venueId: 'pilot-arena' } as never }),
    new RegExp(`CF_ERR_CONFIG: stream checkpoint version 3 \\(a JSON object\\) not ${SNAPSHOT_VERSION} \\(a binary snapshot\\); start without it and replay the log`));
  // A binary snapshot of another format version.
  const older = state.slice();
  new DataView(older.buffer).setUint32(4, SNAPSHOT_VERSION - 1, true);
  assert.throws(() => createStreamProcessor(venue, {}, { offset: 0, state: older }), new RegExp(`CF_ERR_CONFIG: stream snapshot version ${SNAPSHOT_VERSION - 1} not ${SNAPSHOT_VERSION}`));
  // Not a snapshot at all.
  assert.throws(() => createStreamProcessor(venue, {}, { offset: 0, state: 'aGVsbG8gd29ybGQsIHRoaXMgaXMgbm8gc25hcHNob3Q=' }), /CF_ERR_CONFIG: stream checkpoint is not a crowdflow stream snapshot/);
  // Cut short.
  assert.throws(() => createStreamProcessor(venue, {}, { offset: 0, state: state.slice(0, state.length - 9) }), /CF_ERR_CONFIG: stream snapshot is truncated or corrupt/);
  // The same venue id with a sensor removed: the numbers are laid out for other sources.
  const edited = parseVenue(readVenueWithout('wifi-food-court'));
  assert.throws(() => createStreamProcessor(edited, {}, { offset: 0, state }), /CF_ERR_CONFIG: .*other sensors or zones/);
});

function readVenueWithout(sensorId: string): string {
  const yaml = readFileSync('venues/pilot-arena.yaml', 'utf8');
  return yaml.split('\n').filter((l) => !l.includes(`id: ${sensorId},`)).join('\n').replace(`, ${sensorId}]`, ']');
}
