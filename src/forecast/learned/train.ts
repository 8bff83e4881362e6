/**
 * Training (pure: samples in, artifact out; no files, no clock - `createdAt` is an argument).
 * - Split BY RUN into training and validation (seeded), so validation forecasts come from events
 *   the net never saw; normalisation (mean/std) from the training rows only.
 * - Loss: pinball loss of the three quantiles (Koenker & Bassett 1978) of the residual over the
 *   physics p50, scaled by jam occupancy, rows weighted by jam occupancy so the loss follows WAPE
 *   (Σ|error| over all zones, big zones weigh more); plus `onsetWeight` × the cross-entropy of the
 *   onset head on rows made below threshold.
 * - Adam (Kingma & Ba 2015), seeded initial weights and shuffles, early stopping on the validation
 *   loss with `patience` epochs; the best epoch's weights are kept.
 * - On the validation runs: WAPE per horizon (the drift monitor's reference), band coverage, and
 *   the alarm operating point (calibration.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers'; // registers the gradient of every op (tfjs-core alone ships none under Node ESM)
import { CrowdflowError, seededRandom } from '../../contracts/index.ts';
import { MAX_HORIZON_MIN } from '../forecaster.ts';
import { FORECAST_MODEL_SCHEMA, parseLearnedArtifact, weightsHash, type LearnedArtifact } from './artifact.ts';
import { loadTf, type TfBackend } from './backend.ts';
import { chooseOperatingPoint, knotsFor, type AlarmCandidates } from './calibration.ts';
import { ONSET_MASKED, type RunSamples } from './dataset.ts';
import { FEATURE_COUNT, FEATURE_NAMES } from './features.ts';
import { blendWeight, encodeLayers, forwardMean, initialWeights, MAX_BLEND, onsetDistribution, ONSET_CLASSES, OUT_HI, OUT_LO, OUT_ONSET, OUT_PHYSICS, OUT_TREND, OUTPUT_COUNT, softplus, trendAt, type DenseLayer } from './net.ts';

const H = MAX_HORIZON_MIN;
const SLOPE = FEATURE_NAMES.indexOf('slope_5min_over_jam');

export interface TrainConfig {
  readonly hidden: readonly number[];
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly seed: number;
  readonly patience: number;
  readonly validationShare: number;
  /** Run ids to validate on (overrides validationShare). */
  readonly validationRuns?: readonly string[];
  readonly onsetWeight: number;
  /** L2 penalty on the weights (not biases), per weight. */
  readonly l2: number;
  /** Nets in the ensemble (seeds seed, seed + 1000, ...); their outputs are averaged. */
  readonly members: number;
  readonly targetPrecision: number;
  readonly backend: TfBackend;
  /**
   * Features left out: normalised to 0 in training and serving (mean 0, std 1e30 in the
   * artifact), e.g. the zone-type one-hot when it does not transfer across venues.
   */
  readonly disabledFeatures?: readonly string[];
}

export const DEFAULT_TRAIN_CONFIG: TrainConfig = {
  hidden: [64, 64], epochs: 40, batchSize: 512, learningRate: 0.002, seed: 1, patience: 5,
  validationShare: 0.25, onsetWeight: 1, l2: 0, members: 3, targetPrecision: 0.85, backend: 'wasm',
};

export interface TrainMeta { readonly name: string; readonly semver: string; readonly createdAt: string }

export interface TrainResult {
  readonly artifact: LearnedArtifact;
  readonly epochLog: readonly { member: number; epoch: number; trainLoss: number; validationLoss: number }[];
}

interface Stacked {
  readonly n: number;
  readonly x: Float32Array; readonly y: Float32Array; readonly wq: Float32Array;
  /** The physics and linear-trend changes (path − now) / jam / scale, [n × H]: the blend's inputs. */
  readonly dPhys: Float32Array; readonly dTrend: Float32Array;
  readonly onehot: Float32Array; readonly wo: Float32Array;
}

