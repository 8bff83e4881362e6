/**
 * The network: a small dense ReLU net (multi-layer perceptron) over the normalised features, with
 * two heads on one output row per zone:
 * - quantiles: for each horizon 1..10 the median is a gated blend of two forecasts of the change,
 *   p50 = now + a·(physics p50 − now) + b·(linear trend − now), a and b in [0, 1.5] (sigmoid), so
 *   the net's output is bounded by sensible paths and scales with the dynamics, not with the zone
 *   (a free residual over physics did not transfer to an unseen venue: see docs/FORECAST.md); p10
 *   and p90 lie softplus distances (× jam × scale) below and above it, so p10 ≤ p50 ≤ p90 by
 *   construction (trained with the pinball loss, Koenker & Bassett 1978);
 * - onset: 11 logits of a softmax over "the zone's next congestion onset falls in minute 1..10"
 *   and "no onset within 10 minutes" (class 0): P(onset within 10 min) = 1 − p0 and the expected
 *   time to it follow from one distribution (a discrete-time hazard, as in survival analysis).
 */
import type * as TF from '@tensorflow/tfjs-core';
import { seededRandom } from '../../contracts/index.ts';
import { MAX_HORIZON_MIN } from '../forecaster.ts';
import { decodeFloat32, encodeFloat32, type EncodedTensor } from './artifact.ts';
import type { Tf } from './backend.ts';

const H = MAX_HORIZON_MIN;
/** Output columns: [0, H) p50, [H, 2H) p10 gap, [2H, 3H) p90 gap, [3H, 4H + 1) onset logits. */
export const OUT_PHYSICS = 0, OUT_LO = H, OUT_HI = 2 * H, OUT_ONSET = 3 * H, ONSET_CLASSES = H + 1;
export const OUT_TREND = 3 * H + ONSET_CLASSES;
export const OUTPUT_COUNT = 4 * H + ONSET_CLASSES;
/** Largest weight of a path in the blend (a little extrapolation beyond it is allowed). */
export const MAX_BLEND = 1.5;

export function blendWeight(logit: number): number {
  return MAX_BLEND / (1 + Math.exp(-logit));
}

/** Linear trend at h minutes from the slope (per minute), kept in [0, jam] as models/linear-trend.ts does. */
export function trendAt(now: number, slopePerMin: number, h: number, jam: number): number {
  return Math.min(jam, Math.max(0, now + slopePerMin * h));
}

export interface DenseLayer { readonly w: TF.Tensor2D; readonly b: TF.Tensor1D }

/** Forward pass: ReLU after every layer but the last. Call inside tf.tidy. */
export function forward(tf: Tf, layers: readonly DenseLayer[], x: TF.Tensor2D): TF.Tensor2D {
  let h = x;
  layers.forEach((l, k) => {
    const z = tf.add(tf.matMul(h, l.w), l.b) as TF.Tensor2D;
    h = k < layers.length - 1 ? tf.relu(z) : z;
  });
  return h;
}

/** The mean of the members' outputs. Call inside tf.tidy. */
export function forwardMean(tf: Tf, members: readonly (readonly DenseLayer[])[], x: TF.Tensor2D): TF.Tensor2D {
  const outs = members.map((layers) => forward(tf, layers, x));
  return (outs.length === 1 ? outs[0]! : tf.div(tf.addN(outs), outs.length)) as TF.Tensor2D;
}

/**
 * The same mean, computed member by member (each pass's tensors freed at once) and averaged in
 * JavaScript: for 500 rows on wasm, 3 members take ~4 ms this way against ~7 ms as one graph.
 */
export function predictMean(tf: Tf, members: readonly (readonly DenseLayer[])[], x: Float32Array, rows: number, cols: number): Float32Array {
  const input = tf.tensor2d(x, [rows, cols]);
  let acc: Float32Array | null = null;
  try {
    for (const layers of members) {
      const y = tf.tidy(() => forward(tf, layers, input));
      const d = y.dataSync() as Float32Array;
      y.dispose();
      if (acc === null) acc = Float32Array.from(d);
      else for (let j = 0; j < acc.length; j++) acc[j]! += d[j]!;
    }
  } finally {
    input.dispose();
  }
  const out = acc ?? new Float32Array(0);
  if (members.length > 1) for (let j = 0; j < out.length; j++) out[j]! /= members.length;
  return out;
}

/** He-uniform initial weights (He et al. 2015) from the shared seeded generator; zero biases. */
export function initialWeights(sizes: readonly number[], seed: number): { w: Float32Array; b: Float32Array; shape: [number, number] }[] {
  const rnd = seededRandom(seed);
  const out = [];
  for (let k = 0; k + 1 < sizes.length; k++) {
    const fanIn = sizes[k]!, fanOut = sizes[k + 1]!;
    const limit = Math.sqrt(6 / fanIn) * (k + 2 === sizes.length ? 0.1 : 1); // small last layer: start near physics
    const w = Float32Array.from({ length: fanIn * fanOut }, () => (rnd() * 2 - 1) * limit);
    out.push({ w, b: new Float32Array(fanOut), shape: [fanIn, fanOut] as [number, number] });
  }
  return out;
}

export function layersFromEncoded(tf: Tf, weights: readonly EncodedTensor[]): DenseLayer[] {
  const layers: DenseLayer[] = [];
  for (let k = 0; k < weights.length; k += 2) {
    const w = weights[k]!, b = weights[k + 1]!;
    layers.push({ w: tf.tensor2d(decodeFloat32(w.data), w.shape as [number, number]), b: tf.tensor1d(decodeFloat32(b.data)) });
  }
  return layers;
}

export function encodeLayers(layers: readonly { w: Float32Array; b: Float32Array; shape: readonly [number, number] }[]): EncodedTensor[] {
  return layers.flatMap((l) => [
    { shape: [l.shape[0], l.shape[1]], data: encodeFloat32(l.w) },
    { shape: [l.shape[1]], data: encodeFloat32(l.b) },
  ]);
}

export function softplus(x: number): number {
  return x > 20 ? x : Math.log1p(Math.exp(x));
}

/** The onset head of one output row as a distribution: p[0] = no onset, p[m] = onset in minute m. */
export function onsetDistribution(out: Float32Array, row: number, into: Float64Array): Float64Array {
  const o = row * OUTPUT_COUNT + OUT_ONSET;
  let max = -Infinity;
  for (let c = 0; c < ONSET_CLASSES; c++) max = Math.max(max, out[o + c]!);
  let sum = 0;
  for (let c = 0; c < ONSET_CLASSES; c++) { into[c] = Math.exp(out[o + c]! - max); sum += into[c]!; }
  for (let c = 0; c < ONSET_CLASSES; c++) into[c]! /= sum;
  return into;
}
