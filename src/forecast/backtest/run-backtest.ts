/**
 * The backtest core (pure: no files, no clock). Recorded readings of any venue are replayed through
 * the same stream processor the runtime uses; every model observes the zone states each second of
 * event time and forecasts every `forecastEveryS`; forecasts are scored against the truth at
 * t + h (MAE and WAPE of occupancy, MAE of density, per horizon) and on congestion onsets
 * (see onsets.ts). A (forecast, zone) pair is scored only when the truth covers its longest
 * horizon, so every horizon averages over the same forecasts. Every model sees the same states at the same times, so the figures compare.
 *
 * Replay timing: a recording holds readings in arrival order but not their arrival times, so a
 * reading is taken to arrive at the newest event time seen so far (never before its own `ts`);
 * the processor ticks once per second of that arrival clock.
 */
import { asEpochMs, assertInRange, type LoggedReading, type SensorReading } from '../../contracts/index.ts';
import { createStreamProcessor } from '../../stream/index.ts';
import type { Venue } from '../../venue/index.ts';
import { MINUTE_MS, type Forecaster } from '../forecaster.ts';
import { findOnsets, scoreOnsets, type Alarm, type OnsetScore } from './onsets.ts';
import { TruthSeries, type GroundTruthRow } from './truth.ts';

export interface BacktestInput {
  readonly venue: Venue;
  /** Readings in arrival order (as recorded). */
  readonly readings: readonly SensorReading[];
  readonly groundTruth?: readonly GroundTruthRow[];
  readonly models: readonly Forecaster[];
  /** Longest horizon scored, minutes (1..10). */
  readonly horizonMin: number;
  readonly forecastEveryS?: number;
  /** Seconds replayed before the first scored forecast (models need history). */
  readonly warmupS?: number;
  /** P(congestion) at or above which a forecast is an alarm. */
  readonly alarmP?: number;
}

export interface HorizonScore {
  readonly horizonMin: number;
  /** Scored (forecast, zone) pairs. */
  readonly n: number;
  readonly maeOccupancy: number | null;
  /** Σ|error| / Σ actual occupancy. */
  readonly wapeOccupancy: number | null;
  readonly maeDensity: number | null;
}

export interface ModelReport {
  readonly model: string;
  readonly perHorizon: HorizonScore[];
  /** WAPE at the longest horizon over the last-value baseline's (< 1: better than last value). */
  readonly wapeRatioToLastValue: number | null;
  readonly congestion: OnsetScore;
}

export interface BacktestReport {
  readonly venueId: string;
  readonly truth: 'ground-truth' | 'replayed-states';
  readonly horizonMin: number;
  readonly forecastEveryS: number;
  readonly warmupS: number;
  readonly alarmP: number;
  readonly readings: number;
  readonly fromTs: number | null;
  readonly toTs: number | null;
  /** (forecast time, zone) records each model made. */
  readonly forecasts: number;
  readonly onsets: number;
  /** Every truth onset: zone and event time. */
  readonly onsetList: { zoneId: string; ts: number }[];
  readonly models: ModelReport[];
}

interface Pending { readonly tsMs: number; readonly zoneIndex: number; readonly p50: Float64Array; readonly pCongestion: number }

