/** `crowdflow.zone-forecast/v1`: one zone, 1..10 minutes ahead, with a band. */
import { z } from 'zod';
import { EpochMs, People, PeoplePerSqm, Ratio, VenueId, ZoneId } from './units.ts';

export const ZONE_FORECAST_SCHEMA = 'crowdflow.zone-forecast/v1';

export const ForecastPoint = z.object({
  horizonMin: z.number().int().min(1).max(60),
  occupancy: z.object({ p10: People, p50: People, p90: People }),
  density: z.object({ p10: PeoplePerSqm, p50: PeoplePerSqm, p90: PeoplePerSqm }),
});
export type ForecastPoint = z.infer<typeof ForecastPoint>;

export const ZoneForecast = z.object({
  schema: z.literal(ZONE_FORECAST_SCHEMA),
  venueId: VenueId,
  zoneId: ZoneId,
  /** Event time the forecast was made at. */
  ts: EpochMs,
  modelVersion: z.string().min(1),
  points: z.array(ForecastPoint),
  /** P(density reaches the congestion threshold within the horizon). */
  pCongestion: Ratio,
  congestionThreshold: PeoplePerSqm,
  /** Expected event time of congestion onset, null when none is expected. */
  congestionEta: EpochMs.nullable(),
});
export type ZoneForecast = z.infer<typeof ZoneForecast>;

/**
 * How forecasting is doing, for the console header and /metrics: whether forecasts are served,
 * which model, how old the newest is, and the drift monitor's verdict at its key horizon.
 */
export const ForecastHealth = z.object({
  /** ok: forecasts arriving; starting: no forecast yet; down: the service died or stalled (restarting); off: none configured. */
  service: z.enum(['ok', 'starting', 'down', 'off']),
  modelVersion: z.string().nullable(),
  /** Event-time age of the newest forecast at the snapshot, ms; null when there is none. */
  ageMs: z.number().finite().nonnegative().nullable(),
  drift: z.enum(['ok', 'drifting', 'insufficient_data', 'no_reference']),
  keyHorizonMin: z.number().int().min(1).max(60),
  /** Rolling live WAPE and the model's reference WAPE at the key horizon (null when unknown). */
  liveWape: z.number().finite().nonnegative().nullable(),
  referenceWape: z.number().finite().nonnegative().nullable(),
});
export type ForecastHealth = z.infer<typeof ForecastHealth>;
