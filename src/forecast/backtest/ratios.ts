/**
 * The backtest's two ratios, one definition for every place that reports them (per horizon, per
 * phase, per zone, pooled across runs): WAPE = Σ|error| / Σ actual, and a WAPE over last value's.
 * Rounded to four decimals, as every figure of the report.
 */

export function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** Σ|error| / Σ actual; null when there is nothing actual to weigh against. */
export function wape(sumAbsError: number, sumActual: number): number | null {
  return sumActual > 0 ? round4(sumAbsError / sumActual) : null;
}

/** A WAPE over the last-value baseline's (< 1: skill); null when either is unknown or the baseline is 0. */
export function ratioToLastValue(w: number | null, lastValue: number | null): number | null {
  return w !== null && lastValue !== null && lastValue > 0 ? round4(w / lastValue) : null;
}
