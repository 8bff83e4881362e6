/**
 * `crowdflow.zone-state/v1`: the fused state of one zone, emitted every hop (1 s) and early
 * whenever a reading changes it. Definitions (computed in src/stream, documented there too):
 * - density = occupancy / areaSqm (p/m²); capacityUtilisation = occupancy / expected capacity (shown, not scored by the risk model)
 * - surgeRate = positive rate of density increase over the window, p/m² per minute
 * - speed from tracks; from counts only it is estimated from the fundamental diagram (`speedEstimated`)
 * - pressure: Helbing et al. 2007, density × local velocity variance, normalised to [0, 1]
 * - coherence: |mean velocity vector| / mean speed, in [0, 1]
 */
import { z } from 'zod';
import {
  DurationMs, EpochMs, MetersPerSecond, People, PeoplePerMinute, PeoplePerSqm, Ratio, SensorId, VenueId, ZoneId,
} from './units.ts';
import { READING_KINDS } from './reading.ts';

export const ZONE_STATE_SCHEMA = 'crowdflow.zone-state/v1';

export const SourceUse = z.object({
  sensorId: SensorId,
  kind: z.enum(READING_KINDS as [string, ...string[]]),
  /** Share of this source in the fused occupancy (0 when stale). */
  weight: Ratio,
  /** The occupancy this source alone suggests, when it suggests one. */
  occupancy: People.nullable(),
  lastTs: EpochMs.nullable(),
  stale: z.boolean(),
});
export type SourceUse = z.infer<typeof SourceUse>;

/** ok: every source fresh; degraded: some sources stale, estimate from the rest; unknown: no usable source. */
export const ZoneStatus = z.enum(['ok', 'degraded', 'unknown']);
export type ZoneStatus = z.infer<typeof ZoneStatus>;

export const ZoneState = z.object({
  schema: z.literal(ZONE_STATE_SCHEMA),
  venueId: VenueId,
  zoneId: ZoneId,
  /** Event time of the window end (exclusive). */
  ts: EpochMs,
  windowMs: DurationMs,
  /** null when unknown: never report zero for a zone nobody can see. */
  occupancy: People.nullable(),
  density: PeoplePerSqm.nullable(),
  inflowPerMin: PeoplePerMinute.nullable(),
  outflowPerMin: PeoplePerMinute.nullable(),
  speed: MetersPerSecond.nullable(),
  speedEstimated: z.boolean(),
  surgeRate: z.number().finite().nonnegative(),
  pressure: Ratio,
  coherence: Ratio,
  capacityUtilisation: z.number().finite().nonnegative().nullable(),
  sources: z.array(SourceUse),
  confidence: Ratio,
  status: ZoneStatus,
});
export type ZoneState = z.infer<typeof ZoneState>;
