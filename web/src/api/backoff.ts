/**
 * Reconnect delays: exponential with "full jitter" (Brooker, "Exponential Backoff and Jitter",
 * AWS Architecture Blog, 2015), so that many consoles losing the server at once do not all
 * come back in the same second.
 */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 10_000 };

/** Delay before retry number `attempt` (0 = first retry), given a uniform draw `random` in [0, 1). */
export function backoffDelayMs(attempt: number, random: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  // Never below the base: a zero delay would hammer a server that just refused us.
  return Math.max(policy.baseMs, Math.round(ceiling * random));
}
