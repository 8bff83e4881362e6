/**
 * Training samples from one replayed run. The recorder observes the fused states every second
 * (fed by the same replay the backtest uses), builds the features every `sampleEveryS` after
 * `warmupS` exactly as the forecaster will, and keeps each zone's occupancy per second. At the end
 * the targets are read from that series: the occupancy at t + h (the replayed states: the model
 * forecasts what the sensors will report, as the backtest scores without ground truth) and the
 * onset label with the backtest's own onset definition (onsets.ts: crossing after ≥ 60 s below).
 */
import type { EpochMs, ZoneState } from '../../contracts/index.ts';
import type { Venue } from '../../venue/index.ts';
import { findOnsets, type Onset } from '../backtest/onsets.ts';
import { TruthSeries } from '../backtest/truth.ts';
import { MAX_HORIZON_MIN, MINUTE_MS } from '../forecaster.ts';
import { jamOccupancy } from '../models/history-model.ts';
import type { PhysicsOptions } from '../models/physics.ts';
import { decodeFloat32, encodeFloat32 } from './artifact.ts';
import { createFeatureExtractor, FEATURE_COUNT, FEATURE_NAMES } from './features.ts';

const H = MAX_HORIZON_MIN;
/** onsetClass of a row made while the zone is at or above its threshold (no onset to forecast). */
export const ONSET_MASKED = -1;

export interface RunSamples {
  readonly runId: string;
  readonly venueId: string;
  readonly rows: number;
  /** [rows × FEATURE_COUNT] raw features. */
  readonly x: Float32Array;
  readonly zoneIndex: Int32Array;
  readonly tsMs: Float64Array;
  readonly jam: Float32Array;
  readonly now: Float32Array;
  /** [rows × 10] physics p50 and the true (replayed) occupancy at t + h. */
  readonly physics: Float32Array;
  readonly future: Float32Array;
  /** 0: no onset within 10 min; m in 1..10: the next onset in minute m; -1: already congested. */
  readonly onsetClass: Int8Array;
  readonly onsets: readonly Onset[];
}

export interface RunRecorder {
  observe(states: readonly ZoneState[], ts: EpochMs): void;
  finish(): RunSamples;
}

export function createRunRecorder(venue: Venue, opts: PhysicsOptions & { runId: string; sampleEveryS?: number; warmupS?: number }): RunRecorder {
  const sampleEveryS = opts.sampleEveryS ?? 30;
  const warmupS = opts.warmupS ?? 300;
  const features = createFeatureExtractor(venue, opts);
  const index = new Map<string, number>(venue.zones.map((z, i) => [z.id, i]));
  let truth: TruthSeries | null = null;
  const frames: { ts: number; zoneIndex: Int32Array; x: Float32Array; now: Float64Array; physics: Float64Array }[] = [];
  let startMs: number | null = null;

  return {
    observe(states, ts) {
      startMs ??= ts;
      truth ??= new TruthSeries(venue, startMs, 0, { grow: true });
      const s = Math.round((ts - startMs) / 1000);
      features.observe(states, ts);
      for (const st of states) {
        const i = index.get(st.zoneId);
        if (i !== undefined) truth.setAt(i, ts, st.occupancy ?? NaN);
      }
      if (s >= warmupS && s % sampleEveryS === 0) frames.push({ ts, ...features.extract(ts) });
    },
    finish() {
      const truth = truthOrEmpty();
      const onsets = findOnsets(truth);
      const onsetsByZone = new Map<number, number[]>();
      for (const o of onsets) (onsetsByZone.get(o.zoneIndex) ?? onsetsByZone.set(o.zoneIndex, []).get(o.zoneIndex)!).push(o.tsMs);

      // Keep the rows whose truth covers the longest horizon, as the backtest scores them.
      const keep: [number, number][] = [];
      frames.forEach((f, fi) => {
        for (let r = 0; r < f.zoneIndex.length; r++) if (!Number.isNaN(truth.at(f.zoneIndex[r]!, f.ts + H * MINUTE_MS))) keep.push([fi, r]);
      });
      const n = keep.length;
      const out = {
        x: new Float32Array(n * FEATURE_COUNT), zoneIndex: new Int32Array(n), tsMs: new Float64Array(n), jam: new Float32Array(n),
        now: new Float32Array(n), physics: new Float32Array(n * H), future: new Float32Array(n * H), onsetClass: new Int8Array(n),
      };
      keep.forEach(([fi, r], k) => {
        const f = frames[fi]!;
        const zi = f.zoneIndex[r]!;
        const zone = venue.zones[zi]!;
        out.x.set(f.x.subarray(r * FEATURE_COUNT, (r + 1) * FEATURE_COUNT), k * FEATURE_COUNT);
        out.zoneIndex[k] = zi; out.tsMs[k] = f.ts; out.jam[k] = jamOccupancy(zone); out.now[k] = f.now[r]!;
        for (let h = 0; h < H; h++) {
          out.physics[k * H + h] = f.physics[r * H + h]!;
          const y = truth.at(zi, f.ts + (h + 1) * MINUTE_MS);
          out.future[k * H + h] = Number.isNaN(y) ? f.physics[r * H + h]! : y;
        }
        // The label follows the backtest: alarms count only while the zone is truly below threshold.
        const below = truth.density(zi, f.ts) < zone.congestionDensity;
        const next = (onsetsByZone.get(zi) ?? []).find((t) => t > f.ts && t <= f.ts + H * MINUTE_MS);
        out.onsetClass[k] = !below ? ONSET_MASKED : next === undefined ? 0 : Math.ceil((next - f.ts) / MINUTE_MS);
      });
      return { runId: opts.runId, venueId: venue.id, rows: n, ...out, onsets };
    },
  };

  function truthOrEmpty(): TruthSeries {
    return truth ?? new TruthSeries(venue, 0, 0);
  }
}

/** RunSamples as plain JSON (typed arrays as base64 float32), for a feature cache the CLI keeps. */
export function encodeRunSamples(s: RunSamples): Record<string, unknown> {
  return {
    schema: SAMPLES_SCHEMA, features: [...FEATURE_NAMES], runId: s.runId, venueId: s.venueId, rows: s.rows, onsets: s.onsets,
    x: encodeFloat32(s.x), zoneIndex: encodeFloat32(Float32Array.from(s.zoneIndex)), tsMs: s.tsMs.length > 0 ? Array.from(s.tsMs) : [],
    jam: encodeFloat32(s.jam), now: encodeFloat32(s.now), physics: encodeFloat32(s.physics), future: encodeFloat32(s.future),
    onsetClass: encodeFloat32(Float32Array.from(s.onsetClass)),
  };
}

/** The inverse of encodeRunSamples; null when the cache was made with other features (stale). */
export function decodeRunSamples(v: Record<string, unknown>): RunSamples | null {
  const names = v['features'] as unknown;
  if (v['schema'] !== SAMPLES_SCHEMA || !Array.isArray(names) || names.join() !== FEATURE_NAMES.join()) return null;
  const f = (k: string): Float32Array => decodeFloat32(v[k] as string);
  return {
    runId: String(v['runId']), venueId: String(v['venueId']), rows: Number(v['rows']), onsets: v['onsets'] as Onset[],
    x: f('x'), zoneIndex: Int32Array.from(f('zoneIndex')), tsMs: Float64Array.from(v['tsMs'] as number[]),
    jam: f('jam'), now: f('now'), physics: f('physics'), future: f('future'), onsetClass: Int8Array.from(f('onsetClass')),
  };
}

const SAMPLES_SCHEMA = 'crowdflow.forecast-samples/v1';
