/**
 * Whether the latest snapshot is older than STALE_AFTER_MS (or absent). Checked four times a
 * second, but the caller re-renders only when the answer flips: React skips a state update to
 * an equal value.
 */
import { useEffect, useState } from 'react';
import { ageMs, STALE_AFTER_MS } from './staleness.ts';

export function isStale(receivedAtMs: number | null, nowMs: number): boolean {
  const age = ageMs(receivedAtMs, nowMs);
  return age === null || age > STALE_AFTER_MS;
}

export function useIsStale(receivedAtMs: number | null): boolean {
  const [stale, setStale] = useState(() => isStale(receivedAtMs, Date.now()));
  useEffect(() => {
    setStale(isStale(receivedAtMs, Date.now()));
    const handle = window.setInterval(() => setStale(isStale(receivedAtMs, Date.now())), 250);
    return () => window.clearInterval(handle);
  }, [receivedAtMs]);
  return stale;
}
