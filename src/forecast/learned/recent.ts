/**
 * Every zone's recent occupancy in one typed matrix (zones × 10 s buckets, 20 minutes), with the
 * few statistics the features need computed in place: ZoneHistory's semantics (newest observation
 * in a bucket wins, skipped buckets unknown, "latest" = newest known within a minute) without its
 * per-call arrays, so 500 zones' features cost no garbage.
 */
import { BUCKET_MS } from '../history.ts';

const CAPACITY = 121; // 20 minutes of 10 s buckets, and the bucket 20 minutes ago
const PER_MIN = 60_000 / BUCKET_MS;

/** What the features read of one zone's recent past (people, people per minute). */
export interface RecentStats {
  /** Newest known occupancy within the last minute (NaN: none). */
  now: number;
  /** Occupancy 1, 2, 5 and 10 minutes before the newest bucket (NaN: unknown). */
  ago1: number; ago2: number; ago5: number; ago10: number;
  /** Least-squares slope over the last 5 minutes (0 with fewer than 2 known buckets). */
  slope5PerMin: number;
  /** RMS of one-minute changes over the last 10 minutes (NaN: none). */
  minuteChangeRms: number;
}

export function emptyStats(): RecentStats {
  return { now: NaN, ago1: NaN, ago2: NaN, ago5: NaN, ago10: NaN, slope5PerMin: 0, minuteChangeRms: NaN };
}

export class RecentOccupancy {
  private readonly ring: Float64Array;
  private readonly scratch = new Float64Array(CAPACITY);
  private newest = -Infinity;

  constructor(readonly zones: number) {
    this.ring = new Float64Array(zones * CAPACITY).fill(NaN);
  }

  /** Records zone `i`'s occupancy at `tsMs` (NaN: unknown). Times must not decrease. */
  set(i: number, tsMs: number, occupancy: number): void {
    const bucket = Math.floor(tsMs / BUCKET_MS);
    if (bucket > this.newest) {
      const from = Number.isFinite(this.newest) ? Math.max(this.newest + 1, bucket - CAPACITY + 1) : bucket - CAPACITY + 1;
      for (let b = from; b <= bucket; b++) { const slot = mod(b, CAPACITY); for (let z = 0; z < this.zones; z++) this.ring[z * CAPACITY + slot] = NaN; }
      this.newest = bucket;
    }
    if (bucket === this.newest && !Number.isNaN(occupancy)) this.ring[i * CAPACITY + mod(bucket, CAPACITY)] = occupancy;
  }

  /** All of RecentStats of zone `i` in one pass over its buckets, into `out`. */
  stats(i: number, out: RecentStats): RecentStats {
    const v = this.scratch; // v[back] = occupancy `back` buckets before the newest
    if (!Number.isFinite(this.newest)) v.fill(NaN);
    else {
      const base = i * CAPACITY;
      let slot = mod(this.newest, CAPACITY);
      for (let back = 0; back < CAPACITY; back++) {
        v[back] = this.ring[base + slot]!;
        slot = slot === 0 ? CAPACITY - 1 : slot - 1;
      }
    }
    out.now = NaN;
    for (let back = 0; back < PER_MIN; back++) if (!Number.isNaN(v[back]!)) { out.now = v[back]!; break; }
    out.ago1 = v[PER_MIN]!; out.ago2 = v[2 * PER_MIN]!; out.ago5 = v[5 * PER_MIN]!; out.ago10 = v[10 * PER_MIN]!;
    let n = 0, sx = 0, sy = 0, sxy = 0, sxx = 0;
    for (let back = 0; back <= 5 * PER_MIN; back++) {
      const y = v[back]!;
      if (Number.isNaN(y)) continue;
      const x = -back / PER_MIN;
      n++; sx += x; sy += y; sxy += x * y; sxx += x * x;
    }
    const d = n < 2 ? 0 : sxx - (sx * sx) / n;
    out.slope5PerMin = d === 0 ? 0 : (sxy - (sx * sy) / n) / d;
    let s = 0, m = 0;
    for (let back = 0; back + PER_MIN < 10 * PER_MIN; back++) {
      const a = v[back]!, b = v[back + PER_MIN]!;
      if (Number.isNaN(a) || Number.isNaN(b)) continue;
      s += (a - b) ** 2; m++;
    }
    out.minuteChangeRms = m === 0 ? NaN : Math.sqrt(s / m);
    return out;
  }
}

function mod(a: number, m: number): number {
  return ((a % m) + m) % m;
}
