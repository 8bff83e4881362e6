import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshness, fuse, RELIABILITY, type Candidate } from './fusion.ts';

const cand = (value: number, o: Partial<Candidate> = {}): Candidate => ({
  value, recent: value, reliability: 1, freshness: 1, slopePerS: null, ...o,
});

test('no usable source: no occupancy and no confidence, never zero people', () => {
  const f = fuse([], 2);
  assert.equal(f.occupancy, null);
  assert.equal(f.confidence, 0);
});

test('one source alone: its value, confidence its share of the zone\'s reliability', () => {
  const f = fuse([cand(120, { reliability: RELIABILITY.wifi_count })], RELIABILITY.wifi_count + RELIABILITY.zone_count);
  assert.equal(f.occupancy, 120);
  assert.deepEqual(f.shares, [1]);
  assert.equal(f.confidence, 0.5 / 1.5);
});

test('sources that agree share by reliability; an outlier loses its weight', () => {
  const agree = fuse([cand(100), cand(100, { reliability: 0.5 })], 1.5);
  assert.equal(agree.occupancy, 100);
  assert.ok(Math.abs(agree.shares[0]! - 2 / 3) < 1e-12);
  assert.equal(agree.confidence, 1);
  const outlier = fuse([cand(100), cand(104), cand(300)], 3);
  assert.ok(outlier.shares[2]! < 0.02, `outlier share ${outlier.shares[2]}`);
  assert.ok(Math.abs(outlier.occupancy! - 102) < 5, `fused ${outlier.occupancy}`);
  assert.ok(outlier.confidence < 0.7, 'disagreement lowers the confidence');
});

test('freshness is 1 within the period and 0 once stale', () => {
  assert.equal(freshness(900, 1000, 3), 1);
  assert.equal(freshness(2000, 1000, 3), 0.5);
  assert.equal(freshness(3000, 1000, 3), 0);
  assert.equal(freshness(60_000, 1000, 3), 0);
  const stale = fuse([cand(100), cand(200, { freshness: 0 })], 2);
  assert.equal(stale.occupancy, 100);
});

test('the trend is the weighted trend of the sources that have one', () => {
  const f = fuse([cand(100, { slopePerS: 2 }), cand(100, { slopePerS: null })], 2);
  assert.equal(f.slopePerS, 2);
});