export async function trainLearnedModel(runs: readonly RunSamples[], cfg: TrainConfig, meta: TrainMeta, log: (line: string) => void = () => {}): Promise<TrainResult> {
  if (runs.length < 2) throw new CrowdflowError('CF_ERR_CONFIG', `training needs at least 2 runs (one to validate on), got ${runs.length}`);
  await loadTf(cfg.backend);
  const { train, validation } = splitRuns(runs, cfg);
  log(`train runs: ${train.map((r) => r.runId).join(', ')}; validation runs: ${validation.map((r) => r.runId).join(', ')}`);

  const norm = normalisation(train);
  for (const name of cfg.disabledFeatures ?? []) {
    const f = FEATURE_NAMES.indexOf(name);
    if (f < 0) throw new CrowdflowError('CF_ERR_CONFIG', `disabled feature "${name}" is not a feature (expected one of ${FEATURE_NAMES.join(', ')})`);
    norm.mean[f] = 0; norm.std[f] = 1e30;
  }
  const targetScale = residualScale(train);
  const meanJam = train.reduce((a, r) => a + r.jam.reduce((s, j) => s + j, 0), 0) / Math.max(1, train.reduce((a, r) => a + r.rows, 0));
  const tr = stack(train, norm, targetScale, meanJam);
  const va = stack(validation, norm, targetScale, meanJam);
  if (tr.n === 0 || va.n === 0) throw new CrowdflowError('CF_ERR_CONFIG', `no usable samples (train ${tr.n}, validation ${va.n}); runs must be longer than warm-up + 10 min`);

  const sizes = [FEATURE_COUNT, ...cfg.hidden, OUTPUT_COUNT];
  const epochLog: { member: number; epoch: number; trainLoss: number; validationLoss: number }[] = [];
  const members: Snapshot[] = [];
  for (let k = 0; k < cfg.members; k++) {
    const seed = cfg.seed + 1000 * k;
    const best = trainMember(sizes, tr, va, { ...cfg, seed }, (e) => { epochLog.push({ member: k, ...e }); log(`member ${k} epoch ${e.epoch}: train ${e.trainLoss.toFixed(4)} validation ${e.validationLoss.toFixed(4)}`); });
    members.push(best.weights);
  }

  // Validation metrics with the ensemble of every member's best epoch.
  const bestLayers = members.map((m) => m.map((l) => ({ w: tf.tensor2d(l.w, l.shape), b: tf.tensor1d(l.b) })));
  const metrics = validationMetrics(bestLayers, validation, norm, targetScale, cfg.targetPrecision);
  const validationLoss = evaluateLoss(bestLayers, va, cfg.onsetWeight);
  const trainLoss = evaluateLoss(bestLayers, tr, cfg.onsetWeight);
  bestLayers.flat().forEach((l) => { l.w.dispose(); l.b.dispose(); });
  const encoded = members.map(encodeLayers);
  const artifact = parseLearnedArtifact({
    schema: FORECAST_MODEL_SCHEMA, name: meta.name, version: `${meta.semver}+${weightsHash(encoded.flat())}`, createdAt: meta.createdAt,
    features: [...FEATURE_NAMES], norm, targetScale, quantiles: [0.1, 0.5, 0.9], hidden: [...cfg.hidden], members: encoded,
    calibration: knotsFor(metrics.alarm.rawThreshold),
    config: { ...cfg, sampleWeighting: 'jam occupancy', central: 'now + a·(physics p50 − now) + b·(linear trend − now)', target: 'replayed fused states' },
    trainingRuns: [
      ...train.map((r) => ({ id: r.runId, venueId: r.venueId, split: 'train' as const, samples: r.rows })),
      ...validation.map((r) => ({ id: r.runId, venueId: r.venueId, split: 'validation' as const, samples: r.rows })),
    ],
    metrics: { ...metrics, epochs: epochLog.length, trainLoss: round(trainLoss), validationLoss: round(validationLoss) },
  });
  return { artifact, epochLog };
}

type Snapshot = { w: Float32Array; b: Float32Array; shape: [number, number] }[];

/** One member: seeded initial weights and shuffles, Adam, early stopping; its best epoch's weights. */
function trainMember(sizes: readonly number[], tr: Stacked, va: Stacked, cfg: TrainConfig, onEpoch: (e: { epoch: number; trainLoss: number; validationLoss: number }) => void): { weights: Snapshot; epoch: number } {
  const vars = initialWeights(sizes, cfg.seed).map((l) => ({ w: tf.variable(tf.tensor2d(l.w, l.shape), true), b: tf.variable(tf.tensor1d(l.b), true) }));
  const layers: DenseLayer[] = vars.map((v) => ({ w: v.w as unknown as tf.Tensor2D, b: v.b as unknown as tf.Tensor1D }));
  const optimizer = tf.train.adam(cfg.learningRate);
  const rnd = seededRandom(cfg.seed + 1);
  const order = Int32Array.from({ length: tr.n }, (_, i) => i);
  let best = { loss: Infinity, epoch: 0, weights: snapshot(vars) };
  for (let epoch = 1; epoch <= cfg.epochs; epoch++) {
    shuffle(order, rnd);
    let lossSum = 0, batches = 0;
    for (let start = 0; start < tr.n; start += cfg.batchSize) {
      const batch = gather(tr, order.subarray(start, Math.min(tr.n, start + cfg.batchSize)));
      const cost = optimizer.minimize(() => tf.add(loss([layers], batch, cfg.onsetWeight), penalty(layers, cfg.l2)) as tf.Scalar, true) as tf.Scalar;
      lossSum += cost.dataSync()[0]!;
      cost.dispose();
      batches++;
    }
    const validationLoss = evaluateLoss([layers], va, cfg.onsetWeight);
    onEpoch({ epoch, trainLoss: lossSum / batches, validationLoss });
    if (validationLoss < best.loss) best = { loss: validationLoss, epoch, weights: snapshot(vars) };
    else if (epoch - best.epoch >= cfg.patience) break;
  }
  optimizer.dispose();
  vars.forEach((v) => { v.w.dispose(); v.b.dispose(); });
  return best;
}