export function runBacktest(input: BacktestInput): BacktestReport {
  const { venue, readings, models, horizonMin } = input;
  const forecastEveryS = input.forecastEveryS ?? 30;
  const warmupS = input.warmupS ?? 300;
  const alarmP = input.alarmP ?? 0.5;
  assertInRange('horizonMin', horizonMin, 1, 10);
  assertInRange('forecastEveryS', forecastEveryS, 1, 3600);
  assertInRange('warmupS', warmupS, 0, 86_400);
  assertInRange('alarmP', alarmP, 0.01, 1);
  const empty = { venueId: venue.id, truth: input.groundTruth ? 'ground-truth' as const : 'replayed-states' as const, horizonMin, forecastEveryS, warmupS, alarmP, readings: readings.length };
  if (readings.length === 0) return { ...empty, fromTs: null, toTs: null, forecasts: 0, onsets: 0, onsetList: [], models: models.map((m) => emptyModel(m, horizonMin)) };

  let minTs = Infinity, maxTs = -Infinity;
  for (const r of readings) { minTs = Math.min(minTs, r.ts); maxTs = Math.max(maxTs, r.ts); }
  const startMs = Math.floor(minTs / 1000) * 1000;
  const seconds = Math.ceil((maxTs - startMs) / 1000) + 2;
  const replayed = new TruthSeries(venue, startMs, seconds);
  const zoneIndex = new Map(venue.zones.map((z, i) => [z.id as string, i]));
  const pending: Pending[][] = models.map(() => []);
  const stream = createStreamProcessor(venue);

  let clockMs = startMs; // next whole second to tick
  let arrivalMs = -Infinity;
  let batch: LoggedReading[] = [];
  const tickUpTo = (untilMs: number): void => {
    while (clockMs + 1000 <= untilMs) {
      if (batch.length > 0) { stream.processBatch(batch); batch = []; }
      clockMs += 1000;
      const ts = asEpochMs(clockMs);
      const states = stream.tick(ts);
      for (const s of states) replayed.set(s.zoneId, clockMs, s.occupancy ?? NaN);
      for (const m of models) m.observe(states, ts);
      const sinceStartS = (clockMs - startMs) / 1000;
      if (sinceStartS >= warmupS && sinceStartS % forecastEveryS === 0) {
        models.forEach((m, k) => {
          for (const f of m.forecast(ts)) {
            const zi = zoneIndex.get(f.zoneId);
            if (zi === undefined) continue;
            const p50 = Float64Array.from(f.points.slice(0, horizonMin), (p) => p.occupancy.p50);
            pending[k]!.push({ tsMs: clockMs, zoneIndex: zi, p50, pCongestion: f.pCongestion });
          }
        });
      }
    }
  };
  readings.forEach((reading, offset) => {
    arrivalMs = Math.max(arrivalMs, reading.ts);
    tickUpTo(arrivalMs);
    batch.push({ offset, receivedAt: asEpochMs(arrivalMs), reading });
  });
  tickUpTo(Math.ceil(arrivalMs / 1000) * 1000 + 1000);

  const truth = input.groundTruth ? TruthSeries.fromGroundTruth(venue, input.groundTruth, startMs, seconds) : replayed;
  const onsets = findOnsets(truth);
  const reports = models.map((m, k) => scoreModel(m, pending[k]!, truth, onsets, horizonMin, alarmP));
  const lastValue = reports.find((r) => r.model.startsWith('last-value@'));
  const lvWape = lastValue?.perHorizon[horizonMin - 1]?.wapeOccupancy ?? null;
  return {
    ...empty,
    fromTs: startMs,
    toTs: clockMs,
    forecasts: pending[0]?.length ?? 0,
    onsets: onsets.length,
    onsetList: onsets.map((o) => ({ zoneId: venue.zones[o.zoneIndex]!.id, ts: o.tsMs })),
    models: reports.map((r) => {
      const w = r.perHorizon[horizonMin - 1]?.wapeOccupancy ?? null;
      return { ...r, wapeRatioToLastValue: w !== null && lvWape !== null && lvWape > 0 ? round(w / lvWape) : null };
    }),
  };
}

function scoreModel(m: { name: string; version: string }, forecasts: readonly Pending[], truth: TruthSeries, onsets: ReturnType<typeof findOnsets>, horizonMin: number, alarmP: number): ModelReport {
  const absOcc = new Float64Array(horizonMin), actual = new Float64Array(horizonMin), absDen = new Float64Array(horizonMin), n = new Float64Array(horizonMin);
  const alarms: Alarm[] = [];
  for (const f of forecasts) {
    const zone = truth.venue.zones[f.zoneIndex]!;
    // Only forecasts whose every horizon has a truth: all horizons then score the same forecasts.
    if (Number.isNaN(truth.at(f.zoneIndex, f.tsMs + horizonMin * MINUTE_MS))) continue;
    for (let h = 1; h <= horizonMin; h++) {
      const y = truth.at(f.zoneIndex, f.tsMs + h * MINUTE_MS);
      if (Number.isNaN(y)) continue;
      const e = Math.abs(f.p50[h - 1]! - y);
      absOcc[h - 1]! += e;
      absDen[h - 1]! += e / zone.areaSqm;
      actual[h - 1]! += y;
      n[h - 1]! += 1;
    }
    const nowDensity = truth.density(f.zoneIndex, f.tsMs);
    if (f.pCongestion >= alarmP && nowDensity < zone.congestionDensity) alarms.push({ zoneIndex: f.zoneIndex, tsMs: f.tsMs });
  }
  const perHorizon: HorizonScore[] = [];
  for (let h = 1; h <= horizonMin; h++) {
    const k = n[h - 1]!;
    perHorizon.push({
      horizonMin: h,
      n: k,
      maeOccupancy: k ? round(absOcc[h - 1]! / k) : null,
      wapeOccupancy: actual[h - 1]! > 0 ? round(absOcc[h - 1]! / actual[h - 1]!) : null,
      maeDensity: k ? round(absDen[h - 1]! / k) : null,
    });
  }
  return { model: `${m.name}@${m.version}`, perHorizon, wapeRatioToLastValue: null, congestion: scoreOnsets(onsets, alarms, horizonMin * MINUTE_MS) };
}

function emptyModel(m: { name: string; version: string }, horizonMin: number): ModelReport {
  return {
    model: `${m.name}@${m.version}`,
    perHorizon: Array.from({ length: horizonMin }, (_, i) => ({ horizonMin: i + 1, n: 0, maeOccupancy: null, wapeOccupancy: null, maeDensity: null })),
    wapeRatioToLastValue: null,
    congestion: scoreOnsets([], [], horizonMin * MINUTE_MS),
  };
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
