/**
 * Backtest reports of several runs pooled into one score per model, and the issue's targets
 * checked on it (issue 6): at 10 min, occupancy WAPE ≤ 0.6 × last value's; congestion onsets
 * recall ≥ 0.9 with median lead ≥ 300 s at precision ≥ 0.8.
 *
 * Pooling: WAPE = Σ|error| / Σ actual over every run's scored (forecast, zone) pairs (a big run
 * weighs more, as in one long recording); MAE the same over n; onsets, detections, alarms and true
 * alarms are summed, recall and precision recomputed from the sums, the median lead taken over
 * every run's leads. The WAPE ratio is that of the pooled WAPEs.
 */
import { CrowdflowError } from '../../contracts/index.ts';
import { poolOnsetScores } from './onsets.ts';
import { ratioToLastValue, round4, wape } from './ratios.ts';
import type { BacktestReport, HorizonScore, ModelReport, PhaseScore } from './run-backtest.ts';

export const ISSUE_TARGETS = { wapeRatioMax: 0.6, recallMin: 0.9, medianLeadMinS: 300, precisionMin: 0.8 } as const;

/** One target: the measured value, the bound, and whether it is met (null: not measurable, e.g. no onsets). */
export interface TargetCheck {
  readonly value: number | null;
  readonly target: string;
  readonly met: boolean | null;
}

export interface TargetChecks {
  /** WAPE at 10 min over last value's; not measurable when the longest horizon scored is under 10 min. */
  readonly wapeRatio10: TargetCheck;
  readonly recall: TargetCheck;
  readonly medianLeadS: TargetCheck;
  readonly precision: TargetCheck;
  /** Every target measurable and met. */
  readonly allMet: boolean;
}

export interface ModelAggregate extends ModelReport {
  readonly runs: number;
  readonly targets: TargetChecks;
}

export interface AggregateReport {
  readonly runs: number;
  readonly venues: string[];
  readonly horizonMin: number;
  readonly readings: number;
  readonly forecasts: number;
  readonly onsets: number;
  readonly models: ModelAggregate[];
}

export function checkTargets(m: Pick<ModelReport, 'wapeRatioToLastValue' | 'congestion'>, horizonMin: number): TargetChecks {
  const T = ISSUE_TARGETS;
  const check = (value: number | null, target: string, ok: (v: number) => boolean): TargetCheck => ({ value, target, met: value === null ? null : ok(value) });
  const c = m.congestion;
  const checks = {
    wapeRatio10: check(horizonMin === 10 ? m.wapeRatioToLastValue : null, `≤ ${T.wapeRatioMax}`, (v) => v <= T.wapeRatioMax),
    recall: check(c.recall, `≥ ${T.recallMin}`, (v) => v >= T.recallMin),
    medianLeadS: check(c.medianLeadS, `≥ ${T.medianLeadMinS} s`, (v) => v >= T.medianLeadMinS),
    precision: check(c.precision, `≥ ${T.precisionMin}`, (v) => v >= T.precisionMin),
  };
  return { ...checks, allMet: Object.values(checks).every((x) => x.met === true) };
}

/** Pools reports of the same models and horizon (from any venues) into one score per model. */
export function aggregateReports(reports: readonly BacktestReport[]): AggregateReport {
  const first = reports[0];
  const horizonMin = first?.horizonMin ?? 10;
  for (const r of reports) {
    if (r.horizonMin !== horizonMin) throw new CrowdflowError('CF_ERR_RANGE', `aggregateReports: a report of horizon ${r.horizonMin} min among ${horizonMin} min ones (expected one horizon)`);
  }
  const names = first?.models.map((m) => m.model) ?? [];
  const pooled = names.map((name) => {
    const parts = reports.map((r) => r.models.find((m) => m.model === name)).filter((m): m is ModelReport => m !== undefined);
    return {
      model: name, runs: parts.length, perHorizon: poolHorizons(parts, horizonMin), congestion: poolOnsetScores(parts.map((p) => p.congestion)),
      missedOnsets: parts.flatMap((p) => p.missedOnsets),
      byPhase: poolPhases(parts),
    };
  });
  const lastValue = pooled.find((m) => m.model.startsWith('last-value@'));
  const lv = lastValue?.perHorizon[horizonMin - 1]?.wapeOccupancy ?? null;
  return {
    runs: reports.length,
    venues: [...new Set(reports.map((r) => r.venueId))],
    horizonMin,
    readings: sum(reports.map((r) => r.readings)),
    forecasts: sum(reports.map((r) => r.forecasts)),
    onsets: sum(reports.map((r) => r.onsets)),
    models: pooled.map((m) => {
      const w = m.perHorizon[horizonMin - 1]?.wapeOccupancy ?? null;
      const wapeRatioToLastValue = ratioToLastValue(w, lv);
      const byPhase = m.byPhase.map((p) => ({ ...p, wapeRatioToLastValue: ratioToLastValue(p.wapeOccupancy, lastValue?.byPhase.find((q) => q.phase === p.phase)?.wapeOccupancy ?? null) }));
      return { ...m, wapeRatioToLastValue, byPhase, targets: checkTargets({ wapeRatioToLastValue, congestion: m.congestion }, horizonMin) };
    }),
  };
}

function poolHorizons(parts: readonly ModelReport[], horizonMin: number): HorizonScore[] {
  return Array.from({ length: horizonMin }, (_, i) => {
    const hs = parts.map((p) => p.perHorizon[i]!).filter((h) => h !== undefined);
    const n = sum(hs.map((h) => h.n));
    const sumAbsError = sum(hs.map((h) => h.sumAbsError));
    const sumActual = sum(hs.map((h) => h.sumActual));
    const denSum = sum(hs.map((h) => (h.maeDensity ?? 0) * h.n));
    return {
      horizonMin: i + 1, n,
      maeOccupancy: n ? round4(sumAbsError / n) : null,
      wapeOccupancy: wape(sumAbsError, sumActual),
      maeDensity: n ? round4(denSum / n) : null,
      sumAbsError, sumActual,
    };
  });
}

function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

/** Phases of the same name (from runs of one plan, or "ingress"/"egress" across plans) pooled: Σ|e| / Σ actual. */
function poolPhases(parts: readonly ModelReport[]): PhaseScore[] {
  const byName = new Map<string, { n: number; abs: number; actual: number }>();
  for (const p of parts) {
    for (const ph of p.byPhase) {
      const acc = byName.get(ph.phase) ?? byName.set(ph.phase, { n: 0, abs: 0, actual: 0 }).get(ph.phase)!;
      acc.n += ph.n; acc.abs += ph.sumAbsError; acc.actual += ph.sumActual;
    }
  }
  return [...byName].map(([phase, a]) => ({
    phase, n: a.n, sumAbsError: a.abs, sumActual: a.actual, wapeOccupancy: wape(a.abs, a.actual), wapeRatioToLastValue: null,
  }));
}
