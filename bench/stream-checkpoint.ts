/**
 * Cost of the stream checkpoint on the event loop, as the runtime pays it: `checkpoint()` plus
 * the `JSON.stringify` of its state the store does, and the size stored; then the restore
 * (`JSON.parse` + `createStreamProcessor`). The state is that of the pilot arena part-way through
 * a simulated event (crowded camera frames, every sensor reporting), replayed from a simulator run:
 *
 *   npx tsx bench/stream-checkpoint.ts --run /tmp/fusion-run [--until 1500] [--repeat 200]
 *
 * Figures: median and p95 over `--repeat` checkpoints of the same state, after 20 warm-up ones
 * (saves first, then restores, so that one's garbage is not billed to the other).
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { EpochMs, LoggedReading, SensorReading } from '../src/contracts/index.ts';
import { loadVenueFile } from '../src/venue/index.ts';
import { createStreamProcessor } from '../src/stream/index.ts';

const { values } = parseArgs({
  options: {
    run: { type: 'string' },
    venue: { type: 'string', default: 'venues/pilot-arena.yaml' },
    until: { type: 'string', default: '1500' },
    repeat: { type: 'string', default: '200' },
  },
});
if (!values.run) {
  console.error('usage: npx tsx bench/stream-checkpoint.ts --run DIR [--venue FILE] [--until S] [--repeat N]');
  process.exit(2);
}
const venue = loadVenueFile(values.venue);
const stream = createStreamProcessor(venue);

// Replay up to `until` seconds of event time: batches of what arrived, a tick a second.
let first = NaN;
let clock = NaN;
let arrival = -Infinity;
let batch: LoggedReading[] = [];
let offset = 0;
const lines = createInterface({ input: createReadStream(join(values.run, 'readings.jsonl')), crlfDelay: Infinity });
for await (const line of lines) {
  if (line.length === 0) continue;
  const r = JSON.parse(line) as SensorReading;
  if (Number.isNaN(first)) { first = r.ts; clock = Math.floor(r.ts / 1000) * 1000 - 1000; }
  if (r.ts > first + Number(values.until) * 1000) break;
  arrival = Math.max(arrival, r.ts);
  while (clock + 1000 < arrival) {
    if (batch.length > 0) { stream.processBatch(batch); batch = []; }
    clock += 1000;
    stream.tick(clock as EpochMs);
  }
  batch.push({ offset: offset++, receivedAt: arrival as EpochMs, reading: r });
}
lines.close();
if (batch.length > 0) stream.processBatch(batch);
stream.tick((clock + 1000) as EpochMs);

const repeat = Number(values.repeat);
const save: number[] = [];
const saveCpu: number[] = [];
const load: number[] = [];
const cpuMs = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
let stored = '';
for (let i = 0; i < repeat + 20; i++) {
  const c0 = cpuMs();
  const t0 = performance.now();
  stored = JSON.stringify(stream.checkpoint().state);
  if (i >= 20) { save.push(performance.now() - t0); saveCpu.push(cpuMs() - c0); }
}
for (let i = 0; i < repeat + 20; i++) {
  const t0 = performance.now();
  createStreamProcessor(venue, {}, { offset: stream.offset, state: JSON.parse(stored) as never });
  if (i >= 20) load.push(performance.now() - t0);
}
const q = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
console.log(`pilot arena after ${values.until} s of ${values.run} (${offset} readings): checkpoint stored as ${(stored.length / 1e6).toFixed(3)} MB of text`);
console.log(`checkpoint() + JSON.stringify: wall median ${q(save, 0.5).toFixed(2)} ms, p95 ${q(save, 0.95).toFixed(2)} ms, min ${Math.min(...save).toFixed(2)} ms; process CPU median ${q(saveCpu, 0.5).toFixed(2)} ms (${repeat} runs)`);
console.log(`JSON.parse + restore:           wall median ${q(load, 0.5).toFixed(2)} ms, p95 ${q(load, 0.95).toFixed(2)} ms, min ${Math.min(...load).toFixed(2)} ms`);
console.log(`(load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')} on ${(await import('node:os')).cpus().length} cores while measuring)`);
