/**
 * Temporal filter of a zone's occupancy: a Kalman filter in event time over a local linear trend
 * (level ℓ, rate r in people per second; Harvey 1989, "Forecasting, structural time series models
 * and the Kalman filter"; Bar-Shalom, Li & Kirubarajan 2001, ch. 5-6, the discretised white-noise
 * models), with a damped rate so that the trend of an ingress does not run on after it ends:
 *
 *   predict over dt:  ℓ ← ℓ + r·dt,  r ← φ·r,  φ = exp(−dt / τ_r),
 *                     P ← F P Fᵀ + Q,  F = [[1, dt], [0, φ]],
 *                     Q = qℓ·dt·[[1, 0], [0, 0]] + q_r·[[dt³/3, dt²/2], [dt²/2, dt]],
 *                     qℓ = (levelNoise · s)², q_r = (rateNoise · s)²,
 *                     s = max(ℓ, `CAPACITY_SCALE_FLOOR` · capacity, `MIN_SCALE_PEOPLE`): the zone's scale,
 *                     so the process noise is relative, like the measurement noise (fusion.ts);
 *   update with the fused occupancy y of variance R (observation ℓ):
 *                     K = P·H / (P₀₀ + R),  x ← x + K·(y − ℓ),  P ← (I − K H) P.
 *
 * A real step the model does not expect (a precise head count jumping by many of its σ) must not
 * be smoothed away: when the normalised innovation ν² / S exceeds `STEP_NIS` (a 3σ surprise,
 * p ≈ 0.003 under the model), the level's prior variance is raised to what the innovation shows,
 * P₀₀ ← max(P₀₀, ν² − R), before the update (covariance matching on a detected manoeuvre;
 * Bar-Shalom, Li & Kirubarajan 2001, ch. 11, adjustable process noise). A precise source then
 * moves the state almost all the way at once; a weak one (Wi-Fi, σ ≈ 30 % and only a tenth of its
 * information per hop) seldom trips it.
 *
 * Pure arithmetic on a small mutable record: the stream's snapshot stores it (snapshot.ts).
 */

export interface ZoneFilter {
  /** False before the first measurement and after the zone went unknown: the next one re-initialises. */
  init: boolean;
  /** Event time (window end, ms) the state is at. */
  tMs: number;
  /** Occupancy (people) and its rate (people per second). */
  level: number;
  rate: number;
  /** Covariance [[p00, p01], [p01, p11]] of (level, rate). */
  p00: number;
  p01: number;
  p11: number;
}

export interface FilterParams {
  /** σ of the level's random walk, as a fraction of the zone's scale per √s. */
  readonly levelNoise: number;
  /** σ of the rate's random walk, as a fraction of the zone's scale per s per √s. */
  readonly rateNoise: number;
  /** Time constant of the rate's decay toward 0 (s). */
  readonly rateTimeS: number;
}

/** The scale of a zone's process noise is at least this share of its capacity (an empty zone still fills). */
export const CAPACITY_SCALE_FLOOR = 0.05;
/** ... and at least this many people. */
export const MIN_SCALE_PEOPLE = 5;
/** Normalised innovation squared above which a step is taken as real (3σ). */
export const STEP_NIS = 9;
/** σ of the initial rate, as a fraction of the zone's scale per s: a fresh zone may already be filling. */
export const INITIAL_RATE_REL = 0.002;

export function newZoneFilter(): ZoneFilter {
  return { init: false, tMs: 0, level: 0, rate: 0, p00: 0, p01: 0, p11: 0 };
}

export function copyZoneFilter(from: ZoneFilter, to: ZoneFilter): ZoneFilter {
  to.init = from.init;
  to.tMs = from.tMs;
  to.level = from.level;
  to.rate = from.rate;
  to.p00 = from.p00;
  to.p01 = from.p01;
  to.p11 = from.p11;
  return to;
}

export function scaleOf(level: number, capacity: number): number {
  return Math.max(level, CAPACITY_SCALE_FLOOR * capacity, MIN_SCALE_PEOPLE);
}

/** Starts the filter at a measurement y of variance R, at rest. */
export function initialise(f: ZoneFilter, tMs: number, y: number, variance: number, capacity: number): void {
  const s = scaleOf(y, capacity);
  f.init = true;
  f.tMs = tMs;
  f.level = y;
  f.rate = 0;
  f.p00 = variance;
  f.p01 = 0;
  f.p11 = (INITIAL_RATE_REL * s) ** 2;
}

/** Moves the state forward to `tMs` (no-op when it is not later). */
export function predict(f: ZoneFilter, tMs: number, capacity: number, p: FilterParams): void {
  const dt = (tMs - f.tMs) / 1000;
  if (!(dt > 0)) return;
  const phi = Math.exp(-dt / p.rateTimeS);
  const s = scaleOf(f.level, capacity);
  const ql = (p.levelNoise * s) ** 2;
  const qr = (p.rateNoise * s) ** 2;
  // F P Fᵀ with F = [[1, dt], [0, φ]].
  const a00 = f.p00 + 2 * dt * f.p01 + dt * dt * f.p11;
  const a01 = phi * (f.p01 + dt * f.p11);
  const a11 = phi * phi * f.p11;
  f.p00 = a00 + ql * dt + (qr * dt * dt * dt) / 3;
  f.p01 = a01 + (qr * dt * dt) / 2;
  f.p11 = a11 + qr * dt;
  f.level = Math.max(0, f.level + f.rate * dt);
  f.rate *= phi;
  f.tMs = tMs;
}

/** Kalman update with a measurement y of the level, of variance R (Infinity: nothing learnt). */
export function update(f: ZoneFilter, y: number, variance: number): void {
  if (!(variance < Infinity)) return;
  const innovation = y - f.level;
  if (innovation * innovation > STEP_NIS * (f.p00 + variance)) f.p00 = Math.max(f.p00, innovation * innovation - variance);
  const sInn = f.p00 + variance;
  if (!(sInn > 0)) {
    // Both exact (no time has passed since an exact measurement): the newer one stands.
    if (variance === 0) f.level = Math.max(0, y);
    return;
  }
  const k0 = f.p00 / sInn;
  const k1 = f.p01 / sInn;
  // An exact measurement (R = 0: line counts alone) is taken exactly, not to within rounding.
  f.level = k0 === 1 ? Math.max(0, y) : Math.max(0, f.level + k0 * innovation);
  f.rate += k1 * innovation;
  const p00 = f.p00;
  const p01 = f.p01;
  f.p00 = (1 - k0) * p00;
  f.p01 = (1 - k0) * p01;
  f.p11 = f.p11 - k1 * p01;
}
