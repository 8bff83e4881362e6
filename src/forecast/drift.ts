/**
 * Drift monitor: does the model still forecast as well live as it did in its backtest?
 * Each forecast made at t for horizon h is matched with its zone's fused occupancy at t + h (the
 * first state at or after it, within `matchToleranceMs`); per horizon the monitor keeps a rolling
 * WAPE (Σ|p50 − actual| / Σ actual, the backtest's measure) over the last `windowMs` of matches and
 * compares it with the model's reference WAPE (from validation, stored in the artifact):
 * - `no_reference`: the model has none (physics, baselines): the live WAPE is shown, never judged;
 * - `insufficient_data`: fewer than `minSamples` matches at the key horizon in the window;
 * - `drifting`: live WAPE at the key horizon (10 min) > `ratio` × reference, continuously for
 *   at least `sustainMs` (one bad minute is noise, five are a trend);
 * - `ok`: otherwise.
 * Memory is fixed per zone: a forecast is sampled at most every `sampleEveryMs`, its p50 path kept
 * until its longest horizon is matched. Time is event time, from the arguments.
 */
import { assertInRange, CrowdflowError, type ZoneForecast, type ZoneState } from '../contracts/index.ts';
import type { ForecastColumns } from './forecast-columns.ts';
import { MAX_HORIZON_MIN, MINUTE_MS } from './forecaster.ts';

export type DriftStatus = 'ok' | 'drifting' | 'insufficient_data' | 'no_reference';

export interface DriftOptions {
  /** Rolling window of matches (default 30 min). */
  readonly windowMs: number;
  /** Live / reference WAPE ratio above which the key horizon counts as drifting (default 1.5). */
  readonly ratio: number;
  /** How long the ratio must hold before the status says drifting (default 5 min). */
  readonly sustainMs: number;
  /** Matches needed at the key horizon in the window before any verdict (default 100). */
  readonly minSamples: number;
  /** The horizon judged, in minutes (default 10). */
  readonly keyHorizonMin: number;
  /** At most one forecast per zone is kept for matching in this interval (default 30 s). */
  readonly sampleEveryMs: number;
  /** A state later than the target time by more than this does not match it (default 30 s). */
  readonly matchToleranceMs: number;
}

export const DEFAULT_DRIFT_OPTIONS: DriftOptions = Object.freeze({
  windowMs: 30 * MINUTE_MS, ratio: 1.5, sustainMs: 5 * MINUTE_MS, minSamples: 100,
  keyHorizonMin: 10, sampleEveryMs: 30_000, matchToleranceMs: 30_000,
});

export interface DriftReport {
  readonly status: DriftStatus;
  /** Event time of the newest state seen. */
  readonly ts: number;
  /** Rolling live WAPE per horizon 1..10 (index 0 = 1 min); null where nothing was matched. */
  readonly liveWapeByHorizon: readonly (number | null)[];
  readonly referenceWapeByHorizon: readonly number[] | null;
  readonly samplesByHorizon: readonly number[];
  readonly keyHorizonMin: number;
  /** Live / reference at the key horizon; null without both. */
  readonly ratioAtKey: number | null;
  /** Since when the key horizon has been above the ratio (event time), null when it is not. */
  readonly exceedingSinceMs: number | null;
}

interface Pending {
  readonly ts: number;
  /** p50 occupancy per horizon; NaN once matched (or missed). */
  readonly p50: Float64Array;
  /** Horizons still waiting for their state. */
  open: number;
}

const BUCKET_MS = MINUTE_MS;

export class DriftMonitor {
  readonly options: DriftOptions;
  private readonly pending = new Map<string, Pending[]>();
  private readonly lastSampledMs = new Map<string, number>();
  // Per horizon, a ring of one-minute buckets: Σ|error|, Σ actual, count.
  private readonly buckets: number;
  private readonly absErr: Float64Array;
  private readonly actual: Float64Array;
  private readonly count: Float64Array;
  private readonly bucketIds: Float64Array;
  private newestTs = -Infinity;
  private exceedingSinceMs: number | null = null;

