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
import { MINUTE_MS } from './forecaster.ts';

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
  const threshold = zone.congestionDensity;
  const thresholdOcc = threshold * zone.areaSqm;
  const area = zone.areaSqm;
  const horizons = path.p50.length;
  // Sized once: the only allocations are the record itself, as the contract's shape needs.
  const points = new Array<ForecastPoint>(horizons);
  let pCongestion = 0;
  let etaMs: number | null = path.now >= thresholdOcc ? ts : null;
  for (let i = 0; i < horizons; i++) {
    const p50 = Math.max(0, finiteOr0(path.p50[i]!));
    const sigma = Math.max(0, finiteOr0(path.sigma[i]!));
    const p10 = Math.max(0, p50 - Z90 * sigma);
    const p90 = p50 + Z90 * sigma;
    points[i] = {
      horizonMin: i + 1,
      occupancy: { p10: asPeople(p10), p50: asPeople(p50), p90: asPeople(p90) },
      density: { p10: asPeoplePerSqm(p10 / area), p50: asPeoplePerSqm(p50 / area), p90: asPeoplePerSqm(p90 / area) },
    };
    const p = sigma > 0 ? 1 - normalCdf((thresholdOcc - p50) / sigma) : p50 >= thresholdOcc ? 1 : 0;
    pCongestion = Math.max(pCongestion, p);
    if (etaMs === null && p50 >= thresholdOcc) etaMs = ts + (i + 1) * MINUTE_MS;
  }
  return {
    schema: ZONE_FORECAST_SCHEMA,
    venueId,
    zoneId: zone.id,
    ts,
    modelVersion,
    points,
    pCongestion: asRatio(Math.min(1, Math.max(0, pCongestion))),
    congestionThreshold: asPeoplePerSqm(threshold),
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
