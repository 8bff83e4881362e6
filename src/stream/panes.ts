/**
 * Incremental window aggregation by panes (Li et al. 2005, "No pane, no gain"): event time is cut
 * into hop-long panes; each source keeps one small accumulator per pane in a ring of flat
 * Float64Arrays, and a sliding window is the merge of its `window / hop` panes. No element is
 * stored: a reading is added to exactly one pane, whatever the number of windows it belongs to.
 *
 * Pane k covers event time [k·hop, (k+1)·hop). The window ending at E covers [E − window, E).
 */
import { BASE_STRIDE } from './topology.ts';

/** Field offsets inside one pane. Times inside a pane are seconds since the pane start. */
export const F = {
  /** Readings in the pane. */
  n: 0,
  /** Σ v, Σ t, Σ t², Σ t·v of the source's level value v (people), for mean and trend. */
  sumV: 1,
  sumT: 2,
  sumTT: 3,
  sumTV: 4,
  /** Event time and value of the newest reading in the pane. */
  lastTs: 5,
  lastV: 6,
  /** Line counts and ticket entries; tracks: crossings summed over all boundaries. */
  in: 7,
  out: 8,
  /** Σ of the intervals the counts cover (ms), so rates are count / covered time. */
  intervalMs: 9,
  /** tracks: Σ over frames of the frame's mean speed, frames with a speed. */
  speedSum: 10,
  speedFrames: 11,
  /** tracks: Σ over frames of the raw crowd pressure (s⁻²). */
  pressureSum: 12,
  /** tracks: Σ over frames of the flow coherence, frames where it is defined. */
  coherenceSum: 13,
  coherenceFrames: 14,
} as const;
export const boundaryIn = (slot: number): number => BASE_STRIDE + 2 * slot;
export const boundaryOut = (slot: number): number => BASE_STRIDE + 2 * slot + 1;

export class PaneRing {
  readonly data: Float64Array;
  /** Pane index held by each slot, −1 when empty. */
  readonly paneOf: Float64Array;

  constructor(readonly size: number, readonly stride: number) {
    this.data = new Float64Array(size * stride);
    this.paneOf = new Float64Array(size).fill(-1);
  }

  /** Offset of pane k in `data`, resetting a slot that held an older pane; −1 when the slot holds a newer one. */
  slotFor(k: number): number {
    const slot = k % this.size;
    const held = this.paneOf[slot]!;
    if (held === k) return slot * this.stride;
    if (held > k) return -1;
    this.paneOf[slot] = k;
    const base = slot * this.stride;
    this.data.fill(0, base, base + this.stride);
    return base;
  }

  /** Offset of pane k, or −1 when it is not held (empty). */
  find(k: number): number {
    const slot = k % this.size;
    return this.paneOf[slot] === k ? slot * this.stride : -1;
  }

  /** Panes held, as [k, ...fields] rows: the JSON-safe checkpoint form. */
  toRows(): number[][] {
    const rows: number[][] = [];
    for (let slot = 0; slot < this.size; slot++) {
      const k = this.paneOf[slot]!;
      if (k < 0) continue;
      const base = slot * this.stride;
      rows.push([k, ...this.data.subarray(base, base + this.stride)]);
    }
    return rows;
  }

  loadRows(rows: readonly (readonly number[])[]): void {
    for (const row of rows) {
      const k = row[0]!;
      const base = this.slotFor(k);
      if (base < 0) continue;
      for (let f = 0; f < this.stride; f++) this.data[base + f] = row[f + 1] ?? 0;
    }
  }
}

/** A merged window of one source. Times are seconds since the window start. */
export interface WindowAgg {
  n: number;
  sumV: number;
  sumT: number;
  sumTT: number;
  sumTV: number;
  in: number;
  out: number;
  intervalMs: number;
  speedSum: number;
  speedFrames: number;
  pressureSum: number;
  coherenceSum: number;
  coherenceFrames: number;
  /** Per boundary slot: crossings in, out (tracks sources). */
  readonly boundary: Float64Array;
}

export function emptyAgg(boundaries: number): WindowAgg {
  return {
    n: 0, sumV: 0, sumT: 0, sumTT: 0, sumTV: 0, in: 0, out: 0, intervalMs: 0,
    speedSum: 0, speedFrames: 0, pressureSum: 0, coherenceSum: 0, coherenceFrames: 0,
    boundary: new Float64Array(2 * boundaries),
  };
}

/**
 * Merges panes [firstPane, firstPane + panes) into `agg` (reset first). Regression sums are
 * shifted from pane time to window time: Σ(t+c) = Σt + n·c, Σ(t+c)² = Σt² + 2c·Σt + n·c²,
 * Σ(t+c)·v = Σtv + c·Σv, so the merge stays exact and well conditioned.
 */