  constructor(readonly referenceWapeByHorizon: readonly number[] | null, options: Partial<DriftOptions> = {}) {
    const o = { ...DEFAULT_DRIFT_OPTIONS, ...options };
    assertInRange('windowMs', o.windowMs, MINUTE_MS, 24 * 60 * MINUTE_MS);
    assertInRange('ratio', o.ratio, 1, 100);
    assertInRange('sustainMs', o.sustainMs, 0, o.windowMs);
    assertInRange('minSamples', o.minSamples, 1, 1e9);
    assertInRange('keyHorizonMin', o.keyHorizonMin, 1, MAX_HORIZON_MIN);
    assertInRange('sampleEveryMs', o.sampleEveryMs, 0, 10 * MINUTE_MS);
    assertInRange('matchToleranceMs', o.matchToleranceMs, 1000, 10 * MINUTE_MS);
    if (referenceWapeByHorizon !== null && (referenceWapeByHorizon.length < o.keyHorizonMin || !referenceWapeByHorizon.every((w) => Number.isFinite(w) && w >= 0))) {
      throw new CrowdflowError('CF_ERR_CONFIG', `referenceWapeByHorizon must hold ${MAX_HORIZON_MIN} finite WAPEs ≥ 0 (got [${referenceWapeByHorizon.join(', ')}])`);
    }
    this.options = o;
    this.buckets = Math.ceil(o.windowMs / BUCKET_MS);
    const n = this.buckets * MAX_HORIZON_MIN;
    this.absErr = new Float64Array(n);
    this.actual = new Float64Array(n);
    this.count = new Float64Array(n);
    this.bucketIds = new Float64Array(n).fill(-1);
  }

  /** Forecasts as they are made; at most one per zone per `sampleEveryMs` is kept for matching. */
  addForecasts(forecasts: readonly ZoneForecast[]): void {
    for (const f of forecasts) {
      if (!this.sample(f.zoneId, f.ts)) continue;
      const p50 = new Float64Array(MAX_HORIZON_MIN).fill(NaN);
      let open = 0;
      for (const pt of f.points) {
        if (pt.horizonMin < 1 || pt.horizonMin > MAX_HORIZON_MIN) continue;
        p50[pt.horizonMin - 1] = pt.occupancy.p50;
        open++;
      }
      if (open > 0) this.keep(f.zoneId, f.ts, p50, open);
    }
  }

  /** The same from flat columns (forecast-columns.ts): row r's zone is zoneIds[zoneIndex[r]]. */
  addColumns(zoneIds: readonly string[], c: ForecastColumns): void {
    for (let r = 0; r < c.rows; r++) {
      const zoneId = zoneIds[c.zoneIndex[r]!]!;
      if (this.sample(zoneId, c.ts)) this.keep(zoneId, c.ts, c.p50.slice(r * MAX_HORIZON_MIN, (r + 1) * MAX_HORIZON_MIN), MAX_HORIZON_MIN);
    }
  }

  /** Whether a forecast of the zone made at ts is kept (at most one per `sampleEveryMs`); if so, it counts as the last. */
  private sample(zoneId: string, ts: number): boolean {
    const last = this.lastSampledMs.get(zoneId);
    if (last !== undefined && ts - last < this.options.sampleEveryMs) return false;
    this.lastSampledMs.set(zoneId, ts);
    return true;
  }

  private keep(zoneId: string, ts: number, p50: Float64Array, open: number): void {
    let list = this.pending.get(zoneId);
    if (!list) this.pending.set(zoneId, (list = []));
    list.push({ ts, p50, open });
  }

