/**
 * The backtest core (pure: no files, no clock). Recorded readings of any venue are replayed through
 * the same stream processor the runtime uses; every model observes the zone states each second of
 * event time and forecasts every `forecastEveryS`; forecasts are scored against the truth at
 * t + h (MAE and WAPE of occupancy, MAE of density, per horizon) and on congestion onsets
 * (see onsets.ts). A (forecast, zone) pair is scored only when the truth covers its longest
 * horizon, so every horizon averages over the same forecasts. Every model sees the same states at the same times, so the figures compare.
 *
 * Replay (replay.ts, shared with training): a reading arrives at the newest event time seen so far;
 * the processor ticks once per second of that arrival clock. `runBacktestStream` takes iterables
 * (e.g. files read line by line) and holds only the forecasts and the per-second truth.
 */
import { assertInRange, type EpochMs, type SensorReading, type ZoneState } from '../../contracts/index.ts';
import type { Venue } from '../../venue/index.ts';
import { MINUTE_MS, type Forecaster } from '../forecaster.ts';
import { findOnsets, missedOnsets, scoreOnsets, type Alarm, type OnsetScore } from './onsets.ts';
import type { Phase } from './phases.ts';
import { ratioToLastValue, round4, wape } from './ratios.ts';
import { replayStates, replayStatesSync, type ReplaySummary } from './replay.ts';
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
  /** The event's phases (planPhases): each model's error at the longest horizon is also scored per phase. */
  readonly phases?: readonly Phase[];
  /** Also score each model's error at the longest horizon per zone (and phase, with phases). */
  readonly byZone?: boolean;
}

export interface HorizonScore {
  readonly horizonMin: number;
  /** Scored (forecast, zone) pairs. */
  readonly n: number;
  readonly maeOccupancy: number | null;
  /** Σ|error| / Σ actual occupancy. */
  readonly wapeOccupancy: number | null;
  readonly maeDensity: number | null;
  /** Σ|error| and Σ actual occupancy (people), unrounded, so several runs aggregate exactly. */
  readonly sumAbsError: number;
  readonly sumActual: number;
}

export interface ModelReport {
  readonly model: string;
  readonly perHorizon: HorizonScore[];
  /** WAPE at the longest horizon over the last-value baseline's (< 1: better than last value). */
  readonly wapeRatioToLastValue: number | null;
  readonly congestion: OnsetScore;
  /** The truth onsets this model raised no alarm for within the horizon. */
  readonly missedOnsets: { zoneId: string; ts: number }[];
  /** With phases: the longest horizon's error per phase, by the time forecast for (empty without). */
  readonly byPhase: PhaseScore[];
  /** With `byZone`: the longest horizon's error per zone and phase ("all" without phases); zones with no truth left out. */
  readonly byZone?: ZoneScore[];
}

export interface ZoneScore {
  readonly zoneId: string;
  readonly phase: string;
  readonly n: number;
  readonly sumAbsError: number;
  readonly sumActual: number;
}

export interface PhaseScore {
  readonly phase: string;
  /** Scored (forecast, zone) pairs whose target time falls in the phase. */
  readonly n: number;
  readonly sumAbsError: number;
  readonly sumActual: number;
  readonly wapeOccupancy: number | null;
  /** This phase's WAPE over the last-value baseline's in the same phase. */
  readonly wapeRatioToLastValue: number | null;
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

/** The same backtest over streams: readings and ground truth are consumed one at a time, never held (a 4 h recording fits in a few hundred MB). */
export interface BacktestStreamInput extends Omit<BacktestInput, 'readings' | 'groundTruth'> {
  /** Readings in arrival order. */
  readonly readings: Iterable<SensorReading> | AsyncIterable<SensorReading>;
  /** Read after the readings (so a file-backed iterable opens only then). */
  readonly groundTruth?: Iterable<GroundTruthRow> | AsyncIterable<GroundTruthRow>;
}

export function runBacktest(input: BacktestInput): BacktestReport {
  const bt = new Backtest(input);
  const summary = replayStatesSync(input.venue, input.readings, bt.onTick);
  const truth = input.groundTruth && summary.startMs !== null
    ? TruthSeries.fromGroundTruth(input.venue, input.groundTruth, summary.startMs, bt.seconds(summary))
    : undefined;
  return bt.report(summary, truth);
}

export async function runBacktestStream(input: BacktestStreamInput): Promise<BacktestReport> {
  const bt = new Backtest(input);
  const summary = await replayStates(input.venue, input.readings, bt.onTick);
  const truth = input.groundTruth && summary.startMs !== null
    ? await TruthSeries.fromGroundTruthStream(input.venue, input.groundTruth, summary.startMs, bt.seconds(summary))
    : undefined;
  return bt.report(summary, truth);
}

/** Collects every model's forecasts during a replay and scores them at the end. */
class Backtest {
  private readonly horizonMin: number;
  private readonly forecastEveryS: number;
  private readonly warmupS: number;
  private readonly alarmP: number;
  private readonly phases: readonly Phase[];
  private readonly byZone: boolean;
  private readonly models: readonly Forecaster[];
  private readonly venue: Venue;
  private readonly hasGroundTruth: boolean;
  private readonly zoneIndex: Map<string, number>;
  private readonly pending: Pending[][];
  private replayed: TruthSeries | null = null;