function splitRuns(runs: readonly RunSamples[], cfg: TrainConfig): { train: RunSamples[]; validation: RunSamples[] } {
  if (cfg.validationRuns && cfg.validationRuns.length > 0) {
    const v = new Set(cfg.validationRuns);
    const unknown = [...v].filter((id) => !runs.some((r) => r.runId === id));
    if (unknown.length > 0) throw new CrowdflowError('CF_ERR_CONFIG', `validation run(s) ${unknown.join(', ')} not among the runs (${runs.map((r) => r.runId).join(', ')})`);
    return { train: runs.filter((r) => !v.has(r.runId)), validation: runs.filter((r) => v.has(r.runId)) };
  }
  const ids = runs.map((r) => r.runId).sort();
  const order = Int32Array.from(ids, (_, i) => i);
  shuffle(order, seededRandom(cfg.seed));
  const nv = Math.min(runs.length - 1, Math.max(1, Math.round(cfg.validationShare * runs.length)));
  const v = new Set(Array.from(order.subarray(0, nv), (i) => ids[i]!));
  return { train: runs.filter((r) => !v.has(r.runId)), validation: runs.filter((r) => v.has(r.runId)) };
}

function normalisation(runs: readonly RunSamples[]): { mean: number[]; std: number[] } {
  const sum = new Float64Array(FEATURE_COUNT), sq = new Float64Array(FEATURE_COUNT);
  let n = 0;
  for (const r of runs) {
    for (let i = 0; i < r.rows; i++) for (let f = 0; f < FEATURE_COUNT; f++) { const v = r.x[i * FEATURE_COUNT + f]!; sum[f]! += v; sq[f]! += v * v; }
    n += r.rows;
  }
  const mean = Array.from(sum, (s) => s / Math.max(1, n));
  const std = Array.from(sq, (s, f) => { const v = s / Math.max(1, n) - mean[f]! ** 2; return v > 1e-10 ? Math.sqrt(v) : 1; });
  return { mean: mean.map(round6), std: std.map(round6) };
}

/** Root mean square of the jam-scaled change (future − now), all horizons: the targets' unit. */
function residualScale(runs: readonly RunSamples[]): number {
  let s = 0, n = 0;
  for (const r of runs) for (let i = 0; i < r.rows * H; i++) { const row = Math.floor(i / H); const e = (r.future[i]! - r.now[row]!) / r.jam[row]!; s += e * e; n++; }
  return round6(Math.max(1e-4, Math.sqrt(s / Math.max(1, n))));
}

function stack(runs: readonly RunSamples[], norm: { mean: number[]; std: number[] }, targetScale: number, meanJam: number): Stacked {
  const n = runs.reduce((a, r) => a + r.rows, 0);
  const x = new Float32Array(n * FEATURE_COUNT), y = new Float32Array(n * H), wq = new Float32Array(n);
  const dPhys = new Float32Array(n * H), dTrend = new Float32Array(n * H);
  const onehot = new Float32Array(n * ONSET_CLASSES), wo = new Float32Array(n);
  let k = 0;
  for (const r of runs) {
    for (let i = 0; i < r.rows; i++, k++) {
      for (let f = 0; f < FEATURE_COUNT; f++) x[k * FEATURE_COUNT + f] = (r.x[i * FEATURE_COUNT + f]! - norm.mean[f]!) / norm.std[f]!;
      const J = r.jam[i]!;
      const now = r.now[i]!, slope = r.x[i * FEATURE_COUNT + SLOPE]! * J;
      for (let h = 0; h < H; h++) {
        y[k * H + h] = (r.future[i * H + h]! - now) / J / targetScale;
        dPhys[k * H + h] = (r.physics[i * H + h]! - now) / J / targetScale;
        dTrend[k * H + h] = (trendAt(now, slope, h + 1, J) - now) / J / targetScale;
      }
      wq[k] = J / meanJam;
      const c = r.onsetClass[i]!;
      if (c !== ONSET_MASKED) { onehot[k * ONSET_CLASSES + c] = 1; wo[k] = 1; }
    }
  }
  return { n, x, y, wq, dPhys, dTrend, onehot, wo };
}

