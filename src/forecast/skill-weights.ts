/**
 * Forecast combination by recent skill (Bates & Granger 1969), the bookkeeping: per zone, horizon
 * and member, an exponentially weighted mean of the member's absolute error, scored online against
 * the fused states (the only truth a live system has), and weights ∝ 1 / error². A member that
 * has forecast a zone well lately leads it; one that has not steps back.
 *
 * Every `recordEveryS` the members' p50 paths are kept; when a kept forecast's horizon h comes due
 * (the first `score` at or after its time + h minutes), each member's error at h against the
 * zone's occupancy then updates its mean, with a memory of `memoryS`. Until every member of a
 * (zone, horizon) has been scored once, they weigh the same. Pure and allocation-free per call
 * after the first ten minutes (the kept paths are recycled).
 */
import { assertInRange } from '../contracts/index.ts';
import { MAX_HORIZON_MIN, MINUTE_MS } from './forecaster.ts';

export interface SkillOptions {
  /** Seconds between kept forecasts (default 30, as the backtest forecasts). */
  readonly recordEveryS?: number;
  /** Memory of the error means, s (default 600: ten minutes of scored forecasts). */
  readonly memoryS?: number;
  /** Errors below this many people count as this (default 1): no member takes all from a lucky zero. */
  readonly errorFloorPeople?: number;
}

const H = MAX_HORIZON_MIN;

interface Kept { ts: number; readonly p50: Float64Array; scored: number }

export class SkillWeights {
  private readonly alpha: number;
  private readonly recordEveryMs: number;
  private readonly floor: number;
  /** Error mean per [zone][horizon][member]; NaN until scored. */
  private readonly mae: Float64Array;
  private readonly kept: Kept[] = [];
  private readonly spare: Float64Array[] = [];
  private lastKeptTs = -Infinity;

  constructor(readonly zones: number, readonly members: number, opts: SkillOptions = {}) {
    const recordEveryS = opts.recordEveryS ?? 30;
    const memoryS = opts.memoryS ?? 600;
    this.floor = opts.errorFloorPeople ?? 1;
    assertInRange('recordEveryS', recordEveryS, 1, 600);
    assertInRange('memoryS', memoryS, recordEveryS, 24 * 3600);
    assertInRange('errorFloorPeople', this.floor, 0.01, 1000);
    if (!(members >= 2)) throw new RangeError(`a combination needs at least two members, not ${members}`);
    this.alpha = recordEveryS / memoryS;
    this.recordEveryMs = recordEveryS * 1000;
    this.mae = new Float64Array(zones * H * members).fill(NaN);
  }

  /** Where member m's p50 for zone z at horizon index h (0-based) sits in a kept array and in the error means. */
  slot(z: number, h: number, m: number): number {
    return (z * H + h) * this.members + m;
  }

  /**
   * A forecast made at `ts`: returns the array to fill with its p50s at `slot(zone, h, member)`
   * (pre-filled with NaN: a member that gave none is not scored), or null when none is due to be kept.
   */
  keep(ts: number): Float64Array | null {
    if (ts - this.lastKeptTs < this.recordEveryMs) return null;
    const p50 = this.spare.pop() ?? new Float64Array(this.zones * H * this.members);
    p50.fill(NaN);
    this.kept.push({ ts, p50, scored: 0 });
    this.lastKeptTs = ts;
    return p50;
  }

  /** Scores the kept forecasts whose horizons have come due at `ts` against `occupancy` (per zone; NaN unknown). */
  score(occupancy: Float64Array, ts: number): void {
    const K = this.members;
    while (this.kept.length > 0) {
      const k = this.kept[0]!;
      while (k.scored < H && k.ts + (k.scored + 1) * MINUTE_MS <= ts) {
        const h = k.scored;
        for (let z = 0; z < this.zones; z++) {
          const y = occupancy[z]!;
          if (Number.isNaN(y)) continue;
          for (let m = 0; m < K; m++) {
            const at = this.slot(z, h, m);
            const p = k.p50[at]!;
            if (Number.isNaN(p)) continue;
            const e = Math.abs(p - y);
            const prev = this.mae[at]!;
            this.mae[at] = Number.isNaN(prev) ? e : prev + this.alpha * (e - prev);
          }
        }
        k.scored++;
      }
      if (k.scored < H) break;
      this.spare.push(this.kept.shift()!.p50);
    }
  }

  /**
   * The members' weights (Σ = 1) for zone z at horizon index h (0-based) into `out`, among the
   * first `use` members (the others weigh 0: a member that takes no part here is still scored, so
   * its skill is known when it does). Called per zone and horizon of every forecast (5,000 for 500
   * zones): no allocation.
   */
  weights(z: number, h: number, out: Float64Array, use = this.members): Float64Array {
    const K = Math.max(1, Math.min(this.members, use));
    for (let m = K; m < this.members; m++) out[m] = 0;
    const at = this.slot(z, h, 0);
    let scored = true;
    for (let m = 0; m < K; m++) if (Number.isNaN(this.mae[at + m]!)) scored = false;
    let sum = 0;
    for (let m = 0; m < K; m++) {
      const e = Math.max(this.floor, this.mae[at + m]!);
      out[m] = scored ? 1 / (e * e) : 1;
      sum += out[m]!;
    }
    for (let m = 0; m < K; m++) out[m] = out[m]! / sum;
    return out;
  }
}
