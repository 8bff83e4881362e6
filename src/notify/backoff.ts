/**
 * Retry delays: exponential backoff with "full jitter" (Brooker, "Exponential Backoff And
 * Jitter", AWS Architecture Blog, 2015): delay = random(0, min(cap, base · 2^(attempt-1))).
 * Full jitter spreads the retries of many senders hitting the same recovering receiver.
 */
import { assertInRange } from '../contracts/index.ts';

export interface RetryPolicy {
  /** Total attempts including the first; 1 means no retry. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

export function checkRetryPolicy(p: RetryPolicy): RetryPolicy {
  assertInRange('retry.attempts', p.attempts, 1, 20);
  assertInRange('retry.baseDelayMs', p.baseDelayMs, 0, 600_000);
  assertInRange('retry.maxDelayMs', p.maxDelayMs, p.baseDelayMs, 3_600_000);
  return p;
}

/**
 * Delay before attempt `failedAttempt + 1`. A receiver's own hint (Retry-After) wins over the
 * computed delay when it is longer, but never beyond the cap: a safety alert should not wait
 * ten minutes because a chat service said so.
 */
export function retryDelayMs(policy: RetryPolicy, failedAttempt: number, random: () => number, hintMs?: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempt - 1));
  const jittered = Math.floor(random() * ceiling);
  if (hintMs === undefined) return jittered;
  return Math.min(policy.maxDelayMs, Math.max(jittered, hintMs));
}

/** The shared seeded generator (src/contracts), re-exported for the notifier's jitter. */
export { seededRandom } from '../contracts/index.ts';