  constructor(input: Omit<BacktestInput, 'readings' | 'groundTruth'> & { groundTruth?: unknown }) {
    this.venue = input.venue;
    this.models = input.models;
    this.horizonMin = input.horizonMin;
    this.forecastEveryS = input.forecastEveryS ?? 30;
    this.warmupS = input.warmupS ?? 300;
    this.alarmP = input.alarmP ?? 0.5;
    this.phases = input.phases ?? [];
    this.byZone = input.byZone ?? false;
    assertInRange('horizonMin', this.horizonMin, 1, 10);
    assertInRange('forecastEveryS', this.forecastEveryS, 1, 3600);
    assertInRange('warmupS', this.warmupS, 0, 86_400);
    assertInRange('alarmP', this.alarmP, 0.01, 1);
    this.hasGroundTruth = input.groundTruth !== undefined;
    this.zoneIndex = new Map(this.venue.zones.map((z, i) => [z.id as string, i]));
    this.pending = this.models.map(() => []);
  }

  readonly onTick = (states: readonly ZoneState[], ts: EpochMs): void => {
    // The replay's first tick is one second after its start.
    const replayed = this.replayed ??= new TruthSeries(this.venue, ts - 1000, 0, { grow: true });
    for (const s of states) replayed.set(s.zoneId, ts, s.occupancy ?? NaN);
    for (const m of this.models) m.observe(states, ts);
    const sinceStartS = (ts - replayed.startMs) / 1000;
    if (sinceStartS < this.warmupS || sinceStartS % this.forecastEveryS !== 0) return;
    this.models.forEach((m, k) => {
      for (const f of m.forecast(ts)) {
        const zi = this.zoneIndex.get(f.zoneId);
        if (zi === undefined) continue;
        const p50 = Float64Array.from(f.points.slice(0, this.horizonMin), (p) => p.occupancy.p50);
        this.pending[k]!.push({ tsMs: ts, zoneIndex: zi, p50, pCongestion: f.pCongestion });
      }
    });
  };

  /** Seconds of truth the replay covers (from its start to its last tick, inclusive). */
  seconds(summary: ReplaySummary): number {
    return summary.startMs === null || summary.endMs === null ? 0 : (summary.endMs - summary.startMs) / 1000 + 1;
  }

