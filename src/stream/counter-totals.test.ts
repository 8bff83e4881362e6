import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EpochMs, LoggedReading, ZoneState } from '../contracts/index.ts';
import { loadVenueFile } from '../venue/load.ts';
import { absorbCount, newCounterSpan, type CounterReading } from './counter-totals.ts';
import { createStreamProcessor } from './index.ts';
import { seededRandom, TestLog } from './test-helpers.ts';

/** Readings of one counter, 1 s apart, with the totals its register would hold. */
function counterRun(counts: readonly (readonly [number, number])[]): CounterReading[] {
  let totalIn = 0;
  let totalOut = 0;
  return counts.map(([i, o], k) => {
    totalIn += i;
    totalOut += o;
    return { ts: (k + 1) * 1000, intervalMs: 1000, in: i, out: o, totalIn, totalOut };
  });
}

const sumIn = (deltas: readonly { in: number }[]): number => deltas.reduce((s, d) => s + d.in, 0);

test('a reading after lost ones brings back what they counted', () => {
  const r = counterRun([[3, 1], [5, 0], [2, 2], [4, 1]]);
  const span = newCounterSpan();
  const first = absorbCount(span, r[0]!);
  assert.deepEqual(first, { in: 3, out: 1, recovered: 0, restarted: false });
  // Readings 2 and 3 are lost: reading 4 integrates them with its own interval.
  const fourth = absorbCount(span, r[3]!);
  assert.deepEqual(fourth, { in: 11, out: 3, recovered: 9, restarted: false });
  // They arrive after all (a slow path): a later reading brought them already.
  assert.deepEqual(absorbCount(span, r[1]!), { in: 0, out: 0, recovered: 0, restarted: false });
  assert.deepEqual(absorbCount(span, r[2]!), { in: 0, out: 0, recovered: 0, restarted: false });
});

test('an edge gateway replaying its buffer after newer readings went out live counts each person once', () => {
  const r = counterRun([[1, 0], [2, 0], [3, 1], [4, 0], [5, 2], [6, 0]]);
  const span = newCounterSpan();
  // Live: reading 6 first, then the buffer 2..5 in order (reading 1 is lost for good).
  const deltas = [r[5]!, r[1]!, r[2]!, r[3]!, r[4]!].map((x) => absorbCount(span, x));
  // Reading 2 integrates itself and nothing before it (the span started at reading 6); 3..5 lie
  // between 2 and 6, which the replayed reading 2 leads up to.
  assert.deepEqual(deltas.map((d) => d.in), [6, 14, 0, 0, 0]);
  assert.equal(sumIn(deltas), 20, 'everything counted from reading 2 on');
  assert.deepEqual([span.fromTs, span.toTs, span.startIn, span.endIn], [1000, 6000, 1, 21]);
});

test('totals that go backwards are a restarted counter: its interval counts, the span starts again', () => {
  const span = newCounterSpan();
  absorbCount(span, { ts: 1000, intervalMs: 1000, in: 2, out: 0, totalIn: 500, totalOut: 400 });
  const after = absorbCount(span, { ts: 5000, intervalMs: 1000, in: 3, out: 1, totalIn: 3, totalOut: 1 });
  assert.deepEqual(after, { in: 3, out: 1, recovered: 0, restarted: true });
  assert.deepEqual(absorbCount(span, { ts: 7000, intervalMs: 1000, in: 1, out: 0, totalIn: 6, totalOut: 1 }), { in: 3, out: 0, recovered: 2, restarted: false });
});

test('a reading without totals continues the span: nothing is counted twice', () => {
  const span = newCounterSpan();
  assert.equal(absorbCount(span, { ts: 1000, intervalMs: 1000, in: 2, out: 0 }).in, 2, 'no totals yet: its interval');
  absorbCount(span, { ts: 2000, intervalMs: 1000, in: 1, out: 0, totalIn: 10, totalOut: 0 });
  assert.equal(absorbCount(span, { ts: 3000, intervalMs: 1000, in: 4, out: 0 }).in, 4);
  // The register includes reading 3's 4: the next total adds only its own 2.
  assert.deepEqual(absorbCount(span, { ts: 4000, intervalMs: 1000, in: 2, out: 0, totalIn: 16, totalOut: 0 }), { in: 2, out: 0, recovered: 0, restarted: false });
  assert.equal(absorbCount(span, { ts: 3000, intervalMs: 1000, in: 4, out: 0 }).in, 0, 'inside the span');
});

const venue = loadVenueFile('venues/pilot-arena.yaml');
const T0 = 1_750_000_000_000;

/**
 * Ten minutes of seeded traffic through tunnel S3, counted at both ends only, with `loss` of the
 * readings lost. Each second's inner reading is logged before the outer one, so a person entering
 * and leaving within the second is counted out before in. Returns the tunnel's fused occupancy and
 * its true one at every 100 s.
 */
