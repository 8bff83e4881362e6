import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addLevel, applyPaneDelta, emptyAgg, F, mergeWindow, PaneRing, slideWindow, slopePerMs } from './panes.ts';
import { BASE_STRIDE } from './topology.ts';
import { seededRandom } from './test-helpers.ts';

const HOP = 1000;
const PANES = 30;

/** A ring with integer readings (counts at integer ms) in panes [from, to). */
function filled(seed: number, from: number, to: number): PaneRing {
  const rnd = seededRandom(seed);
  const ring = new PaneRing(100, BASE_STRIDE);
  for (let k = from; k < to; k++) {
    if (rnd() < 0.2) continue; // some panes stay empty
    const b = ring.slotFor(k);
    for (let r = Math.floor(rnd() * 3); r >= 0; r--) {
      addLevel(ring.data, b, Math.floor(rnd() * HOP), Math.floor(rnd() * 500), k * HOP);
      ring.data[b + F.in]! += Math.floor(rnd() * 7);
      ring.data[b + F.intervalMs]! += 1000;
    }
  }
  return ring;
}

test('a merged window equals the naive sum over its readings', () => {
  const ring = new PaneRing(100, BASE_STRIDE);
  const readings: [number, number][] = []; // [ms since window start, value]
  for (let k = 0; k < PANES; k++) {
    const b = ring.slotFor(1000 + k);
    const t = (k * 37) % HOP;
    addLevel(ring.data, b, t, k * 2, 0);
    readings.push([k * HOP + t, k * 2]);
  }
  const a = mergeWindow(ring, 1000, PANES, HOP, emptyAgg(0));
  assert.equal(a.n, PANES);
  assert.equal(a.sumV, readings.reduce((s, [, v]) => s + v, 0));
  assert.equal(a.sumT, readings.reduce((s, [t]) => s + t, 0));
  assert.equal(a.sumTT, readings.reduce((s, [t]) => s + t * t, 0));
  assert.equal(a.sumTV, readings.reduce((s, [t, v]) => s + t * v, 0));
});

test('the slope of a straight line is exact', () => {
  const ring = new PaneRing(100, BASE_STRIDE);
  for (let k = 0; k < PANES; k++) addLevel(ring.data, ring.slotFor(k), 500, 100 + 3 * k, 0); // +3 per second
  assert.equal(slopePerMs(mergeWindow(ring, 0, PANES, HOP, emptyAgg(0)))! * 1000, 3);
  const one = new PaneRing(100, BASE_STRIDE);
  addLevel(one.data, one.slotFor(5), 0, 10, 0);
  assert.equal(slopePerMs(mergeWindow(one, 0, PANES, HOP, emptyAgg(0))), null, 'one point has no trend');
});

test('sliding a window forward gives the same bits as merging it afresh', () => {
  for (let seed = 1; seed <= 20; seed++) {
    const ring = filled(seed, 0, 95);
    const rnd = seededRandom(seed * 7);
    let first = 0;
    const slid = mergeWindow(ring, first, PANES, HOP, emptyAgg(0));
    while (first < 60) {
      const to = first + 1 + Math.floor(rnd() * 10);
      slideWindow(ring, first, to, PANES, HOP, slid);
      first = to;
      assert.deepEqual({ ...slid }, { ...mergeWindow(ring, first, PANES, HOP, emptyAgg(0)) }, `seed ${seed}, first pane ${first}`);
    }
  }
});

test('a pane delta keeps a merged window equal to a fresh merge', () => {
  const ring = filled(3, 0, 40);
  const agg = mergeWindow(ring, 10, PANES, HOP, emptyAgg(0));
  const before = new Float64Array(BASE_STRIDE);
  const b = ring.slotFor(25);
  before.set(ring.data.subarray(b, b + BASE_STRIDE));
  addLevel(ring.data, b, 321, 77, 25 * HOP + 321);
  applyPaneDelta(agg, before, ring.data, b, 15 * HOP);
  assert.deepEqual({ ...agg }, { ...mergeWindow(ring, 10, PANES, HOP, emptyAgg(0)) });
});

test('a slot is recycled for a newer pane and refuses an older one', () => {
  const ring = new PaneRing(10, BASE_STRIDE);
  const b = ring.slotFor(3);
  ring.data[b + F.n] = 5;
  assert.equal(ring.slotFor(13), b, 'pane 13 takes the slot of pane 3');
  assert.equal(ring.data[b + F.n], 0, 'and starts empty');
  assert.equal(ring.find(3), -1);
  assert.equal(ring.slotFor(3), -1, 'pane 3 is gone for good');
  const copy = new PaneRing(10, BASE_STRIDE);
  copy.loadRows(ring.toRows());
  assert.deepEqual(copy.toRows(), ring.toRows());
});
