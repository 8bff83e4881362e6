/**
 * The forecaster port: every model (baselines, physics, later the learned one) observes the fused
 * zone states each second of event time and, when asked, forecasts every zone 1..10 minutes ahead.
 * Time always comes in as an argument (event time, ms); no model reads the wall clock.
 */
import type { EpochMs, ZoneForecast, ZoneState } from '../contracts/index.ts';

export interface Forecaster {
  readonly name: string;
  /** Goes into `ZoneForecast.modelVersion` as `${name}@${version}`. */
  readonly version: string;
  /** The states of (some or all) zones at event time `ts`; called in non-decreasing `ts`. */
  observe(states: readonly ZoneState[], ts: EpochMs): void;
  /** One forecast per zone of the venue, made at event time `ts`. */
  forecast(ts: EpochMs): ZoneForecast[];
}

/** Horizons every forecaster covers, in minutes. */
export const HORIZONS_MIN = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
export const MAX_HORIZON_MIN = 10;
export const MINUTE_MS = 60_000;
