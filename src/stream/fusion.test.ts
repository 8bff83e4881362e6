import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coverageReliability, freshness, fuse, occupancyVariance, reconcile, RELIABILITY, type Candidate } from './fusion.ts';

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
  assert.equal(f.confidence, RELIABILITY.wifi_count / (RELIABILITY.wifi_count + RELIABILITY.zone_count));
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

test('a camera over part of its zone weighs as a density sample of where it looks', () => {
  assert.equal(coverageReliability(1), RELIABILITY.tracks);
  assert.ok(Math.abs(coverageReliability(0.4) - 0.01 / (0.01 + 0.36)) < 1e-15);
  assert.ok(coverageReliability(0.4) < RELIABILITY.wifi_count, 'a 40 % view of a stage front is weaker than Wi-Fi of the whole');
  assert.ok(coverageReliability(0.9) > RELIABILITY.wifi_count);
});

test('reconciliation moves each estimate by its share of the uncertainty, to the counted total', () => {
  const out = new Float64Array(2);
  const gain = new Float64Array(2);
  // A precise count (variance 1) and a weak one (variance 99); the total (variance 0) is 20 higher.
  reconcile([100, 200], [1, 99], [0, 0], 320, 0, out, gain);
  assert.ok(Math.abs(out[0]! - 100.2) < 1e-9 && Math.abs(out[1]! - 219.8) < 1e-9, `${out}`);
  assert.ok(Math.abs(out[0]! + out[1]! - 320) < 1e-9);
  // A weak total hardly moves precise estimates.
  reconcile([100, 200], [1, 1], [0, 0], 0, occupancyVariance(0, 1e-6), out, gain);
  assert.ok(out[0]! > 99.9 && out[1]! > 199.9, `${out}`);
  // Nothing goes below zero, nor below the people cameras see.
  reconcile([100, 200], [1, 1], [0, 190], 0, 0, out, gain);
  assert.deepEqual([...out], [0, 190]);
});