  /** Fused states at event time `ts`: matches the forecasts whose target time has come, updates the status. */
  observe(states: readonly ZoneState[], ts: number): void {
    this.newestTs = Math.max(this.newestTs, ts);
    for (const s of states) {
      const list = this.pending.get(s.zoneId);
      if (!list || list.length === 0) continue;
      for (const p of list) {
        for (let h = 1; h <= MAX_HORIZON_MIN; h++) {
          const forecastOcc = p.p50[h - 1]!;
          if (Number.isNaN(forecastOcc)) continue;
          const target = p.ts + h * MINUTE_MS;
          if (s.ts < target) break; // later horizons are later still
          if (s.ts - target <= this.options.matchToleranceMs && s.occupancy !== null) this.record(h, s.ts, Math.abs(forecastOcc - s.occupancy), s.occupancy);
          // Matched, or missed (no known occupancy, or no state near the target): either way done.
          p.p50[h - 1] = NaN;
          p.open--;
        }
      }
      // Forecasts whose every horizon is done, or that can no longer be matched, leave.
      let keep = 0;
      for (const p of list) if (p.open > 0 && ts - p.ts <= MAX_HORIZON_MIN * MINUTE_MS + this.options.matchToleranceMs) list[keep++] = p;
      list.length = keep;
    }
    this.updateStatus(ts);
  }

  report(): DriftReport {
    const live: (number | null)[] = [];
    const samples: number[] = [];
    for (let h = 1; h <= MAX_HORIZON_MIN; h++) {
      const w = this.windowSums(h);
      live.push(w.count === 0 || w.actual <= 0 ? null : w.absErr / w.actual);
      samples.push(w.count);
    }
    const k = this.options.keyHorizonMin;
    const ref = this.referenceWapeByHorizon?.[k - 1];
    const liveKey = live[k - 1] ?? null;
    const ratioAtKey = ref === undefined || liveKey === null || ref <= 0 ? null : liveKey / ref;
    let status: DriftStatus;
    if (this.referenceWapeByHorizon === null) status = 'no_reference';
    else if (samples[k - 1]! < this.options.minSamples) status = 'insufficient_data';
    else if (this.exceedingSinceMs !== null && this.newestTs - this.exceedingSinceMs >= this.options.sustainMs) status = 'drifting';
    else status = 'ok';
    return {
      status, ts: this.newestTs, liveWapeByHorizon: live, referenceWapeByHorizon: this.referenceWapeByHorizon,
      samplesByHorizon: samples, keyHorizonMin: k, ratioAtKey, exceedingSinceMs: this.exceedingSinceMs,
    };
  }

  private record(h: number, tsMs: number, absErr: number, actual: number): void {
    const bucket = Math.floor(tsMs / BUCKET_MS);
    const i = (h - 1) * this.buckets + (bucket % this.buckets);
    if (this.bucketIds[i] !== bucket) {
      this.bucketIds[i] = bucket;
      this.absErr[i] = 0;
      this.actual[i] = 0;
      this.count[i] = 0;
    }
    this.absErr[i]! += absErr;
    this.actual[i]! += actual;
    this.count[i]! += 1;
  }

  private windowSums(h: number): { absErr: number; actual: number; count: number } {
    const newest = Math.floor(this.newestTs / BUCKET_MS);
    let absErr = 0, actual = 0, count = 0;
    for (let b = 0; b < this.buckets; b++) {
      const i = (h - 1) * this.buckets + b;
      const id = this.bucketIds[i]!;
      if (id < 0 || id <= newest - this.buckets) continue;
      absErr += this.absErr[i]!;
      actual += this.actual[i]!;
      count += this.count[i]!;
    }
    return { absErr, actual, count };
  }

  private updateStatus(ts: number): void {
    const k = this.options.keyHorizonMin;
    const ref = this.referenceWapeByHorizon?.[k - 1];
    const w = this.windowSums(k);
    const exceeding = ref !== undefined && w.count >= this.options.minSamples && w.actual > 0 && w.absErr / w.actual > this.options.ratio * ref;
    if (!exceeding) this.exceedingSinceMs = null;
    else if (this.exceedingSinceMs === null) this.exceedingSinceMs = ts;
  }
}
