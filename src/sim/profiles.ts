/**
 * Agent profiles: free walking speeds by age group after Weidmann (1993), in the ranges the RiMEA
 * guideline (test 7) gives, and a reduced-mobility profile (0.46–0.76 m/s). Body radius and the
 * comfort distance kept at a stage are drawn per agent.
 */
import type { Rng } from './rng.ts';

export const SPEED_RANGES_MPS = {
  under30: [0.58, 1.61],
  from30to50: [1.41, 1.54],
  over50: [0.68, 1.41],
  reducedMobility: [0.46, 0.76],
} as const;
export type ProfileName = keyof typeof SPEED_RANGES_MPS;
export const PROFILE_NAMES = Object.keys(SPEED_RANGES_MPS) as ProfileName[];

export interface AgentMix {
  readonly under30: number;
  readonly from30to50: number;
  readonly over50: number;
  /** Share of people with reduced mobility (the vulnerable share). */
  readonly vulnerableShare: number;
  readonly radiusM: readonly [number, number];
  readonly comfortGapM: readonly [number, number];
  /** When set, free speeds of everyone but people with reduced mobility are drawn from this range. */
  readonly freeSpeedMps?: readonly [number, number] | undefined;
}

export interface DrawnAgent {
  profile: number;
  freeSpeed: number;
  radius: number;
  comfortGap: number;
}

/** Draws a profile; writes into `out` to stay allocation-free at spawn. */
export function drawAgent(mix: AgentMix, rng: Rng, out: DrawnAgent): DrawnAgent {
  let profile: ProfileName;
  if (rng.next() < mix.vulnerableShare) profile = 'reducedMobility';
  else {
    const total = mix.under30 + mix.from30to50 + mix.over50;
    const u = rng.next() * total;
    profile = u < mix.under30 ? 'under30' : u < mix.under30 + mix.from30to50 ? 'from30to50' : 'over50';
  }
  const [lo, hi] = profile !== 'reducedMobility' && mix.freeSpeedMps ? mix.freeSpeedMps : SPEED_RANGES_MPS[profile];
  out.profile = PROFILE_NAMES.indexOf(profile);
  out.freeSpeed = rng.uniform(lo, hi);
  out.radius = rng.uniform(mix.radiusM[0], mix.radiusM[1]);
  out.comfortGap = rng.uniform(mix.comfortGapM[0], mix.comfortGapM[1]);
  return out;
}

export const REDUCED_MOBILITY = PROFILE_NAMES.indexOf('reducedMobility');
