/**
 * Damped Holt (additive damped trend exponential smoothing, Gardner & McKenzie 1985):
 *   level  l_t = α y_t + (1 − α)(l_{t−1} + φ b_{t−1})
 *   trend  b_t = β (l_t − l_{t−1}) + (1 − β) φ b_{t−1}
 *   ŷ_{t+k} = l_t + (φ + φ² + … + φ^k) b_t
 * updated once per 10 s step (the history's bucket), so k = 6 h at horizon h minutes.
 * The damping stops a short surge from being extrapolated linearly for ten minutes.
 */
import { assertInRange, type ZoneId } from '../../contracts/index.ts';
import type { Venue } from '../../venue/index.ts';
import { MAX_HORIZON_MIN, type Forecaster } from '../forecaster.ts';
import { BUCKET_MS } from '../history.ts';
import { HistoryForecaster, jamOccupancy } from './history-model.ts';

export interface DampedHoltParams {
  /** α, level smoothing. */ readonly alpha?: number;
  /** β, trend smoothing. */ readonly beta?: number;
  /** φ, damping per 10 s step. */ readonly phi?: number;
}

interface HoltState { level: number; trend: number; step: number }

export function createDampedHoltForecaster(venue: Venue, p: DampedHoltParams = {}): Forecaster {
  const alpha = p.alpha ?? 0.5, beta = p.beta ?? 0.1, phi = p.phi ?? 0.98;
  assertInRange('alpha', alpha, 0.01, 1);
  assertInRange('beta', beta, 0, 1);
  assertInRange('phi', phi, 0.5, 1);
  const states = new Map<ZoneId, HoltState>();
  const stepsPerMin = 60_000 / BUCKET_MS;
  return new HistoryForecaster(venue, 'damped-holt', '1', ({ zone, now }) => {
    const s = states.get(zone.id);
    const cap = jamOccupancy(zone);
    const out: number[] = [];
    let damp = 0, pow = 1;
    for (let k = 1; k <= MAX_HORIZON_MIN * stepsPerMin; k++) {
      pow *= phi;
      damp += pow;
      if (k % stepsPerMin === 0) out.push(Math.min(cap, Math.max(0, s ? s.level + damp * s.trend : now)));
    }
    return out;
  }, (zoneStates, ts) => {
    // One update per zone per 10 s step, on the step's first observation with a known occupancy.
    const step = Math.floor(ts / BUCKET_MS);
    for (const z of zoneStates) {
      if (z.occupancy === null) continue;
      const y = z.occupancy;
      const s = states.get(z.zoneId);
      if (!s) { states.set(z.zoneId, { level: y, trend: 0, step }); continue; }
      if (step <= s.step) continue;
      const prev = s.level;
      s.level = alpha * y + (1 - alpha) * (s.level + phi * s.trend);
      s.trend = beta * (s.level - prev) + (1 - beta) * phi * s.trend;
      s.step = step;
    }
  });
}
