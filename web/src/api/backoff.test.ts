import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelayMs } from './backoff.ts';

const policy = { baseMs: 500, capMs: 10_000 };

test('delays stay within [base, min(cap, base·2^attempt)] for any draw', () => {
  for (let attempt = 0; attempt < 40; attempt++) {
    for (const r of [0, 0.1, 0.5, 0.999999]) {
      const d = backoffDelayMs(attempt, r, policy);
      assert.ok(d >= policy.baseMs, `attempt ${attempt} draw ${r}: ${d} < base`);
      assert.ok(d <= Math.min(policy.capMs, policy.baseMs * 2 ** attempt), `attempt ${attempt} draw ${r}: ${d} over ceiling`);
    }
  }
});

test('the ceiling grows with attempts until the cap', () => {
  const top = (a: number): number => backoffDelayMs(a, 0.999999, policy);
  assert.ok(top(1) < top(3));
  assert.ok(top(3) < top(5));
  assert.equal(top(6), policy.capMs);
  assert.equal(top(1000), policy.capMs);
});
