/**
 * The alarm operating point and the calibration map of P(congestion). The onset head's raw
 * probability is mapped, monotonically and piecewise linearly, so that the operating point chosen
 * on validation runs (precision ≥ the target, then the most onsets detected) reads 0.5: the
 * backtest's `--alarm-p` default and the level the risk settings act on. Above and below it the
 * map keeps the order of the raw scores; it is a rescaling, not a re-estimated probability.
 */
import { poolOnsetScores, scoreOnsets, type Alarm, type Onset, type OnsetScore } from '../backtest/onsets.ts';
import { MINUTE_MS } from '../forecaster.ts';

export type CalibrationKnots = readonly (readonly [number, number])[];

export function calibrate(knots: CalibrationKnots, raw: number): number {
  if (!(raw > knots[0]![0])) return knots[0]![1];
  for (let i = 1; i < knots.length; i++) {
    const [x0, y0] = knots[i - 1]!, [x1, y1] = knots[i]!;
    if (raw <= x1) return x1 > x0 ? y0 + ((raw - x0) / (x1 - x0)) * (y1 - y0) : y1;
  }
  return knots[knots.length - 1]![1];
}

export function knotsFor(rawThreshold: number): [number, number][] {
  return [[0, 0], [rawThreshold, 0.5], [1, 1]];
}

/** Scored rows of one run: which zone, when, and the raw score of a forecast made below threshold. */
export interface AlarmCandidates {
  readonly onsets: readonly Onset[];
  readonly rows: readonly { readonly zoneIndex: number; readonly tsMs: number; readonly score: number }[];
}

export interface OperatingPoint { readonly rawThreshold: number; readonly score: OnsetScore }

/**
 * Scans thresholds 0.02..0.98 over every validation run, scoring each as the backtest does
 * (scoreOnsets, per-forecast precision, per-onset recall and lead), and keeps the one with the most
 * recall whose precision reaches `targetPrecision` (ties: longer median lead, then higher precision).
 * When none reaches it, the most precise threshold.
 */
export function chooseOperatingPoint(runs: readonly AlarmCandidates[], targetPrecision: number, horizonMin = 10): OperatingPoint {
  let best: OperatingPoint | null = null;
  let mostPrecise: OperatingPoint | null = null;
  for (let k = 2; k <= 98; k++) {
    const t = k / 100;
    const score = poolOnsetScores(runs.map((r) => {
      const alarms: Alarm[] = r.rows.filter((x) => x.score >= t).map((x) => ({ zoneIndex: x.zoneIndex, tsMs: x.tsMs }));
      return scoreOnsets(r.onsets, alarms, horizonMin * MINUTE_MS);
    }));
    const cand = { rawThreshold: t, score };
    if (score.precision !== null && (mostPrecise === null || score.precision > mostPrecise.score.precision!)) mostPrecise = cand;
    if (score.precision === null || score.precision < targetPrecision) continue;
    if (best === null || better(score, best.score)) best = cand;
  }
  return best ?? mostPrecise ?? { rawThreshold: 0.5, score: poolOnsetScores([]) };
}

function better(a: OnsetScore, b: OnsetScore): boolean {
  if ((a.recall ?? 0) !== (b.recall ?? 0)) return (a.recall ?? 0) > (b.recall ?? 0);
  if ((a.medianLeadS ?? 0) !== (b.medianLeadS ?? 0)) return (a.medianLeadS ?? 0) > (b.medianLeadS ?? 0);
  return (a.precision ?? 0) > (b.precision ?? 0);
}

