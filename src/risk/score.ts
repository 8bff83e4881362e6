/**
 * The CrowdSafe risk score, exactly the guide's "Full Formula" (crowdsafe-metrics-guide §2):
 *
 *   risk = W_d · min(1, density/10) + W_s · min(1, surge/2) + W_v · velocity_inv_norm
 *        + max(0, pressure − 0.3) · 0.15 + max(0, coherence − 0.5) · 0.2
 *   if count > 100: risk ×= 1.15
 *   risk = clamp(risk, 0, 1)
 *
 * with velocity_inv_norm = clamp01(1 − (v − 0.2) / 1.3). Every constant comes from RiskSettings.
 */
import type { RiskComponents, RiskLevel } from '../contracts/index.ts';
import { asRatio } from '../contracts/index.ts';
import type { RiskSettings } from './settings.ts';

export interface ScoreInputs {
  readonly densityPpsm: number;
  readonly surgeRatePpsmPerMin: number;
  readonly speedMps: number;
  /** Helbing et al. 2007 crowd pressure, normalised to [0, 1]. */
  readonly pressure: number;
  readonly coherence: number;
  /** null when no head count is known: the ×1.15 then does not apply. */
  readonly occupancy: number | null;
}

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

export function velocityInvNorm(speedMps: number, s: RiskSettings): number {
  const { stagnantSpeedMps, freeSpeedMps } = s.normalisation;
  return clamp01(1 - (speedMps - stagnantSpeedMps) / (freeSpeedMps - stagnantSpeedMps));
}

export function scoreComponents(i: ScoreInputs, s: RiskSettings): RiskComponents {
  const densityNorm = Math.min(1, Math.max(0, i.densityPpsm) / s.normalisation.densityCapPpsm);
  const surgeNorm = Math.min(1, Math.max(0, i.surgeRatePpsmPerMin) / s.normalisation.surgeCapPpsmPerMin);
  const velocityNorm = velocityInvNorm(i.speedMps, s);
  const pressureBoost = Math.max(0, i.pressure - s.boosts.pressureFrom) * s.boosts.pressureGain;
  const coherenceBoost = Math.max(0, i.coherence - s.boosts.coherenceFrom) * s.boosts.coherenceGain;
  const base = s.weights.density * densityNorm + s.weights.surge * surgeNorm + s.weights.velocity * velocityNorm
    + pressureBoost + coherenceBoost;
  const largeCrowd = i.occupancy !== null && i.occupancy > s.boosts.largeCrowdCount;
  return {
    densityNorm: asRatio(densityNorm),
    surgeNorm: asRatio(surgeNorm),
    velocityInvNorm: asRatio(velocityNorm),
    pressureBoost,
    coherenceBoost,
    largeCrowd,
    unclamped: largeCrowd ? base * s.boosts.largeCrowdFactor : base,
  };
}

export function clampScore(unclamped: number): number {
  return clamp01(unclamped);
}

/**
 * Sums of decimal weights land a hair off a threshold (0.4·0.5 + 0.3·1 + … = 0.49999999999999994);
 * a score within this of a threshold counts as reaching it, so a hand-computed 0.50 is WARNING.
 */
const LEVEL_EPSILON = 1e-9;

export function levelOf(score: number, s: RiskSettings): RiskLevel {
  const x = score + LEVEL_EPSILON;
  if (x >= s.levels.critical) return 'CRITICAL';
  if (x >= s.levels.warning) return 'WARNING';
  if (x >= s.levels.caution) return 'CAUTION';
  return 'SAFE';
}

const RANK: Record<RiskLevel, number> = { SAFE: 0, CAUTION: 1, WARNING: 2, CRITICAL: 3 };
export function levelRank(level: RiskLevel): number {
  return RANK[level];
}
/** The higher of two levels. */
export function maxLevel(a: RiskLevel, b: RiskLevel): RiskLevel {
  return RANK[a] >= RANK[b] ? a : b;
}
/** Lowest score of a level (SAFE: 0). */
export function levelFloor(level: RiskLevel, s: RiskSettings): number {
  return level === 'SAFE' ? 0 : s.levels[level === 'CAUTION' ? 'caution' : level === 'WARNING' ? 'warning' : 'critical'];
}
