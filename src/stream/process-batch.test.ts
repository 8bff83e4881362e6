import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EpochMs, LoggedReading, ZoneState } from '../contracts/index.ts';
import { createScriptState, scriptedReadings } from '../sensors/scripted/index.ts';
import { loadVenueFile } from '../venue/index.ts';
import { createStreamProcessor } from './index.ts';

test('processBatch ends in the same state as process one by one, and emits each window once', () => {
  const venue = loadVenueFile('venues/pilot-arena.yaml');
  const t0 = 1_800_000_000_000;
  const st = createScriptState(5);
  const log: LoggedReading[] = [];
  for (let t = 0; t < 90_000; t += 250) {
    for (const reading of scriptedReadings(venue, st, t0 + t, t0)) {
      // Every 50th reading is 45 s old when it arrives (past the 30 s window, within the 60 s lateness), so batches also correct older windows.
      const late = log.length % 50 === 49;
      log.push({ offset: log.length, receivedAt: (t0 + t) as EpochMs, reading: late ? { ...reading, ts: (reading.ts - 45_000) as EpochMs } : reading });
    }
  }
  const one = createStreamProcessor(venue);
  const batched = createStreamProcessor(venue);
  let olderWindows = 0;
  for (let i = 0; i < log.length; i += 97) {
    const chunk = log.slice(i, i + 97);
    const touched = new Set<string>();
    for (const lr of chunk) for (const s of one.process(lr)) touched.add(s.zoneId);
    const got: ZoneState[] = batched.processBatch(chunk);
    const keys = got.map((s) => `${s.zoneId}@${s.ts}`);
    assert.equal(new Set(keys).size, keys.length, 'each window once per batch');
    assert.deepEqual(new Set(got.map((s) => s.zoneId)), touched, 'the same zones as one by one');
    const head = Math.max(...got.map((s) => s.ts));
    olderWindows += got.filter((s) => s.ts < head).length;
  }
  assert.ok(olderWindows > 0, 'late readings re-emitted corrected older windows');
  assert.deepEqual(batched.checkpoint(), one.checkpoint());
  const now = (t0 + 95_000) as EpochMs;
  assert.deepEqual(batched.tick(now), one.tick(now));
});
