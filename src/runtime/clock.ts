/**
 * The Clock port: the only source of processing time. Core stages take time as arguments; the
 * runtime reads it here, so the same code serves live operation, accelerated demos and replays.
 */
import type { EpochMs } from '../contracts/index.ts';

export interface Clock {
  now(): EpochMs;
}

export const systemClock: Clock = { now: () => Date.now() as EpochMs };

/** Time runs `factor` times faster than the wall clock from `start` (demo and simulator feeds). */
export function acceleratedClock(start: number, factor: number, wall: () => number = Date.now): Clock {
  const wall0 = wall();
  return { now: () => Math.round(start + (wall() - wall0) * factor) as EpochMs };
}
