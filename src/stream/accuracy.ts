/**
 * How close the fused occupancy is to the truth: replays recorded readings through the stream
 * processor the way the runtime drives it (readings in arrival order, `processBatch` of what has
 * arrived, a `tick` every second) and compares every zone's fused occupancy at each tick with the
 * simulator's ground truth at that second.
 *
 * Arrival time is not recorded with the readings: a reading is taken to arrive when the newest
 * event time seen so far, i.e. with no latency beyond the log order (a lower bound of the real
 * delivery time, as in the forecast backtest).
 *
 * Figures (the forecast conventions of the project's validation reference): per zone the mean
 * absolute error (MAE, people), the signed bias (mean of fused − true, people) and WAPE
 * (Σ|error| / Σ truth); overall WAPE and signed WAPE (Σ error / Σ truth) over every zone-second.
 * Seconds where a zone is `unknown` are counted apart, not as errors.
 *
 * Smoothness and lag, so that the trade-off of any temporal filtering is visible: roughness is
 * the mean |x(t) − x(t − 1 s)| over consecutive scored seconds, of the fused occupancy and of the
 * truth (a fused series rougher than the truth is noise the operator and forecaster see); the
 * ramp window (`rampMs`, e.g. the pilot's ingress) gets its own MAE and bias, where a filter that
 * lags shows as a negative bias.
 */
import type { EpochMs, LoggedReading, SensorReading } from '../contracts/index.ts';
import type { Venue } from '../venue/index.ts';
import type { StreamConfig } from './config.ts';
import { createStreamProcessor, type StreamProcessor } from './processor.ts';

/** One second of the simulator's ground truth (the fields read here). */
export interface TruthRow {
  readonly ts: number;
  readonly zones: readonly { readonly zoneId: string; readonly occupancy: number }[];
}

export interface ZoneAccuracy {
  readonly zoneId: string;
  /** Zone-seconds scored (truth known, zone not unknown). */
  readonly seconds: number;
  readonly unknownSeconds: number;
  readonly meanTruth: number;
  readonly mae: number;
  /** Mean of fused − true (people): positive = over-estimate. */
  readonly bias: number;
  /** Σ|fused − true| / Σ true (NaN when the zone was always empty). */
  readonly wape: number;
  /** Mean |fused(t) − fused(t − 1 s)| and |truth(t) − truth(t − 1 s)| over consecutive scored seconds (people). */
  readonly roughness: number;
  readonly truthRoughness: number;
  /** Over the ramp window (`rampMs`): seconds scored, MAE and bias (people). */
  readonly ramp: { readonly seconds: number; readonly mae: number; readonly bias: number };
  /** Over the range window (`rangeMs`): lowest and highest fused and true occupancy (NaN: none scored). */
  readonly range: { readonly fusedMin: number; readonly fusedMax: number; readonly truthMin: number; readonly truthMax: number };
}

export interface FusionAccuracy {
  readonly ticks: number;
  readonly zones: readonly ZoneAccuracy[];
  readonly overall: {
    readonly mae: number; readonly wape: number; readonly signedWape: number; readonly unknownSeconds: number;
    /** Mean over every zone's consecutive scored seconds (people per second). */
    readonly roughness: number; readonly truthRoughness: number;
    readonly ramp: { readonly seconds: number; readonly mae: number; readonly bias: number; readonly wape: number };
  };
  /** What each source alone suggested for its zone, against the truth (same seconds as its zone). */
  readonly sources: readonly { readonly zoneId: string; readonly sensorId: string; readonly kind: string; readonly seconds: number; readonly mae: number; readonly bias: number; readonly meanWeight: number }[];
  /** Fused and true occupancy of every zone at the requested probe times (`probeMs`). */
  readonly probes: readonly { readonly ts: number; readonly zones: readonly { zoneId: string; fused: number | null; truth: number }[] }[];
}

export interface ReplayOptions {
  readonly config?: Partial<StreamConfig>;
  /** Score only ticks at or after this time (ms), e.g. after the first window has filled. */
  readonly fromMs?: number;
  /** Tick times (ms) at which to keep every zone's fused and true occupancy. */
  readonly probeMs?: readonly number[];
  /** [from, to) tick times (ms) scored apart as the ramp window (lag of any filtering). */
  readonly rampMs?: readonly [number, number];
  /** [from, to) tick times (ms) over which each zone's lowest and highest occupancy are kept (swings). */
  readonly rangeMs?: readonly [number, number];
}

/**
 * Feeds readings in arrival order with `push`, then `finish` for the figures. Memory: the truth
 * (one row per second) and one accumulator per zone; readings are not kept.
 */
