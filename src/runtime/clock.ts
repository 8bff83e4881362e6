/**
 * The Clock port: the only source of processing time. Core stages take time as arguments; the
 * runtime reads it here, so the same code serves live operation, accelerated demos and replays.
 */
import type { EpochMs } from '../contracts/index.ts';

export interface Clock {
  now(): EpochMs;
}

export const systemClock: Clock = { now: () => Date.now() as EpochMs };

/**
 * Time driven by a feed (the simulator): it reads the feed's event time, so when the feed runs
 * slower than asked, processing time slows with it instead of leaving its readings behind
 * ("stale", "late"). Before the first `set` it stands at `start`.
 */
export interface FollowerClock extends Clock {
  set(epochMs: number): void;
}

export function followerClock(start: number): FollowerClock {
  let t = start;
  return {
    now: () => t as EpochMs,
    set(epochMs) {
      if (epochMs > t) t = Math.round(epochMs);
    },
  };
}
