/** How old the picture on screen is, and what to say about it. */
import { formatAge } from '../format.ts';

/** Older than this, the picture on screen may no longer be the venue: shown red. */
export const STALE_AFTER_MS = 3000;

/** Age of the latest snapshot at `nowMs`; null before the first one. */
export function ageMs(receivedAtMs: number | null, nowMs: number): number | null {
  return receivedAtMs === null ? null : Math.max(0, nowMs - receivedAtMs);
}

/** The banner over the map, or null while the data is fresh. */
export function staleMessage(receivedAtMs: number | null, nowMs: number): string | null {
  const age = ageMs(receivedAtMs, nowMs);
  if (age === null) return 'WAITING FOR DATA · zones shown as no data';
  return age > STALE_AFTER_MS ? `DATA STALE · last update ${formatAge(age)} ago · the venue may have changed` : null;
}