export class FusionReplay {
  private readonly stream: StreamProcessor;
  private readonly truth = new Map<number, TruthRow>();
  private readonly zoneIds: string[];
  private readonly absErr: Float64Array;
  private readonly signedErr: Float64Array;
  private readonly truthSum: Float64Array;
  private readonly scored: Float64Array;
  private readonly unknown: Float64Array;
  private readonly probes: FusionAccuracy['probes'][number][] = [];
  private readonly probeSet: ReadonlySet<number>;
  private readonly fromMs: number;
  private readonly rampMs: readonly [number, number];
  /** Per zone: previous scored second's fused and true occupancy (NaN: none), Σ|Δfused|, Σ|Δtruth|, steps. */
  private readonly prevFused: Float64Array;
  private readonly prevTruth: Float64Array;
  private readonly roughFused: Float64Array;
  private readonly roughTruth: Float64Array;
  private readonly steps: Float64Array;
  /** Per zone over the ramp window: seconds, Σ|err|, Σ err, Σ truth. */
  private readonly rampAcc: Float64Array[];
  private readonly rangeMs: readonly [number, number];
  /** Per zone over the range window: fused min, max, truth min, max. */
  private readonly rangeAcc: Float64Array[];
  /** Per zone:sensor, [seconds, Σ|err|, Σ err, Σ weight] of the occupancy it suggested. */
  private readonly perSource = new Map<string, { zoneId: string; sensorId: string; kind: string; acc: Float64Array }>();
  private batch: LoggedReading[] = [];
  private offset = 0;
  private arrivalMs = -Infinity;
  private clockMs = NaN;
  private ticks = 0;

  constructor(venue: Venue, truth: Iterable<TruthRow>, opts: ReplayOptions = {}) {
    this.stream = createStreamProcessor(venue, opts.config);
    for (const row of truth) this.truth.set(row.ts, row);
    this.zoneIds = venue.zones.map((z) => String(z.id));
    const n = this.zoneIds.length;
    this.absErr = new Float64Array(n);
    this.signedErr = new Float64Array(n);
    this.truthSum = new Float64Array(n);
    this.scored = new Float64Array(n);
    this.unknown = new Float64Array(n);
    this.probeSet = new Set(opts.probeMs ?? []);
    this.fromMs = opts.fromMs ?? -Infinity;
    this.rampMs = opts.rampMs ?? [NaN, NaN];
    this.prevFused = new Float64Array(n).fill(NaN);
    this.prevTruth = new Float64Array(n).fill(NaN);
    this.roughFused = new Float64Array(n);
    this.roughTruth = new Float64Array(n);
    this.steps = new Float64Array(n);
    this.rampAcc = this.zoneIds.map(() => new Float64Array(4));
    this.rangeMs = opts.rangeMs ?? [NaN, NaN];
    this.rangeAcc = this.zoneIds.map(() => Float64Array.of(Infinity, -Infinity, Infinity, -Infinity));
  }

  push(reading: SensorReading): void {
    this.arrivalMs = Math.max(this.arrivalMs, reading.ts);
    if (Number.isNaN(this.clockMs)) this.clockMs = Math.floor(reading.ts / 1000) * 1000 - 1000;
    // Every second strictly before this arrival is over: tick it with what arrived by then.
    while (this.clockMs + 1000 < this.arrivalMs) this.tickNext();
    this.batch.push({ offset: this.offset++, receivedAt: this.arrivalMs as EpochMs, reading });
  }

  finish(): FusionAccuracy {
    if (this.batch.length > 0) this.tickNext();
    let abs = 0, signed = 0, truth = 0, n = 0, unknown = 0;
    let rough = 0, roughTruth = 0, steps = 0;
    const ramp = new Float64Array(4);
    const zones = this.zoneIds.map((zoneId, i): ZoneAccuracy => {
      const s = this.scored[i]!;
      abs += this.absErr[i]!; signed += this.signedErr[i]!; truth += this.truthSum[i]!; n += s; unknown += this.unknown[i]!;
      const st = this.steps[i]!;
      rough += this.roughFused[i]!; roughTruth += this.roughTruth[i]!; steps += st;
      const ra = this.rampAcc[i]!;
      for (let k = 0; k < 4; k++) ramp[k]! += ra[k]!;
      return {
        roughness: st > 0 ? this.roughFused[i]! / st : NaN,
        truthRoughness: st > 0 ? this.roughTruth[i]! / st : NaN,
        ramp: { seconds: ra[0]!, mae: ra[0]! > 0 ? ra[1]! / ra[0]! : NaN, bias: ra[0]! > 0 ? ra[2]! / ra[0]! : NaN },
        range: rangeOf(this.rangeAcc[i]!),
        zoneId,
        seconds: s,
        unknownSeconds: this.unknown[i]!,
        meanTruth: s > 0 ? this.truthSum[i]! / s : NaN,
        mae: s > 0 ? this.absErr[i]! / s : NaN,
        bias: s > 0 ? this.signedErr[i]! / s : NaN,
        wape: this.truthSum[i]! > 0 ? this.absErr[i]! / this.truthSum[i]! : NaN,
      };
    });
    return {
      ticks: this.ticks,
      zones,
      overall: {
        mae: n > 0 ? abs / n : NaN, wape: truth > 0 ? abs / truth : NaN, signedWape: truth > 0 ? signed / truth : NaN, unknownSeconds: unknown,
        roughness: steps > 0 ? rough / steps : NaN,
        truthRoughness: steps > 0 ? roughTruth / steps : NaN,
        ramp: {
          seconds: ramp[0]!, mae: ramp[0]! > 0 ? ramp[1]! / ramp[0]! : NaN, bias: ramp[0]! > 0 ? ramp[2]! / ramp[0]! : NaN,
          wape: ramp[3]! > 0 ? ramp[1]! / ramp[3]! : NaN,
        },
      },
      sources: [...this.perSource.values()].map(({ zoneId, sensorId, kind, acc }) => ({
        zoneId, sensorId, kind, seconds: acc[0]!, mae: acc[1]! / acc[0]!, bias: acc[2]! / acc[0]!, meanWeight: acc[3]! / acc[0]!,
      })),
      probes: this.probes,
    };
  }

