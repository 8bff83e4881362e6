/**
 * Exactly-once across crashes: the processor is killed at random points, restored from its last
 * checkpoint (through JSON, as the store keeps it) and fed the log again from `offset + 1`, as
 * the runtime does after a restart. Its final state must equal an uninterrupted run's, bit for bit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EpochMs, LoggedReading } from '../contracts/index.ts';
import { loadVenueFile } from '../venue/load.ts';
import { createStreamProcessor, type StreamCheckpoint, type StreamProcessor } from './index.ts';
import { seededRandom, venueWorkload } from './test-helpers.ts';

const venue = loadVenueFile('venues/pilot-arena.yaml');
const T0 = 1_750_000_000_000;
const DURATION_MS = 120_000;

/** Feeds the log in arrival order with a tick every `tickMs` of processing time (never when 0). */
function run(log: readonly LoggedReading[], p: StreamProcessor, fromIndex: number, untilIndex: number, tickMs: number, onStep?: (i: number) => void): void {
  for (let i = fromIndex; i < untilIndex; i++) {
    const lr = log[i]!;
    const prev = i > 0 ? log[i - 1]!.receivedAt : lr.receivedAt;
    if (tickMs > 0 && Math.floor(lr.receivedAt / tickMs) > Math.floor(prev / tickMs)) p.tick(Math.floor(lr.receivedAt / tickMs) * tickMs as EpochMs);
    p.process(lr);
    onStep?.(i);
  }
}

/** Ticks of 1 s (as the runtime), of 7 s, or none: windows then lag the head by different amounts. */
const TICKS_MS = [1000, 7000, 0];

const END = (T0 + DURATION_MS + 100_000) as EpochMs;

test('killed at random points and restored from checkpoints, the processor ends where an uninterrupted run ends', () => {
  const RUNS = 20;
  for (let runNo = 0; runNo < RUNS; runNo++) {
    const log = venueWorkload(venue, {
      seed: 1000 + runNo, startMs: T0, durationMs: DURATION_MS, lateShare: 0.05, maxDelayMs: 90_000, duplicateShare: 0.02, silentShare: 0.4,
    });
    const tickMs = TICKS_MS[runNo % TICKS_MS.length]!;
    const reference = createStreamProcessor(venue);
    run(log, reference, 0, log.length, tickMs);
    const wantState = JSON.stringify(reference.checkpoint());
    const want = JSON.stringify(reference.tick(END));
    // The reference's windows were kept by deltas and slides; merged afresh they must be the same.
    assert.equal(JSON.stringify(createStreamProcessor(venue, {}, JSON.parse(wantState)).tick(END)), want, `run ${runNo}: incremental windows drifted`);

    const rnd = seededRandom(77 + runNo);
    let p = createStreamProcessor(venue);
    let saved: StreamCheckpoint = JSON.parse(JSON.stringify(p.checkpoint()));
    let i = 0;
    let kills = 0;
    while (i < log.length) {
      const killAt = Math.min(log.length, i + 1 + Math.floor(rnd() * log.length * 0.3));
      const every = 50 + Math.floor(rnd() * 600);
      run(log, p, i, killAt, tickMs, (k) => {
        if ((k + 1) % every === 0) saved = JSON.parse(JSON.stringify(p.checkpoint()));
      });
      if (killAt >= log.length) break;
      // Crash: the processor and everything since the last checkpoint are lost.
      kills++;
      p = createStreamProcessor(venue, {}, saved);
      assert.equal(p.offset, saved.offset);
      i = saved.offset + 1;
    }
    assert.ok(kills > 0, 'at least one crash per run');
    assert.equal(JSON.stringify(p.tick(END)), want, `run ${runNo}: final states differ after ${kills} crashes`);
    assert.equal(JSON.stringify(p.checkpoint()), JSON.stringify(reference.checkpoint()), `run ${runNo}: final state differs`);
  }
});

test('a replay of already processed offsets changes nothing, and duplicates never count twice', () => {
  const log = venueWorkload(venue, { seed: 5, startMs: T0, durationMs: 40_000, duplicateShare: 0.2 });
  const p = createStreamProcessor(venue);
  run(log, p, 0, log.length, 1000);
  const before = p.stats;
  run(log, p, 0, log.length, 1000);
  const stats = p.stats;
  assert.equal(stats.duplicates! - before.duplicates!, log.length, 'every replayed reading is a duplicate');
  const ids = new Set(log.map((l) => l.reading.id));
  assert.equal(stats.processed! + stats.late!, ids.size, 'each distinct reading counted once');
});