function tunnel(withTotals: boolean, loss: number): { fused: number[]; truth: number[]; recovered: number } {
  const rnd = seededRandom(20261122);
  const log = new TestLog();
  const p = createStreamProcessor(venue);
  const totals = { inner: [0, 0], outer: [0, 0] };
  const fused: number[] = [];
  const truth: number[] = [];
  let inside = 0;
  for (let s = 1; s <= 600; s++) {
    const into = Math.floor(rnd() * 4);
    const onward = Math.min(inside + into, Math.floor(rnd() * (s <= 300 ? 4 : 3)));
    const back = Math.min(inside + into - onward, rnd() < 0.2 ? 1 : 0);
    inside += into - onward - back;
    for (const [end, i, o] of [['inner', onward, 0], ['outer', into, back]] as const) {
      const t = totals[end];
      t[0]! += i;
      t[1]! += o;
      if (rnd() < loss) continue;
      const body = withTotals ? { intervalMs: 1000, in: i, out: o, totalIn: t[0]!, totalOut: t[1]! } : { intervalMs: 1000, in: i, out: o };
      p.process(log.add('line_count', `lc-s3-${end}`, T0 + s * 1000, body));
    }
    const state = p.tick((T0 + s * 1000 + 500) as EpochMs).find((z) => z.zoneId === 'tunnel-s3')!;
    if (s % 100 === 0) {
      fused.push(state.occupancy ?? -1);
      truth.push(inside);
    }
  }
  return { fused, truth, recovered: p.stats.countsRecovered! };
}

test('a tunnel counted at both ends keeps its true occupancy through lost readings when its counters send totals', () => {
  const lossless = tunnel(false, 0);
  assert.deepEqual(lossless.fused, lossless.truth, 'out before in within a second is not taken for drift');
  assert.ok(Math.max(...lossless.truth) >= 50, `the tunnel fills (${lossless.truth.join(', ')})`);
  const plain = tunnel(false, 0.05);
  const drift = plain.fused.at(-1)! - plain.truth.at(-1)!;
  assert.ok(drift <= -5, `without totals the lost readings' counts stay lost (${plain.fused.join(', ')} against ${plain.truth.join(', ')})`);
  const counted = tunnel(true, 0.05);
  assert.deepEqual(counted.truth, plain.truth, 'the same traffic');
  assert.deepEqual(counted.fused, counted.truth);
  assert.ok(counted.recovered >= 50, `${counted.recovered} people recovered`);
});

test('a checkpoint in the middle of a gap restores the counters\' spans: the run continues to the same end', () => {
  const log = new TestLog();
  const reading = (end: 'inner' | 'outer', s: number, i: number, total: number): LoggedReading =>
    log.add('line_count', `lc-s3-${end}`, T0 + s * 1000, { intervalMs: 1000, in: i, out: 0, totalIn: total, totalOut: 0 });
  // Second 1: 3 in, 0 on. Second 2: the outer reading (2 in) is lost; the inner one counts 4 on,
  // the tunnel reads −1 and waits. Second 3: the outer totals bring the 2 back.
  const first = [reading('outer', 1, 3, 3), reading('inner', 1, 0, 0), reading('inner', 2, 4, 4)];
  const rest = [reading('outer', 3, 1, 6), reading('inner', 3, 0, 4)];
  const whole = createStreamProcessor(venue);
  whole.processBatch([...first, ...rest]);
  const a = createStreamProcessor(venue);
  a.processBatch(first);
  const b = createStreamProcessor(venue, {}, JSON.parse(JSON.stringify(a.checkpoint())));
  b.processBatch(rest);
  const end = (T0 + 3_500) as EpochMs;
  assert.equal(tunnelAt(b.tick(end)).occupancy, 2);
  assert.deepEqual(b.tick(end), whole.tick(end));
  assert.deepEqual(b.stats, whole.stats);
});

const tunnelAt = (states: readonly ZoneState[]): ZoneState => states.find((z) => z.zoneId === 'tunnel-s3')!;

test('an outage longer than the allowed lateness loses no count: the first reading on time after it brings the gap back', () => {
  const log = new TestLog();
  const p = createStreamProcessor(venue);
  const outer = (s: number, n: number, total: number, receivedAt?: number): LoggedReading =>
    log.add('line_count', 'lc-s3-outer', T0 + s * 1000, { intervalMs: 1000, in: n, out: 0, totalIn: total, totalOut: 0 }, undefined, receivedAt);
  const inner = (s: number): LoggedReading => log.add('line_count', 'lc-s3-inner', T0 + s * 1000, { intervalMs: 1000, in: 0, out: 0, totalIn: 0, totalOut: 0 });
  for (let s = 1; s <= 10; s++) p.process(outer(s, 1, s));
  // The outer counter's gateway loses its uplink for 190 s (2 people a second); the inner counter goes on.
  for (let s = 1; s <= 200; s++) p.process(inner(s));
  // Back up: the buffer drains in order; the older part is beyond the allowed lateness and dropped.
  for (let s = 11; s <= 200; s++) p.process(outer(s, 2, 10 + 2 * (s - 10), T0 + 205_000));
  const dropped = p.stats.late!;
  assert.ok(dropped >= 100, `${dropped} readings dropped as late`);
  for (let s = 201; s <= 205; s++) p.process(inner(s));
  p.process(outer(205, 1, 391));
  assert.equal(tunnelAt(p.tick((T0 + 205_500) as EpochMs)).occupancy, 10 + 380 + 1);
  // The first reading within the lateness brought back the dropped ones' counts.
  assert.equal(p.stats.countsRecovered, 2 * dropped);
});