export function mergeWindow(ring: PaneRing, firstPane: number, panes: number, hopS: number, agg: WindowAgg): WindowAgg {
  agg.n = agg.sumV = agg.sumT = agg.sumTT = agg.sumTV = agg.in = agg.out = agg.intervalMs = 0;
  agg.speedSum = agg.speedFrames = agg.pressureSum = agg.coherenceSum = agg.coherenceFrames = 0;
  agg.boundary.fill(0);
  const d = ring.data;
  const nb = agg.boundary.length;
  for (let i = 0; i < panes; i++) {
    const b = ring.find(firstPane + i);
    if (b < 0) continue;
    const n = d[b + F.n]!;
    const c = i * hopS;
    const sumT = d[b + F.sumT]!;
    const sumV = d[b + F.sumV]!;
    agg.n += n;
    agg.sumV += sumV;
    agg.sumT += sumT + n * c;
    agg.sumTT += d[b + F.sumTT]! + 2 * c * sumT + n * c * c;
    agg.sumTV += d[b + F.sumTV]! + c * sumV;
    agg.in += d[b + F.in]!;
    agg.out += d[b + F.out]!;
    agg.intervalMs += d[b + F.intervalMs]!;
    agg.speedSum += d[b + F.speedSum]!;
    agg.speedFrames += d[b + F.speedFrames]!;
    agg.pressureSum += d[b + F.pressureSum]!;
    agg.coherenceSum += d[b + F.coherenceSum]!;
    agg.coherenceFrames += d[b + F.coherenceFrames]!;
    for (let j = 0; j < nb; j++) agg.boundary[j]! += d[b + BASE_STRIDE + j]!;
  }
  return agg;
}

/** Least-squares slope of v over t (people per second), or null with fewer than two distinct times. */
export function slopePerS(a: WindowAgg): number | null {
  const den = a.n * a.sumTT - a.sumT * a.sumT;
  if (a.n < 2 || !(den > 1e-9 * Math.max(1, a.n * a.sumTT))) return null;
  return (a.n * a.sumTV - a.sumT * a.sumV) / den;
}

/** Adds one level value v at time tS (seconds since pane start) to the pane at `base`. */
export function addLevel(d: Float64Array, base: number, tS: number, v: number, ts: number): void {
  d[base + F.n]! += 1;
  d[base + F.sumV]! += v;
  d[base + F.sumT]! += tS;
  d[base + F.sumTT]! += tS * tS;
  d[base + F.sumTV]! += tS * v;
  if (ts >= d[base + F.lastTs]!) {
    d[base + F.lastTs] = ts;
    d[base + F.lastV] = v;
  }
}

/**
 * Applies the change of one pane (its fields `before` → `after`) to a merged window in which the
 * pane starts `c` seconds after the window start: the incremental path of early firing, O(fields)
 * instead of a merge of every pane of the window.
 */
export function applyPaneDelta(agg: WindowAgg, before: Float64Array, after: Float64Array, afterBase: number, c: number): void {
  const dn = after[afterBase + F.n]! - before[F.n]!;
  const dT = after[afterBase + F.sumT]! - before[F.sumT]!;
  const dV = after[afterBase + F.sumV]! - before[F.sumV]!;
  agg.n += dn;
  agg.sumV += dV;
  agg.sumT += dT + dn * c;
  agg.sumTT += after[afterBase + F.sumTT]! - before[F.sumTT]! + 2 * c * dT + dn * c * c;
  agg.sumTV += after[afterBase + F.sumTV]! - before[F.sumTV]! + c * dV;
  agg.in += after[afterBase + F.in]! - before[F.in]!;
  agg.out += after[afterBase + F.out]! - before[F.out]!;
  agg.intervalMs += after[afterBase + F.intervalMs]! - before[F.intervalMs]!;
  agg.speedSum += after[afterBase + F.speedSum]! - before[F.speedSum]!;
  agg.speedFrames += after[afterBase + F.speedFrames]! - before[F.speedFrames]!;
  agg.pressureSum += after[afterBase + F.pressureSum]! - before[F.pressureSum]!;
  agg.coherenceSum += after[afterBase + F.coherenceSum]! - before[F.coherenceSum]!;
  agg.coherenceFrames += after[afterBase + F.coherenceFrames]! - before[F.coherenceFrames]!;
  for (let j = 0; j < agg.boundary.length; j++) {
    agg.boundary[j]! += after[afterBase + BASE_STRIDE + j]! - before[BASE_STRIDE + j]!;
  }
}