  private tickNext(): void {
    if (this.batch.length > 0) {
      this.stream.processBatch(this.batch);
      this.batch = [];
    }
    this.clockMs += 1000;
    const states = this.stream.tick(this.clockMs as EpochMs);
    this.ticks++;
    const row = this.truth.get(this.clockMs);
    if (row === undefined) return;
    const fusedById = new Map(states.map((s) => [String(s.zoneId), s.occupancy]));
    const stateById = new Map(states.map((s) => [String(s.zoneId), s]));
    if (this.probeSet.has(this.clockMs)) {
      this.probes.push({ ts: this.clockMs, zones: row.zones.map((z) => ({ zoneId: z.zoneId, fused: fusedById.get(z.zoneId) ?? null, truth: z.occupancy })) });
    }
    if (this.clockMs < this.fromMs) return;
    for (const z of row.zones) {
      const i = this.zoneIds.indexOf(z.zoneId);
      if (i < 0) continue;
      const fused = fusedById.get(z.zoneId);
      if (fused === null || fused === undefined) {
        this.unknown[i]!++;
        this.prevFused[i] = NaN;
        continue;
      }
      for (const src of stateById.get(z.zoneId)!.sources) {
        if (src.occupancy === null) continue;
        const key = `${z.zoneId}:${src.sensorId}`;
        let e = this.perSource.get(key);
        if (e === undefined) this.perSource.set(key, e = { zoneId: z.zoneId, sensorId: src.sensorId, kind: src.kind, acc: new Float64Array(4) });
        e.acc[0]!++;
        e.acc[1]! += Math.abs(src.occupancy - z.occupancy);
        e.acc[2]! += src.occupancy - z.occupancy;
        e.acc[3]! += src.weight;
      }
      const err = fused - z.occupancy;
      this.absErr[i]! += Math.abs(err);
      this.signedErr[i]! += err;
      this.truthSum[i]! += z.occupancy;
      this.scored[i]!++;
      if (!Number.isNaN(this.prevFused[i]!)) {
        this.roughFused[i]! += Math.abs(fused - this.prevFused[i]!);
        this.roughTruth[i]! += Math.abs(z.occupancy - this.prevTruth[i]!);
        this.steps[i]!++;
      }
      this.prevFused[i] = fused;
      this.prevTruth[i] = z.occupancy;
      if (this.clockMs >= this.rampMs[0] && this.clockMs < this.rampMs[1]) {
        const ra = this.rampAcc[i]!;
        ra[0]!++;
        ra[1]! += Math.abs(err);
        ra[2]! += err;
        ra[3]! += z.occupancy;
      }
      if (this.clockMs >= this.rangeMs[0] && this.clockMs < this.rangeMs[1]) {
        const rg = this.rangeAcc[i]!;
        rg[0] = Math.min(rg[0]!, fused);
        rg[1] = Math.max(rg[1]!, fused);
        rg[2] = Math.min(rg[2]!, z.occupancy);
        rg[3] = Math.max(rg[3]!, z.occupancy);
      }
    }
  }
}

function rangeOf(rg: Float64Array): ZoneAccuracy['range'] {
  const none = rg[0] === Infinity;
  return { fusedMin: none ? NaN : rg[0]!, fusedMax: none ? NaN : rg[1]!, truthMin: none ? NaN : rg[2]!, truthMax: none ? NaN : rg[3]! };
}
