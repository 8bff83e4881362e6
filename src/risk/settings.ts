/**
 * Risk settings: every number of the CrowdSafe "Full Formula" (crowdsafe-metrics-guide, §2–§4),
 * as data. The runtime passes the current settings to every `assessRisk` call, so a change takes
 * effect on the next zone state; persistence and audit are the runtime's (see
 * src/decide/settings-change.ts for the pure patch-and-diff it stores).
 */
import { z } from 'zod';

const weight = z.number().finite().min(0).max(1);
const positive = z.number().finite().positive();
const ratio = z.number().finite().min(0).max(1);

export const RiskWeights = z.object({
  /** W_density (guide default 0.4). */
  density: weight,
  /** W_surge (0.3). */
  surge: weight,
  /** W_velocity, applied to the inverse velocity norm (0.3). */
  velocity: weight,
}).strict();

export const RiskNormalisation = z.object({
  /** density_norm = min(1, density / densityCapPpsm); guide: 10 p/m². */
  densityCapPpsm: positive.max(20),
  /** surge_norm = min(1, surgeRate / surgeCapPpsmPerMin); guide: 2 (our surge is p/m² per minute). */
  surgeCapPpsmPerMin: positive.max(20),
  /** At or below this speed the inverse velocity norm is 1 (guide: 0.2 m/s, "stagnant"). */
  stagnantSpeedMps: z.number().finite().min(0).max(1),
  /** At or above this speed it is 0 (guide: 1.5 m/s, "free movement"). */
  freeSpeedMps: positive.max(5),
}).strict().refine((n) => n.freeSpeedMps > n.stagnantSpeedMps, {
  message: 'freeSpeedMps must be greater than stagnantSpeedMps', path: ['freeSpeedMps'],
});

export const RiskBoosts = z.object({
  /** pressure boost = max(0, pressure − pressureFrom) × pressureGain; guide 0.3 and 0.15. */
  pressureFrom: ratio,
  pressureGain: z.number().finite().min(0).max(1),
  /** coherence boost = max(0, coherence − coherenceFrom) × coherenceGain; guide 0.5 and 0.2. */
  coherenceFrom: ratio,
  coherenceGain: z.number().finite().min(0).max(1),
  /** risk ×= largeCrowdFactor when the head count is above largeCrowdCount; guide 100 and 1.15. */
  largeCrowdCount: z.number().finite().min(0).max(1_000_000),
  largeCrowdFactor: z.number().finite().min(1).max(3),
}).strict();

export const RiskLevelThresholds = z.object({
  /** Lowest score of each level (SAFE below caution); guide 0.25 / 0.50 / 0.75. */
  caution: ratio,
  warning: ratio,
  critical: ratio,
}).strict().refine((l) => l.caution < l.warning && l.warning < l.critical, {
  message: 'level thresholds must increase: caution < warning < critical', path: ['warning'],
});

export const RiskTriggerSettings = z.object({
  /** extreme_density: density > this (guide 6 p/m²). */
  extremeDensityPpsm: positive.max(20),
  /**
   * At or above this density the zone is CRITICAL whatever the score says (guide §7: 7–9 p/m² is
   * the "lethal zone", compressive asphyxia possible; CRITICAL at ~7+). The Full Formula alone
   * plateaus at ~0.65 (WARNING) for a dense crowd that moves: a crowd at 8 p/m² must not read
   * WARNING because it still shuffles forward. Defaults to 7 for settings stored before it existed.
   */
  criticalDensityPpsm: positive.max(20).default(7),
  /** sudden_surge: surgeRate > this (guide 0.8, read as p/m² per minute). */
  surgeRatePpsmPerMin: positive.max(20),
  /**
   * sudden_surge also needs density ≥ this. Not in the guide: its cameras watch a few square
   * metres, while our zones are large and mostly sparse, and a sparse zone filling up (0 → 1 p/m²
   * in a minute) is not a crowd surge. 2 p/m² is where crowds become "crowded" (Still's scale).
   */
  surgeMinDensityPpsm: z.number().finite().min(0).max(10),
  /** stagnation_with_density: speed < stagnationSpeedMps and density > stagnationDensityPpsm (guide 0.2, 4). */
  stagnationSpeedMps: z.number().finite().min(0).max(2),
  stagnationDensityPpsm: positive.max(20),
  /** predicted_congestion: forecast P(congestion) ≥ this ... */
  predictedCongestionP: ratio,
  /** ... with the expected onset no later than this many minutes ahead (when an onset is given). */
  predictedCongestionEtaMin: z.number().finite().min(1).max(60),
  /** A forecast older than this, relative to the zone state, is ignored. */
  forecastMaxAgeMs: z.number().int().min(1000).max(3_600_000),
}).strict();

export const RiskSettings = z.object({
  weights: RiskWeights,
  normalisation: RiskNormalisation,
  boosts: RiskBoosts,
  levels: RiskLevelThresholds,
  triggers: RiskTriggerSettings,
}).strict();
export type RiskSettings = z.infer<typeof RiskSettings>;

/** The guide's defaults, verbatim. */
export const DEFAULT_RISK_SETTINGS: RiskSettings = Object.freeze({
  weights: Object.freeze({ density: 0.4, surge: 0.3, velocity: 0.3 }),
  normalisation: Object.freeze({ densityCapPpsm: 10, surgeCapPpsmPerMin: 2, stagnantSpeedMps: 0.2, freeSpeedMps: 1.5 }),
  boosts: Object.freeze({
    pressureFrom: 0.3, pressureGain: 0.15, coherenceFrom: 0.5, coherenceGain: 0.2, largeCrowdCount: 100, largeCrowdFactor: 1.15,
  }),
  levels: Object.freeze({ caution: 0.25, warning: 0.5, critical: 0.75 }),
  triggers: Object.freeze({
    extremeDensityPpsm: 6,
    criticalDensityPpsm: 7,
    surgeRatePpsmPerMin: 0.8,
    surgeMinDensityPpsm: 2,
    stagnationSpeedMps: 0.2,
    stagnationDensityPpsm: 4,
    predictedCongestionP: 0.7,
    predictedCongestionEtaMin: 10,
    forecastMaxAgeMs: 60_000,
  }),
}) as RiskSettings;