function gather(s: Stacked, idx: Int32Array): Stacked {
  const n = idx.length;
  const x = new Float32Array(n * FEATURE_COUNT), y = new Float32Array(n * H), wq = new Float32Array(n);
  const dPhys = new Float32Array(n * H), dTrend = new Float32Array(n * H);
  const onehot = new Float32Array(n * ONSET_CLASSES), wo = new Float32Array(n);
  idx.forEach((i, k) => {
    x.set(s.x.subarray(i * FEATURE_COUNT, (i + 1) * FEATURE_COUNT), k * FEATURE_COUNT);
    y.set(s.y.subarray(i * H, (i + 1) * H), k * H);
    dPhys.set(s.dPhys.subarray(i * H, (i + 1) * H), k * H);
    dTrend.set(s.dTrend.subarray(i * H, (i + 1) * H), k * H);
    onehot.set(s.onehot.subarray(i * ONSET_CLASSES, (i + 1) * ONSET_CLASSES), k * ONSET_CLASSES);
    wq[k] = s.wq[i]!; wo[k] = s.wo[i]!;
  });
  return { n, x, y, wq, dPhys, dTrend, onehot, wo };
}

/** Weighted pinball loss of p10/p50/p90 plus the onset head's cross-entropy. Call inside a tidy scope. */
function loss(members: readonly (readonly DenseLayer[])[], b: Stacked, onsetWeight: number): tf.Scalar {
  const out = forwardMean(tf, members, tf.tensor2d(b.x, [b.n, FEATURE_COUNT]));
  const y = tf.tensor2d(b.y, [b.n, H]);
  const a = tf.mul(tf.sigmoid(tf.slice(out, [0, OUT_PHYSICS], [b.n, H])), MAX_BLEND);
  const c = tf.mul(tf.sigmoid(tf.slice(out, [0, OUT_TREND], [b.n, H])), MAX_BLEND);
  const p50 = tf.add(tf.mul(a, tf.tensor2d(b.dPhys, [b.n, H])), tf.mul(c, tf.tensor2d(b.dTrend, [b.n, H])));
  const p10 = tf.sub(p50, tf.softplus(tf.slice(out, [0, OUT_LO], [b.n, H])));
  const p90 = tf.add(p50, tf.softplus(tf.slice(out, [0, OUT_HI], [b.n, H])));
  const pin = (q: number, pred: tf.Tensor): tf.Tensor => { const e = tf.sub(y, pred); return tf.maximum(tf.mul(e, q), tf.mul(e, q - 1)); };
  const perRow = tf.mean(tf.addN([pin(0.1, p10), pin(0.5, p50), pin(0.9, p90)]), 1);
  const wq = tf.tensor1d(b.wq);
  const quantile = tf.div(tf.sum(tf.mul(perRow, wq)), tf.scalar(Math.max(1e-9, b.wq.reduce((a, v) => a + v, 0))));
  const logits = tf.slice(out, [0, OUT_ONSET], [b.n, ONSET_CLASSES]);
  const ce = tf.neg(tf.sum(tf.mul(tf.tensor2d(b.onehot, [b.n, ONSET_CLASSES]), tf.logSoftmax(logits)), 1));
  const woSum = b.wo.reduce((a, v) => a + v, 0);
  const onset = woSum > 0 ? tf.div(tf.sum(tf.mul(ce, tf.tensor1d(b.wo))), tf.scalar(woSum)) : tf.scalar(0);
  return tf.add(quantile, tf.mul(onset, onsetWeight)) as tf.Scalar;
}

function penalty(layers: readonly DenseLayer[], l2: number): tf.Scalar {
  if (l2 === 0) return tf.scalar(0);
  return tf.mul(tf.addN(layers.map((l) => tf.sum(tf.square(l.w)))), l2) as tf.Scalar;
}

