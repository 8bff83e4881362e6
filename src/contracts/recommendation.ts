/**
 * `crowdflow.recommendation/v1`: a concrete action for the field teams, with why it was
 * recommended (explanation trace) and where it came from (the rules or the ML policy).
 */
import { z } from 'zod';
import { EpochMs, RecordId, VenueId, ZoneId } from './units.ts';
import { RiskLevel } from './risk.ts';

export const RECOMMENDATION_SCHEMA = 'crowdflow.recommendation/v1';

export const ActionType = z.enum([
  'meter_gate',
  'close_gate',
  'open_exit',
  'redirect_flow',
  'dispatch_stewards',
  'hold_stage',
  'switch_stage',
  'announce',
  'evacuate',
]);
export type ActionType = z.infer<typeof ActionType>;

export const Action = z.object({
  type: ActionType,
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])),
});
export type Action = z.infer<typeof Action>;

/** One condition that held, with the fact's value and the threshold it was compared with. */
export const TraceStep = z.object({
  fact: z.string(),
  operator: z.string(),
  value: z.unknown(),
  actual: z.unknown(),
  result: z.boolean(),
});
export type TraceStep = z.infer<typeof TraceStep>;

export const Explanation = z.object({
  ruleId: z.string().nullable(),
  summary: z.string(),
  trace: z.array(TraceStep),
});

export const RecommendationStatus = z.enum(['proposed', 'pending_approval', 'approved', 'rejected', 'dispatched', 'expired', 'advisory']);
export type RecommendationStatus = z.infer<typeof RecommendationStatus>;

export const Recommendation = z.object({
  schema: z.literal(RECOMMENDATION_SCHEMA),
  id: RecordId,
  venueId: VenueId,
  zoneId: ZoneId,
  ts: EpochMs,
  action: Action,
  priority: z.number().int(),
  level: RiskLevel,
  source: z.enum(['rules', 'ml']),
  confidence: z.number().min(0).max(1),
  explanation: Explanation,
  requiresApproval: z.boolean(),
  status: RecommendationStatus,
  decidedBy: z.string().nullable(),
  decidedAt: EpochMs.nullable(),
  reason: z.string().nullable(),
});
export type Recommendation = z.infer<typeof Recommendation>;
