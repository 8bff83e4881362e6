import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SkillWeights } from './skill-weights.ts';

const MIN = 60_000;
const T0 = 1_800_000_000_000;

/**
 * One zone, two members, a forecast every 30 s for `minutes`: the truth is `truth(t)`; member m
 * forecasts truth(t + h) + `bias[m](t)` at every horizon h.
 */
function run(sk: SkillWeights, minutes: number, bias: (m: number, tMs: number) => number, from = T0): number {
  const truth = (t: number) => 1000 + (t - T0) / 1000;
  const occ = new Float64Array(1);
  let t = from;
  for (; t < from + minutes * MIN; t += 30_000) {
    occ[0] = truth(t);
    sk.score(occ, t);
    const kept = sk.keep(t);
    if (kept) for (let h = 0; h < 10; h++) for (let m = 0; m < 2; m++) kept[sk.slot(0, h, m)] = truth(t + (h + 1) * MIN) + bias(m, t);
  }
  return t;
}

test('members weigh the same until each has been scored at that horizon', () => {
  const sk = new SkillWeights(1, 2);
  const w = new Float64Array(2);
  assert.deepEqual([...sk.weights(0, 9, w)], [0.5, 0.5]);
  // After 3 minutes, horizons 1..2 have been scored (member 0 exact, member 1 off by 20), 10 not yet.
  run(sk, 3, (m) => (m === 0 ? 0 : 20));
  assert.deepEqual([...sk.weights(0, 9, w)], [0.5, 0.5]);
  sk.weights(0, 0, w);
  assert.ok(w[0]! > 0.99 && Math.abs(w[0]! + w[1]! - 1) < 1e-12, `the exact member leads at 1 min: ${[...w]}`);
});

test('weights follow recent skill: inverse square error, with the error floor', () => {
  const sk = new SkillWeights(1, 2, { memoryS: 600 });
  const w = new Float64Array(2);
  // Member 0 off by 10 people, member 1 by 20: weights 1/100 : 1/400 = 0.8 : 0.2.
  const t = run(sk, 30, (m) => (m === 0 ? 10 : -20));
  sk.weights(0, 9, w);
  assert.ok(Math.abs(w[0]! - 0.8) < 1e-9, `${[...w]}`);
  // The regime flips: member 0 now off by 40, member 1 exact. 25 minutes on, 30 forecasts made
  // after the flip have been scored at 10 min: member 1's mean has decayed to 20 · 0.95³⁰ ≈ 4.3,
  // member 0's risen to 40 − 30 · 0.95³⁰ ≈ 33.6, so member 1 weighs 33.6² / (33.6² + 4.3²) ≈ 0.984.
  run(sk, 25, (m) => (m === 0 ? 40 : 0), t);
  sk.weights(0, 9, w);
  const d = 0.95 ** 30, e1 = 20 * d, e0 = 40 - 30 * d;
  assert.ok(Math.abs(w[1]! - e0 ** 2 / (e0 ** 2 + e1 ** 2)) < 1e-9, `the member right lately leads: ${[...w]}`);
});

test('unknown truth or a member without a forecast scores nothing', () => {
  const sk = new SkillWeights(2, 2);
  const w = new Float64Array(2);
  const kept = sk.keep(T0)!;
  kept.fill(5);
  kept[sk.slot(1, 0, 1)] = NaN; // member 1 gave zone 1 no 1-min forecast
  kept[sk.slot(1, 1, 0)] = 9; // member 0 forecast zone 1 right at 2 min
  sk.score(Float64Array.of(NaN, 9), T0 + 11 * MIN);
  // Zone 0 had no truth: unscored, equal weights. Zone 1 at 1 min: member 1 unscored, so equal
  // too. At 2 min both are scored: member 0 exact (error floored at 1), member 1 off by 4: 16 : 1.
  assert.deepEqual([...sk.weights(0, 1, w)], [0.5, 0.5]);
  assert.deepEqual([...sk.weights(1, 0, w)], [0.5, 0.5]);
  sk.weights(1, 1, w);
  assert.ok(Math.abs(w[0]! - 16 / 17) < 1e-12, `${[...w]}`);
  assert.equal(sk.keep(T0 + 10_000), null, 'kept at most every recordEveryS');
});

test('impossible settings are refused with their range', () => {
  assert.throws(() => new SkillWeights(1, 2, { memoryS: 5 }), /memoryS/);
  assert.throws(() => new SkillWeights(1, 1), /two members/);
});

test('a member left out weighs 0 and the others share its weight; it is scored all the same', () => {
  const sk = new SkillWeights(1, 3);
  const w = new Float64Array(3);
  const occ = new Float64Array(1);
  for (let t = T0; t < T0 + 30 * MIN; t += 30_000) {
    occ[0] = 100;
    sk.score(occ, t);
    const kept = sk.keep(t);
    // Member 0 off by 10, member 1 by 20, member 2 exact.
    if (kept) for (let h = 0; h < 10; h++) { kept[sk.slot(0, h, 0)] = 110; kept[sk.slot(0, h, 1)] = 80; kept[sk.slot(0, h, 2)] = 100; }
  }
  sk.weights(0, 9, w, 2);
  assert.ok(Math.abs(w[0]! - 0.8) < 1e-9 && Math.abs(w[1]! - 0.2) < 1e-9 && w[2] === 0, `${[...w]}`);
  sk.weights(0, 9, w);
  assert.ok(w[2]! > 0.98, `the exact member leads once it takes part: ${[...w]}`);
});
