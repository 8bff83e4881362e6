/**
 * Forecasts as flat columns: what a forecaster computes, without the contract's nested records.
 * The forecast worker hands these out (typed arrays, copied cheaply across threads) and the
 * records are built where they are read: 500 zones' records are ~1.8 MB of small objects per
 * forecast, and building them inside the worker put a scavenge inside about every eighth
 * inference (docs/FORECAST.md, inference time). `forecastsFromColumns` builds exactly the records
 * the forecaster's own `forecast()` returns.
 */
import type { EpochMs, ZoneForecast } from '../contracts/index.ts';
import type { Venue } from '../venue/index.ts';
import { forecastRecord } from './band.ts';
import { MAX_HORIZON_MIN } from './forecaster.ts';

export interface ForecastColumns {
  readonly ts: EpochMs;
  readonly modelVersion: string;
  /** Rows in use: the arrays may be longer (reused at their largest size). */
  readonly rows: number;
  /** Per row: its zone's index into venue.zones. */
  readonly zoneIndex: Int32Array;
  /** Occupancy quantiles per row and horizon, row-major [rows × 10] (index h − 1). */
  readonly p10: Float64Array;
  readonly p50: Float64Array;
  readonly p90: Float64Array;
  /** P(congestion within the horizon) per row, in [0, 1]. */
  readonly pCongestion: Float64Array;
  /** Expected event time of congestion per row (ms); NaN: none expected. */
  readonly etaMs: Float64Array;
}

/** Columns for up to `rows` rows, to be filled and reused call after call. */
export function allocColumns(rows: number): Omit<ForecastColumns, 'ts' | 'modelVersion' | 'rows'> {
  const n = rows * MAX_HORIZON_MIN;
  return {
    zoneIndex: new Int32Array(rows), p10: new Float64Array(n), p50: new Float64Array(n), p90: new Float64Array(n),
    pCongestion: new Float64Array(rows), etaMs: new Float64Array(rows),
  };
}

/** The rows of `c` in arrays of their own, just long enough (for a message: a model reuses its columns). */
export function copyColumns(c: ForecastColumns): ForecastColumns {
  const rows = c.rows, n = rows * MAX_HORIZON_MIN;
  return {
    ts: c.ts, modelVersion: c.modelVersion, rows, zoneIndex: c.zoneIndex.slice(0, rows),
    p10: c.p10.slice(0, n), p50: c.p50.slice(0, n), p90: c.p90.slice(0, n),
    pCongestion: c.pCongestion.slice(0, rows), etaMs: c.etaMs.slice(0, rows),
  };
}

/** The buffers of `c`, to transfer rather than copy in a message. */
export function columnBuffers(c: ForecastColumns): ArrayBuffer[] {
  return [c.zoneIndex, c.p10, c.p50, c.p90, c.pCongestion, c.etaMs].map((a) => a.buffer as ArrayBuffer);
}

/** The contract's records, one per row (band.ts's forecastRecord, as every model's). */
export function forecastsFromColumns(venue: Venue, c: ForecastColumns): ZoneForecast[] {
  const out: ZoneForecast[] = new Array(c.rows);
  for (let r = 0; r < c.rows; r++) {
    const eta = c.etaMs[r]!;
    out[r] = forecastRecord(venue.id, venue.zones[c.zoneIndex[r]!]!, c.ts, c.modelVersion, c, r * MAX_HORIZON_MIN, MAX_HORIZON_MIN, c.pCongestion[r]!, Number.isNaN(eta) ? null : eta);
  }
  return out;
}
