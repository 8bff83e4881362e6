/** `crowdflow.alert/v1`: open → acknowledged → resolved, recording who and when. */
import { z } from 'zod';
import { EpochMs, RecordId, VenueId, ZoneId } from './units.ts';
import { RiskLevel, TriggerKind } from './risk.ts';

export const ALERT_SCHEMA = 'crowdflow.alert/v1';

export const AlertStatus = z.enum(['open', 'acknowledged', 'resolved']);
export type AlertStatus = z.infer<typeof AlertStatus>;

export const Alert = z.object({
  schema: z.literal(ALERT_SCHEMA),
  id: RecordId,
  venueId: VenueId,
  zoneId: ZoneId,
  /** Event time of the zone state that raised it. */
  ts: EpochMs,
  level: RiskLevel,
  triggers: z.array(TriggerKind).min(1),
  score: z.number().min(0).max(1).nullable(),
  message: z.string(),
  status: AlertStatus,
  /** True when it re-raises a zone already alerted at a lower level inside the cooldown. */
  escalation: z.boolean(),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: EpochMs.nullable(),
  resolvedBy: z.string().nullable(),
  resolvedAt: EpochMs.nullable(),
});
export type Alert = z.infer<typeof Alert>;