function evaluateLoss(members: readonly (readonly DenseLayer[])[], s: Stacked, onsetWeight: number): number {
  // One pass over the whole validation set in chunks; weights of the chunks combine by their sums.
  let total = 0, parts = 0;
  const chunk = 8192;
  for (let start = 0; start < s.n; start += chunk) {
    const idx = Int32Array.from({ length: Math.min(chunk, s.n - start) }, (_, i) => start + i);
    const t = tf.tidy(() => loss(members, gather(s, idx), onsetWeight));
    const v = t.dataSync()[0]!;
    t.dispose();
    total += v * idx.length; parts += idx.length;
  }
  return total / Math.max(1, parts);
}

/** Runs the net over raw feature rows (normalising them); returns the output rows. */
export function predictRows(members: readonly (readonly DenseLayer[])[], x: Float32Array, rows: number, norm: { mean: readonly number[]; std: readonly number[] }): Float32Array {
  const xn = new Float32Array(x.length);
  for (let i = 0; i < rows; i++) for (let f = 0; f < FEATURE_COUNT; f++) xn[i * FEATURE_COUNT + f] = (x[i * FEATURE_COUNT + f]! - norm.mean[f]!) / norm.std[f]!;
  const y = tf.tidy(() => forwardMean(tf, members, tf.tensor2d(xn, [rows, FEATURE_COUNT])));
  const out = y.dataSync() as Float32Array;
  y.dispose();
  return out;
}

function validationMetrics(members: readonly (readonly DenseLayer[])[], runs: readonly RunSamples[], norm: { mean: number[]; std: number[] }, targetScale: number, targetPrecision: number) {
  const abs = new Float64Array(H), absLast = new Float64Array(H), absPhys = new Float64Array(H), actual = new Float64Array(H);
  let inside = 0, count = 0;
  const candidates: AlarmCandidates[] = [];
  const dist = new Float64Array(ONSET_CLASSES);
  for (const r of runs) {
    const out = predictRows(members, r.x, r.rows, norm);
    const rows: { zoneIndex: number; tsMs: number; score: number }[] = [];
    for (let i = 0; i < r.rows; i++) {
      const J = r.jam[i]!;
      const o = i * OUTPUT_COUNT;
      for (let h = 0; h < H; h++) {
        const y = r.future[i * H + h]!, ph = r.physics[i * H + h]!, now = r.now[i]!;
        const trend = trendAt(now, r.x[i * FEATURE_COUNT + SLOPE]! * J, h + 1, J);
        const p50 = Math.max(0, now + blendWeight(out[o + OUT_PHYSICS + h]!) * (ph - now) + blendWeight(out[o + OUT_TREND + h]!) * (trend - now));
        const p10 = Math.max(0, p50 - J * targetScale * softplus(out[o + OUT_LO + h]!));
        const p90 = p50 + J * targetScale * softplus(out[o + OUT_HI + h]!);
        abs[h]! += Math.abs(p50 - y); absLast[h]! += Math.abs(r.now[i]! - y); absPhys[h]! += Math.abs(ph - y); actual[h]! += y;
        if (y >= p10 && y <= p90) inside++;
        count++;
      }
      if (r.onsetClass[i] !== ONSET_MASKED) rows.push({ zoneIndex: r.zoneIndex[i]!, tsMs: r.tsMs[i]!, score: 1 - onsetDistribution(out, i, dist)[0]! });
    }
    candidates.push({ onsets: r.onsets, rows });
  }
  const op = chooseOperatingPoint(candidates, targetPrecision);
  const wape = (a: Float64Array) => Array.from(a, (v, h) => round(actual[h]! > 0 ? v / actual[h]! : 0));
  return {
    referenceWapeByHorizon: wape(abs), lastValueWapeByHorizon: wape(absLast), physicsWapeByHorizon: wape(absPhys),
    bandCoverage: round(count > 0 ? inside / count : 0),
    alarm: {
      rawThreshold: op.rawThreshold, precision: nullableRound(op.score.precision), recall: nullableRound(op.score.recall),
      medianLeadS: op.score.medianLeadS, onsets: op.score.onsets,
    },
  };
}

function snapshot(vars: readonly { w: tf.Variable; b: tf.Variable }[]): Snapshot {
  return vars.map((v) => ({ w: Float32Array.from(v.w.dataSync()), b: Float32Array.from(v.b.dataSync()), shape: [v.w.shape[0]!, v.w.shape[1]!] as [number, number] }));
}

/** Fisher-Yates with the seeded generator. */
function shuffle(a: Int32Array, rnd: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    const t = a[i]!; a[i] = a[j]!; a[j] = t;
  }
}

function round(x: number): number { return Math.round(x * 10_000) / 10_000; }
function round6(x: number): number { return Math.round(x * 1e6) / 1e6; }
function nullableRound(x: number | null): number | null { return x === null ? null : round(x); }