  report(summary: ReplaySummary, groundTruth: TruthSeries | undefined): BacktestReport {
    const { venue, models, horizonMin, forecastEveryS, warmupS, alarmP } = this;
    const empty = { venueId: venue.id, truth: this.hasGroundTruth ? 'ground-truth' as const : 'replayed-states' as const, horizonMin, forecastEveryS, warmupS, alarmP, readings: summary.readings };
    const replayed = this.replayed;
    if (summary.readings === 0 || replayed === null) return { ...empty, fromTs: null, toTs: null, forecasts: 0, onsets: 0, onsetList: [], models: models.map((m) => emptyModel(m, horizonMin)) };
    const truth = groundTruth ?? replayed;
    const onsets = findOnsets(truth);
    const reports = models.map((m, k) => scoreModel(m, this.pending[k]!, truth, onsets, horizonMin, alarmP, this.phases, this.byZone));
    const lastValue = reports.find((r) => r.model.startsWith('last-value@'));
    const lvWape = lastValue?.perHorizon[horizonMin - 1]?.wapeOccupancy ?? null;
    return {
      ...empty,
      fromTs: summary.startMs,
      toTs: summary.endMs,
      forecasts: this.pending[0]?.length ?? 0,
      onsets: onsets.length,
      onsetList: onsets.map((o) => ({ zoneId: venue.zones[o.zoneIndex]!.id, ts: o.tsMs })),
      models: reports.map((r) => {
        const w = r.perHorizon[horizonMin - 1]?.wapeOccupancy ?? null;
        const byPhase = r.byPhase.map((p, i) => ({ ...p, wapeRatioToLastValue: ratioToLastValue(p.wapeOccupancy, lastValue?.byPhase[i]?.wapeOccupancy ?? null) }));
        return { ...r, wapeRatioToLastValue: ratioToLastValue(w, lvWape), byPhase };
      }),
    };
  }
}

function scoreModel(
  m: { name: string; version: string }, forecasts: readonly Pending[], truth: TruthSeries, onsets: ReturnType<typeof findOnsets>, horizonMin: number, alarmP: number, phases: readonly Phase[],
  byZone: boolean,
): ModelReport {
  const absOcc = new Float64Array(horizonMin), actual = new Float64Array(horizonMin), absDen = new Float64Array(horizonMin), n = new Float64Array(horizonMin);
  // The longest horizon's error per zone × phase (one column, "all", without phases): byZone as it
  // is, byPhase summed over the zones.
  const P = Math.max(1, phases.length), Z = truth.venue.zones.length;
  const zoneAbs = new Float64Array(Z * P), zoneActual = new Float64Array(Z * P), zoneN = new Float64Array(Z * P);
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
      if (h === horizonMin) {
        const target = f.tsMs + h * MINUTE_MS;
        const k = phases.length === 0 ? 0 : phases.findIndex((p) => target >= p.fromMs && target < p.toMs);
        if (k >= 0) {
          const at = f.zoneIndex * P + k;
          zoneAbs[at]! += e; zoneActual[at]! += y; zoneN[at]! += 1;
        }
      }
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
      maeOccupancy: k ? round4(absOcc[h - 1]! / k) : null,
      wapeOccupancy: wape(absOcc[h - 1]!, actual[h - 1]!),
      maeDensity: k ? round4(absDen[h - 1]! / k) : null,
      sumAbsError: absOcc[h - 1]!,
      sumActual: actual[h - 1]!,
    });
  }
  const missed = missedOnsets(onsets, alarms, horizonMin * MINUTE_MS).map((o) => ({ zoneId: truth.venue.zones[o.zoneIndex]!.id, ts: o.tsMs }));
  const sumZones = (a: Float64Array, k: number) => { let s = 0; for (let z = 0; z < Z; z++) s += a[z * P + k]!; return s; };
  const byPhase = phases.map((p, k) => {
    const sumAbsError = sumZones(zoneAbs, k), sumActual = sumZones(zoneActual, k);
    return { phase: p.name, n: sumZones(zoneN, k), sumAbsError, sumActual, wapeOccupancy: wape(sumAbsError, sumActual), wapeRatioToLastValue: null };
  });
  const zones: ZoneScore[] = [];
  for (let z = 0; z < (byZone ? Z : 0); z++) {
    for (let k = 0; k < P; k++) {
      const at = z * P + k;
      if (zoneN[at]! > 0) zones.push({ zoneId: truth.venue.zones[z]!.id, phase: phases[k]?.name ?? 'all', n: zoneN[at]!, sumAbsError: zoneAbs[at]!, sumActual: zoneActual[at]! });
    }
  }
  return {
    model: `${m.name}@${m.version}`, perHorizon, wapeRatioToLastValue: null, congestion: scoreOnsets(onsets, alarms, horizonMin * MINUTE_MS), missedOnsets: missed, byPhase,
    ...(byZone ? { byZone: zones } : {}),
  };
}

function emptyModel(m: { name: string; version: string }, horizonMin: number): ModelReport {
  return {
    model: `${m.name}@${m.version}`,
    perHorizon: Array.from({ length: horizonMin }, (_, i) => ({ horizonMin: i + 1, n: 0, maeOccupancy: null, wapeOccupancy: null, maeDensity: null, sumAbsError: 0, sumActual: 0 })),
    wapeRatioToLastValue: null,
    congestion: scoreOnsets([], [], horizonMin * MINUTE_MS),
    missedOnsets: [],
    byPhase: [],
  };
}
