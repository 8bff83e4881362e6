import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRetryPolicy, retryDelayMs, seededRandom } from './backoff.ts';

const policy = { attempts: 6, baseDelayMs: 100, maxDelayMs: 1000 };

test('full-jitter delays stay within [0, min(cap, base·2^(n-1)))', () => {
  const random = seededRandom(42);
  for (let attempt = 1; attempt <= 8; attempt++) {
    const ceiling = Math.min(1000, 100 * 2 ** (attempt - 1));
    for (let i = 0; i < 200; i++) {
      const d = retryDelayMs(policy, attempt, random);
      assert.ok(d >= 0 && d < ceiling, `attempt ${attempt}: ${d} not in [0, ${ceiling})`);
    }
  }
});

test('jitter actually spreads the delays', () => {
  const random = seededRandom(7);
  const delays = new Set(Array.from({ length: 50 }, () => retryDelayMs(policy, 4, random)));
  assert.ok(delays.size > 25, `only ${delays.size} distinct delays out of 50`);
});

test('a receiver hint wins when longer, but never beyond the cap', () => {
  const zero = () => 0;
  assert.equal(retryDelayMs(policy, 1, zero, 300), 300);
  assert.equal(retryDelayMs(policy, 1, zero, 60_000), 1000);
  assert.equal(retryDelayMs(policy, 4, () => 0.999, 10), 799);
});

test('the seeded generator repeats and stays in [0, 1)', () => {
  const a = seededRandom(1);
  const b = seededRandom(1);
  for (let i = 0; i < 1000; i++) {
    const x = a();
    assert.equal(x, b());
    assert.ok(x >= 0 && x < 1);
  }
  assert.notEqual(seededRandom(2)(), seededRandom(1)());
});

test('impossible policies are rejected with their range', () => {
  assert.throws(() => checkRetryPolicy({ attempts: 0, baseDelayMs: 10, maxDelayMs: 10 }), /`retry.attempts` 0 not in \[1, 20\]/);
  assert.throws(() => checkRetryPolicy({ attempts: 3, baseDelayMs: 100, maxDelayMs: 50 }), /`retry.maxDelayMs` 50 not in \[100,/);
});
