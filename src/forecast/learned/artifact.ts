/**
 * The learned forecaster's artifact (`crowdflow.forecast-model/v1`): one small JSON file holding
 * the network's weights (little-endian float32, base64), the feature names it was trained with,
 * their normalisation, the training config, the runs it saw and its validation metrics. The caller
 * reads the file; this module only validates the parsed value (src/forecast has no file access).
 */
import { z } from 'zod';
import { CrowdflowError } from '../../contracts/index.ts';
import { MAX_HORIZON_MIN } from '../forecaster.ts';

export const FORECAST_MODEL_SCHEMA = 'crowdflow.forecast-model/v1';

const Tensor = z.object({ shape: z.array(z.number().int().positive()).min(1).max(2), data: z.string() });
export type EncodedTensor = z.infer<typeof Tensor>;

const HorizonNumbers = z.array(z.number().finite()).length(MAX_HORIZON_MIN);

export const LearnedArtifact = z.object({
  schema: z.literal(FORECAST_MODEL_SCHEMA),
  name: z.string().min(1),
  /** semver + '+' + the first 8 hex digits of the weights' FNV-1a hash. */
  version: z.string().regex(/^\d+\.\d+\.\d+\+[0-9a-f]{8}$/),
  createdAt: z.string(),
  features: z.array(z.string()).min(1),
  norm: z.object({ mean: z.array(z.number().finite()), std: z.array(z.number().finite().positive()) }),
  /** Residual targets are divided by this before the loss (and multiplied back at inference). */
  targetScale: z.number().finite().positive(),
  quantiles: z.tuple([z.literal(0.1), z.literal(0.5), z.literal(0.9)]),
  /** Hidden layer widths; the layers are dense, ReLU between them. */
  hidden: z.array(z.number().int().positive()).min(1).max(4),
  /**
   * An ensemble of nets of the same shape (different seeds), each [W0, b0, W1, b1, ...], W as
   * [in, out]; their outputs are averaged (the variance of one small net trained on few events is
   * large; averaging seeds reduces it, Lakshminarayanan et al. 2017).
   */
  members: z.array(z.array(Tensor).min(2)).min(1),
  /**
   * Monotone piecewise-linear map from the onset head's raw P(onset within 10 min) to the reported
   * pCongestion: knots [raw, calibrated], raw increasing from 0 to 1. Built so the chosen operating
   * point maps to 0.5 (the backtest's and risk settings' default alarm level).
   */
  calibration: z.array(z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)])).min(2),
  config: z.record(z.string(), z.unknown()),
  trainingRuns: z.array(z.object({ id: z.string(), venueId: z.string(), split: z.enum(['train', 'validation']), samples: z.number().int().nonnegative() })),
  metrics: z.object({
    /** Validation WAPE of occupancy per horizon 1..10 (the drift monitor's reference). */
    referenceWapeByHorizon: HorizonNumbers,
    lastValueWapeByHorizon: HorizonNumbers,
    physicsWapeByHorizon: HorizonNumbers,
    /** Share of validation outcomes inside [p10, p90] (0.8 when calibrated). */
    bandCoverage: z.number().min(0).max(1),
    alarm: z.object({
      rawThreshold: z.number().min(0).max(1),
      precision: z.number().min(0).max(1).nullable(),
      recall: z.number().min(0).max(1).nullable(),
      medianLeadS: z.number().nullable(),
      onsets: z.number().int().nonnegative(),
    }),
    epochs: z.number().int().nonnegative(),
    trainLoss: z.number(),
    validationLoss: z.number(),
  }),
});
export type LearnedArtifact = z.infer<typeof LearnedArtifact>;

/** Validates a parsed JSON value as an artifact; says which field is wrong. */
export function parseLearnedArtifact(json: unknown): LearnedArtifact {
  const r = LearnedArtifact.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new CrowdflowError('CF_ERR_CONFIG', `forecast model artifact: ${issue.path.join('.') || '(root)'}: ${issue.message} (expected ${FORECAST_MODEL_SCHEMA})`);
  }
  const a = r.data;
  const nf = a.features.length;
  if (a.norm.mean.length !== nf || a.norm.std.length !== nf) {
    throw new CrowdflowError('CF_ERR_CONFIG', `forecast model artifact: norm has ${a.norm.mean.length}/${a.norm.std.length} entries, expected ${nf} (one per feature)`);
  }
  for (const weights of a.members) {
    if (weights.length !== 2 * (a.hidden.length + 1)) {
      throw new CrowdflowError('CF_ERR_CONFIG', `forecast model artifact: ${weights.length} weight tensors, expected ${2 * (a.hidden.length + 1)} for ${a.hidden.length} hidden layers`);
    }
  }
  for (const t of a.members.flat()) {
    const n = t.shape.reduce((x, y) => x * y, 1);
    if (decodeFloat32(t.data).length !== n) throw new CrowdflowError('CF_ERR_CONFIG', `forecast model artifact: a weight tensor of shape [${t.shape.join(', ')}] holds ${decodeFloat32(t.data).length} numbers, expected ${n}`);
  }
  return a;
}

export function encodeFloat32(values: Float32Array): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return bytesToBase64(bytes);
}

export function decodeFloat32(text: string): Float32Array {
  const bytes = base64ToBytes(text);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(Math.floor(bytes.length / 4));
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/** FNV-1a (Fowler, Noll, Vo 1991), 32 bit, over the weights' base64 text: the version's short hash. */
export function weightsHash(weights: readonly EncodedTensor[]): string {
  let h = 0x811c9dc5;
  for (const t of weights) {
    const s = t.shape.join('x') + ':' + t.data;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  return h.toString(16).padStart(8, '0');
}

// btoa/atob exist in Node 20 and browsers; chunks keep the argument list short.
function bytesToBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function base64ToBytes(text: string): Uint8Array {
  let s: string;
  try { s = atob(text); } catch { throw new CrowdflowError('CF_ERR_CONFIG', 'forecast model artifact: a weight tensor is not valid base64'); }
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
