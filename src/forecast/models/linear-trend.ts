/**
 * Linear trend: a least-squares line through the last `fitMin` minutes of occupancy, extended
 * h minutes ahead from the occupancy now; clamped to [0, jam occupancy].
 */
import { assertInRange } from '../../contracts/index.ts';
import type { Venue } from '../../venue/index.ts';
import { MAX_HORIZON_MIN, type Forecaster } from '../forecaster.ts';
import { HistoryForecaster, jamOccupancy } from './history-model.ts';

export function createLinearTrendForecaster(venue: Venue, opts: { fitMin?: number } = {}): Forecaster {
  const fitMin = opts.fitMin ?? 5;
  assertInRange('fitMin', fitMin, 1, 20);
  return new HistoryForecaster(venue, 'linear-trend', '1', ({ zone, history, now }) => {
    const slope = leastSquaresSlope(history.window(zone.id, fitMin * 60_000));
    const cap = jamOccupancy(zone);
    return Array.from({ length: MAX_HORIZON_MIN }, (_, i) => Math.min(cap, Math.max(0, now + slope * (i + 1))));
  });
}

/** Slope (per minute) of the least-squares line through [minute, value] points; 0 with < 2 points. */
export function leastSquaresSlope(points: readonly (readonly [number, number])[]): number {
  const n = points.length;
  if (n < 2) return 0;
  let sx = 0, sy = 0;
  for (const [x, y] of points) { sx += x; sy += y; }
  const mx = sx / n, my = sy / n;
  let sxy = 0, sxx = 0;
  for (const [x, y] of points) { sxy += (x - mx) * (y - my); sxx += (x - mx) ** 2; }
  return sxx === 0 ? 0 : sxy / sxx;
}
