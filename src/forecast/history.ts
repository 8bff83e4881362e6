/**
 * Recent occupancy of every zone, kept at a coarse bucket (10 s) for the last 20 minutes: what the
 * baselines and the physics model look back on. Fixed memory per zone (a ring of Float64Array);
 * the newest observation in a bucket wins. NaN marks a bucket with no known occupancy.
 */
import type { ZoneId, ZoneState } from '../contracts/index.ts';

export const BUCKET_MS = 10_000;
const CAPACITY = 120; // 20 minutes of 10 s buckets

export class ZoneHistory {
  private readonly rings = new Map<ZoneId, Float64Array>();
  private newestBucket = -Infinity;

  constructor(readonly zoneIds: readonly ZoneId[]) {
    for (const id of zoneIds) this.rings.set(id, new Float64Array(CAPACITY).fill(NaN));
  }

  observe(states: readonly ZoneState[], tsMs: number): void {
    const bucket = Math.floor(tsMs / BUCKET_MS);
    if (bucket > this.newestBucket) {
      // Buckets skipped since the last observation carry no data: clear them.
      const from = Number.isFinite(this.newestBucket) ? Math.max(this.newestBucket + 1, bucket - CAPACITY + 1) : bucket - CAPACITY + 1;
      for (const ring of this.rings.values()) for (let b = from; b <= bucket; b++) ring[mod(b, CAPACITY)] = NaN;
      this.newestBucket = bucket;
    }
    for (const s of states) {
      if (s.occupancy === null) continue;
      const ring = this.rings.get(s.zoneId);
      if (ring) ring[mod(bucket, CAPACITY)] = s.occupancy;
    }
  }

  /** Occupancy `agoMs` before the newest bucket (NaN when unknown or out of reach). */
  at(zoneId: ZoneId, agoMs: number): number {
    const back = Math.round(agoMs / BUCKET_MS);
    const ring = this.rings.get(zoneId);
    if (!ring || back < 0 || back >= CAPACITY || !Number.isFinite(this.newestBucket)) return NaN;
    return ring[mod(this.newestBucket - back, CAPACITY)]!;
  }

  /** The newest known occupancy within the last minute (NaN when none). */
  latest(zoneId: ZoneId): number {
    for (let back = 0; back < 6; back++) {
      const v = this.at(zoneId, back * BUCKET_MS);
      if (!Number.isNaN(v)) return v;
    }
    return NaN;
  }

  /** Known samples of the last `spanMs`, oldest first, as [minutes relative to now (≤ 0), occupancy]. */
  window(zoneId: ZoneId, spanMs: number): [number, number][] {
    const ring = this.rings.get(zoneId);
    const out: [number, number][] = [];
    if (!ring || !Number.isFinite(this.newestBucket)) return out;
    for (let back = Math.min(CAPACITY - 1, Math.floor(spanMs / BUCKET_MS)); back >= 0; back--) {
      const v = ring[mod(this.newestBucket - back, CAPACITY)]!;
      if (!Number.isNaN(v)) out.push([-(back * BUCKET_MS) / 60_000, v]);
    }
    return out;
  }

  /**
   * Spread of one-minute changes over the last `spanMs` (root mean square, people): the scale of
   * the forecast band. A random walk's h-minute error grows as sqrt(h) times it.
   */
  minuteChangeRms(zoneId: ZoneId, spanMs = 10 * 60_000): number {
    const ring = this.rings.get(zoneId);
    if (!ring || !Number.isFinite(this.newestBucket)) return NaN;
    const step = 60_000 / BUCKET_MS;
    const head = mod(this.newestBucket, CAPACITY);
    let sum = 0;
    let n = 0;
    for (let back = 0; back + step < Math.min(CAPACITY, spanMs / BUCKET_MS); back++) {
      const a = ring[mod(head - back, CAPACITY)]!;
      const b = ring[mod(head - back - step, CAPACITY)]!;
      if (Number.isNaN(a) || Number.isNaN(b)) continue;
      sum += (a - b) ** 2;
      n++;
    }
    return n === 0 ? NaN : Math.sqrt(sum / n);
  }
}

function mod(a: number, m: number): number {
  return ((a % m) + m) % m;
}
