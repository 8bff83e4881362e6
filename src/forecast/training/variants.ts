/**
 * Scenario variants for training the learned forecaster (pure, deterministic): one base scenario
 * and a seed give a varied scenario, so the model sees many events per venue, not one replayed.
 * What varies, and by how much (each draw uniform in its range, from `seededRandom(seed)`):
 *
 * | what                         | how                                                           | range            |
 * |------------------------------|---------------------------------------------------------------|------------------|
 * | demand                       | every count × a venue-wide scale, × a per-demand-line scale   | [0.7, 1.3], [0.8, 1.2] |
 * | arrival curves               | every time point t → t·stretch + shift (t = 0 stays 0)        | stretch [0.75, 1.25], shift [−300, 300] s |
 * | schedule                     | every show moved by one shift; each show's length × a scale   | [−300, 300] s, [0.75, 1.25] |
 * | reaction to schedule changes | reactionSpreadS × scale                                       | [0.6, 1.5], kept in [30, 600] s |
 * | egress                       | spreadS × scale; strategy nearest (60 %), least-loaded (20 %), random (20 %) | [0.5, 1.5] |
 * | facility visits              | show and interval visits per hour × one scale                 | [0.5, 1.5] |
 * | sensor noise (every kind)    | sigma × [0.5, 2]; dropout × [0, 4] (≤ 0.2); latency × [0.5, 2]; bias + [−0.05, 0.05] | |
 * | simulation seed              | a hash of the base seed and the variant seed                  |                  |
 *
 * Variant seed 0 is the base scenario itself (identity variation). A variant lasts until its last
 * show's end plus its egress spread plus 10 min (the egress must be in the data; no longer, as
 * simulated time is the cost), at most `maxDurationS`; without a schedule, the base's duration.
 */
import { assertInRange, seededRandom } from '../../contracts/index.ts';
import type { ExitStrategy, ScenarioSpec } from '../../sim/index.ts';

export const VARIANT_RANGES = {
  demandScale: [0.7, 1.3],
  demandLineScale: [0.8, 1.2],
  arrivalStretch: [0.75, 1.25],
  arrivalShiftS: [-300, 300],
  scheduleShiftS: [-300, 300],
  showLengthScale: [0.75, 1.25],
  reactionScale: [0.6, 1.5],
  egressSpreadScale: [0.5, 1.5],
  facilityScale: [0.5, 1.5],
  noiseSigmaScale: [0.5, 2],
  noiseDropoutScale: [0, 4],
  noiseLatencyScale: [0.5, 2],
  noiseBiasOffset: [-0.05, 0.05],
} as const satisfies Record<string, readonly [number, number]>;

/** Egress strategies and their probabilities. */
export const EGRESS_STRATEGY_WEIGHTS: readonly (readonly [ExitStrategy, number])[] = [['nearest', 0.6], ['least-loaded', 0.2], ['random', 0.2]];
/** Largest sensor dropout a variant sets (a fifth of readings lost). */
export const MAX_VARIANT_DROPOUT = 0.2;
/** Seconds simulated after the egress spread ends. */
const EGRESS_TAIL_S = 600;

/** The draws of one variant (recorded next to the run so a model's training set can be described). */
export interface Variation {
  readonly variantSeed: number;
  readonly simSeed: number;
  readonly demandScale: number;
  /** One per demand line of the base scenario, in order. */
  readonly demandLineScales: readonly number[];
  readonly arrivalStretch: number;
  readonly arrivalShiftS: number;
  readonly scheduleShiftS: number;
  /** One per show of the base schedule, in order. */
  readonly showLengthScales: readonly number[];
  readonly reactionScale: number;
  readonly egressSpreadScale: number;
  readonly egressStrategy: ExitStrategy;
  readonly facilityScale: number;
  readonly noiseSigmaScale: number;
  readonly noiseDropoutScale: number;
  readonly noiseLatencyScale: number;
  readonly noiseBiasOffset: number;
}

export interface VariantOptions {
  /** Longest run, s (default 30 days, the schema's limit): bounds the cost of a generated run. */
  readonly maxDurationS?: number;
}

/** A varied copy of `base` (the input is not changed) and the draws that made it. */
export function varyScenario(base: ScenarioSpec, variantSeed: number, opts: VariantOptions = {}): { scenario: ScenarioSpec; variation: Variation } {
  const variation = drawVariation(base, variantSeed);
  return { scenario: applyVariation(base, variation, opts), variation };
}

/** The draws for `variantSeed` (an integer in [0, 2³¹ − 1]); seed 0 is the identity. */
export function drawVariation(base: ScenarioSpec, variantSeed: number): Variation {
  if (!Number.isInteger(variantSeed)) assertInRange('variantSeed (an integer)', NaN, 0, 2 ** 31 - 1);
  assertInRange('variantSeed', variantSeed, 0, 2 ** 31 - 1);
  if (variantSeed === 0) return identityVariation(base);
  const rnd = seededRandom(mix(base.seed, variantSeed));
  const u = (r: readonly [number, number]): number => r[0] + (r[1] - r[0]) * rnd();
  const R = VARIANT_RANGES;
  return {
    variantSeed,
    simSeed: mix(variantSeed, base.seed) % 2 ** 31,
    demandScale: u(R.demandScale),
    demandLineScales: base.demand.map(() => u(R.demandLineScale)),
    arrivalStretch: u(R.arrivalStretch),
    arrivalShiftS: Math.round(u(R.arrivalShiftS)),
    scheduleShiftS: Math.round(u(R.scheduleShiftS)),
    showLengthScales: base.schedule.map(() => u(R.showLengthScale)),
    reactionScale: u(R.reactionScale),
    egressSpreadScale: u(R.egressSpreadScale),
    egressStrategy: pick(EGRESS_STRATEGY_WEIGHTS, rnd()),
    facilityScale: u(R.facilityScale),
    noiseSigmaScale: u(R.noiseSigmaScale),
    noiseDropoutScale: u(R.noiseDropoutScale),
    noiseLatencyScale: u(R.noiseLatencyScale),
    noiseBiasOffset: u(R.noiseBiasOffset),
  };
}

