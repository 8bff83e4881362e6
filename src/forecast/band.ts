/**
 * Turns a model's central path and error scale into a `ZoneForecast`. Every model shares this, so
 * the band, P(congestion) and the ETA mean the same thing whichever model made them:
 * - occupancy at horizon h ~ Normal(p50_h, sigma_h²), truncated at 0 (a count is never negative);
 *   p10/p90 = p50 ∓ 1.2816 sigma_h (the normal's 10 % / 90 % quantiles), clamped at 0;
 * - pCongestion = max over h of P(density_h ≥ threshold): the chance congestion is reached at the
 *   likeliest horizon (a lower bound of P(reached at any horizon), which needs the path's joint law);
 * - congestionEta = the first horizon whose p50 density reaches the threshold (ts itself when the
 *   zone is already at it), null when none does.
 */
import {
  asEpochMs, asPeople, asPeoplePerSqm, asRatio, ZONE_FORECAST_SCHEMA,
  type EpochMs, type ForecastPoint, type VenueId, type ZoneForecast,
} from '../contracts/index.ts';
import type { Zone } from '../venue/index.ts';
import { MAX_HORIZON_MIN, MINUTE_MS } from './forecaster.ts';

const Z90 = 1.2816;

export interface ZonePath {
  /** Central occupancy at horizons 1..n minutes (index 0 = 1 min); read, never kept. */
  readonly p50: ArrayLike<number>;
  /** Standard deviation of the occupancy error at each horizon (people); read, never kept. */
  readonly sigma: ArrayLike<number>;
  /** Occupancy now (for "already congested"); NaN when unknown. */
  readonly now: number;
}

export function zoneForecast(venueId: VenueId, zone: Zone, ts: EpochMs, modelVersion: string, path: ZonePath): ZoneForecast {
  const thresholdOcc = zone.congestionDensity * zone.areaSqm;
  const horizons = path.p50.length;
  const q = horizons <= MAX_HORIZON_MIN ? scratch : { p10: new Float64Array(horizons), p50: new Float64Array(horizons), p90: new Float64Array(horizons) };
  let pCongestion = 0;
  let etaMs: number | null = path.now >= thresholdOcc ? ts : null;
  for (let i = 0; i < horizons; i++) {
    const p50 = Math.max(0, finiteOr0(path.p50[i]!));
    const sigma = Math.max(0, finiteOr0(path.sigma[i]!));
    q.p10[i] = Math.max(0, p50 - Z90 * sigma);
    q.p50[i] = p50;
    q.p90[i] = p50 + Z90 * sigma;
    const p = sigma > 0 ? 1 - normalCdf((thresholdOcc - p50) / sigma) : p50 >= thresholdOcc ? 1 : 0;
    pCongestion = Math.max(pCongestion, p);
    if (etaMs === null && p50 >= thresholdOcc) etaMs = ts + (i + 1) * MINUTE_MS;
  }
  return forecastRecord(venueId, zone, ts, modelVersion, q, 0, horizons, pCongestion, etaMs);
}

/** zoneForecast's quantiles, written before its record is built (the record copies them). */
const scratch = { p10: new Float64Array(MAX_HORIZON_MIN), p50: new Float64Array(MAX_HORIZON_MIN), p90: new Float64Array(MAX_HORIZON_MIN) };

/**
 * The contract's record of one zone's forecast, every model's and the worker's columns' alike:
 * occupancy quantiles at horizons 1..`horizons` read from q at `at + h − 1`, density = occupancy /
 * area, P(congestion) clamped to [0, 1]. Sized once: the only allocations are the record itself,
 * as the contract's shape needs.
 */
export function forecastRecord(
  venueId: VenueId, zone: Zone, ts: EpochMs, modelVersion: string,
  q: { readonly p10: ArrayLike<number>; readonly p50: ArrayLike<number>; readonly p90: ArrayLike<number> }, at: number, horizons: number,
  pCongestion: number, etaMs: number | null,
): ZoneForecast {
  const area = zone.areaSqm;
  const points = new Array<ForecastPoint>(horizons);
  for (let i = 0; i < horizons; i++) {
    const p10 = q.p10[at + i]!, p50 = q.p50[at + i]!, p90 = q.p90[at + i]!;
    points[i] = {
      horizonMin: i + 1,
      occupancy: { p10: asPeople(p10), p50: asPeople(p50), p90: asPeople(p90) },
      density: { p10: asPeoplePerSqm(p10 / area), p50: asPeoplePerSqm(p50 / area), p90: asPeoplePerSqm(p90 / area) },
    };
  }
  return {
    schema: ZONE_FORECAST_SCHEMA,
    venueId,
    zoneId: zone.id,
    ts,
    modelVersion,
    points,
    pCongestion: asRatio(Math.min(1, Math.max(0, pCongestion))),
    congestionThreshold: asPeoplePerSqm(zone.congestionDensity),
    congestionEta: etaMs === null ? null : asEpochMs(etaMs),
  };
}

/** sigma_h = scale × sqrt(h), the random walk's growth, with a floor so a flat series still has a band. */
export function randomWalkSigmas(scale: number, level: number, horizons: number): number[] {
  return Array.from(randomWalkSigmasInto(new Float64Array(horizons), scale, level));
}

/** randomWalkSigmas written into `out` (its length is the horizon count): no allocation per zone. */
export function randomWalkSigmasInto(out: Float64Array, scale: number, level: number): Float64Array {
  const s = Math.max(Number.isFinite(scale) ? scale : 0, 1, 0.02 * (Number.isFinite(level) ? level : 0));
  for (let i = 0; i < out.length; i++) out[i] = s * Math.sqrt(i + 1);
  return out;
}

/** Standard normal CDF via erf (Abramowitz & Stegun 1964, 7.1.26; |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

function finiteOr0(x: number): number {
  return Number.isFinite(x) ? x : 0;
}
