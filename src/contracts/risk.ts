/** `crowdflow.risk/v1`: the CrowdSafe score of one zone state, with the parts it is made of. */
import { z } from 'zod';
import { EpochMs, Ratio, VenueId, ZoneId } from './units.ts';

export const RISK_SCHEMA = 'crowdflow.risk/v1';

export const RiskLevel = z.enum(['SAFE', 'CAUTION', 'WARNING', 'CRITICAL']);
export type RiskLevel = z.infer<typeof RiskLevel>;
export const RISK_LEVELS: readonly RiskLevel[] = RiskLevel.options;

export const TriggerKind = z.enum([
  'extreme_density',
  'sudden_surge',
  'stagnation_with_density',
  'risk_threshold',
  'predicted_congestion',
]);
export type TriggerKind = z.infer<typeof TriggerKind>;

export const RiskComponents = z.object({
  densityNorm: Ratio,
  surgeNorm: Ratio,
  velocityInvNorm: Ratio,
  pressureBoost: z.number().nonnegative(),
  coherenceBoost: z.number().nonnegative(),
  largeCrowd: z.boolean(),
  /** Score before the clamp to [0, 1]. */
  unclamped: z.number().nonnegative(),
});
export type RiskComponents = z.infer<typeof RiskComponents>;

export const RiskAssessment = z.object({
  schema: z.literal(RISK_SCHEMA),
  venueId: VenueId,
  zoneId: ZoneId,
  ts: EpochMs,
  /** null when the zone state is unknown: no score is better than a made-up one. */
  score: Ratio.nullable(),
  level: RiskLevel.nullable(),
  components: RiskComponents.nullable(),
  triggers: z.array(TriggerKind),
});
export type RiskAssessment = z.infer<typeof RiskAssessment>;