export function identityVariation(base: ScenarioSpec): Variation {
  return {
    variantSeed: 0, simSeed: base.seed, demandScale: 1, demandLineScales: base.demand.map(() => 1),
    arrivalStretch: 1, arrivalShiftS: 0, scheduleShiftS: 0, showLengthScales: base.schedule.map(() => 1),
    reactionScale: 1, egressSpreadScale: 1, egressStrategy: base.egress.strategy, facilityScale: 1,
    noiseSigmaScale: 1, noiseDropoutScale: 1, noiseLatencyScale: 1, noiseBiasOffset: 0,
  };
}

export function applyVariation(base: ScenarioSpec, v: Variation, opts: VariantOptions = {}): ScenarioSpec {
  const maxDurationS = opts.maxDurationS ?? 30 * 86_400;
  assertInRange('maxDurationS', maxDurationS, 60, 30 * 86_400);
  const identity = v.variantSeed === 0;
  const demand = base.demand.map((d, i) => ({
    ...d,
    count: Math.round(d.count * v.demandScale * (v.demandLineScales[i] ?? 1)),
    curve: identity ? d.curve.map(([t, s]) => [t, s] as [number, number]) : warpCurve(d.curve, v.arrivalStretch, v.arrivalShiftS),
  }));
  const schedule = base.schedule.map((show, i) => {
    const startS = Math.max(0, show.startS + v.scheduleShiftS);
    const lengthS = Math.max(60, Math.round((show.endS - show.startS) * (v.showLengthScales[i] ?? 1)));
    return { ...show, startS, endS: startS + lengthS };
  });
  const reactionSpreadS = identity ? base.reactionSpreadS : clamp(Math.round(base.reactionSpreadS * v.reactionScale), 30, 600);
  const egressSpreadS = clamp(Math.round(base.egress.spreadS * v.egressSpreadScale), 0, 7200);
  const lastEndS = schedule.reduce((m, s) => Math.max(m, s.endS), 0);
  const needed = schedule.length > 0 ? lastEndS + egressSpreadS + EGRESS_TAIL_S : base.durationS;
  const durationS = Math.min(maxDurationS, identity ? base.durationS : needed);
  const noise = Object.fromEntries(Object.entries(base.sensors.noise).map(([kind, n]) => [kind, n === undefined ? n : {
    sigma: clamp(n.sigma * v.noiseSigmaScale, 0, 5),
    bias: identity ? n.bias : clamp(n.bias + v.noiseBiasOffset, -0.9, 2),
    latencyMs: clamp(Math.round(n.latencyMs * v.noiseLatencyScale), 0, 600_000),
    dropout: identity ? n.dropout : clamp(n.dropout * v.noiseDropoutScale, 0, MAX_VARIANT_DROPOUT),
  }]));
  return {
    ...base,
    id: identity ? base.id : `${base.id}-v${v.variantSeed}`.slice(0, 64),
    seed: v.simSeed,
    durationS,
    demand,
    schedule,
    reactionSpreadS,
    egress: { strategy: v.egressStrategy, spreadS: egressSpreadS },
    facilities: {
      ...base.facilities,
      showVisitsPerHour: clamp(base.facilities.showVisitsPerHour * v.facilityScale, 0, 20),
      intervalVisitsPerHour: clamp(base.facilities.intervalVisitsPerHour * v.facilityScale, 0, 20),
    },
    sensors: { ...base.sensors, noise },
  };
}

/**
 * t → t·stretch + shift for every point after the first; the curve keeps starting at t = 0 with
 * its first share, stays strictly increasing in time (a point pushed before its predecessor is
 * set one second after it), and never goes below 1 s.
 */
export function warpCurve(curve: readonly (readonly [number, number])[], stretch: number, shiftS: number): [number, number][] {
  const out: [number, number][] = [];
  curve.forEach(([t, share], i) => {
    if (i === 0) { out.push([t, share]); return; }
    const prev = out[i - 1]![0];
    out.push([Math.max(prev + 1, Math.round(t * stretch + shiftS)), share]);
  });
  return out;
}

function pick<T>(weights: readonly (readonly [T, number])[], u: number): T {
  const total = weights.reduce((s, [, w]) => s + w, 0);
  let acc = 0;
  for (const [x, w] of weights) { acc += w / total; if (u < acc) return x; }
  return weights[weights.length - 1]![0];
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** A 31-bit mix of two integers (splitmix-style), so neighbouring variant seeds draw unrelated numbers. */
function mix(a: number, b: number): number {
  let h = (Math.imul(a >>> 0, 0x9e3779b1) ^ Math.imul(b >>> 0, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) & 0x7fffffff;
}
