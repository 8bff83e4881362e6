/**
 * Incremental window aggregation by panes (Li et al. 2005, "No pane, no gain"): event time is cut
 * into hop-long panes; each source keeps one small accumulator per pane in a ring of flat
 * Float64Arrays, and a sliding window is the merge of its `window / hop` panes. No element is
 * stored: a reading is added to exactly one pane, whatever the number of windows it belongs to.
 *
 * Pane k covers event time [k·hop, (k+1)·hop). The window ending at E covers [E − window, E).
 */
import { BASE_STRIDE } from './topology.ts';

/**
 * Field offsets inside one pane. Times inside a pane are integer ms since the pane start and level
 * values are raw integer counts (the source's scale, e.g. people per Wi-Fi device, is applied when
 * read), so every sum but the tracks kinematics is an exact integer: merges, slides and deltas
 * then give the same bits in any order, which restore-and-replay relies on.
 */
export const F = {
  /** Readings in the pane. */
  n: 0,
  /** Σ v, Σ t, Σ t², Σ t·v of the source's raw level value v, for mean and trend. */
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
  /** tracks: frames whose pressure is known (a frame older than the previous one has none). */
  pressureFrames: 15,
} as const;
/** A tracks source's pane holds, after the shared fields, crossings in at BASE_STRIDE + 2b and out at + 1 for boundary slot b. */

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

  /** Panes held, as [k, ...fields] rows without trailing zeros: the compact JSON-safe checkpoint form. */
  toRows(): number[][] {
    const rows: number[][] = [];
    for (let slot = 0; slot < this.size; slot++) {
      const k = this.paneOf[slot]!;
      if (k < 0) continue;
      const base = slot * this.stride;
      let end = this.stride;
      while (end > 0 && this.data[base + end - 1] === 0) end--;
      const row = new Array<number>(end + 1);
      row[0] = k;
      for (let f = 0; f < end; f++) row[f + 1] = this.data[base + f]!;
      rows.push(row);
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

/** A merged window of one source. Times are ms since the window start. */
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
  pressureFrames: number;
  coherenceSum: number;
  coherenceFrames: number;
  /** Per boundary slot: crossings in, out (tracks sources). */
  readonly boundary: Float64Array;
}

export function emptyAgg(boundaries: number): WindowAgg {
  return {
    n: 0, sumV: 0, sumT: 0, sumTT: 0, sumTV: 0, in: 0, out: 0, intervalMs: 0,
    speedSum: 0, speedFrames: 0, pressureSum: 0, pressureFrames: 0, coherenceSum: 0, coherenceFrames: 0,
    boundary: new Float64Array(2 * boundaries),
  };
}

function resetAgg(agg: WindowAgg): void {
  agg.n = agg.sumV = agg.sumT = agg.sumTT = agg.sumTV = agg.in = agg.out = agg.intervalMs = 0;
  agg.speedSum = agg.speedFrames = agg.pressureSum = agg.pressureFrames = agg.coherenceSum = agg.coherenceFrames = 0;
  agg.boundary.fill(0);
}

/**
 * Adds (sign +1) or removes (−1) the pane at `b` to a window in which it starts `c` ms after the
 * window start. Regression sums move from pane time to window time:
 * Σ(t+c) = Σt + n·c, Σ(t+c)² = Σt² + 2c·Σt + n·c², Σ(t+c)·v = Σtv + c·Σv.
 */
function accumulate(agg: WindowAgg, d: Float64Array, b: number, c: number, sign: 1 | -1): void {
  const n = d[b + F.n]!;
  const sumT = d[b + F.sumT]!;
  const sumV = d[b + F.sumV]!;
  agg.n += sign * n;
  agg.sumV += sign * sumV;
  agg.sumT += sign * (sumT + n * c);
  agg.sumTT += sign * (d[b + F.sumTT]! + 2 * c * sumT + n * c * c);
  agg.sumTV += sign * (d[b + F.sumTV]! + c * sumV);
  agg.in += sign * d[b + F.in]!;
  agg.out += sign * d[b + F.out]!;
  agg.intervalMs += sign * d[b + F.intervalMs]!;
  agg.speedSum += sign * d[b + F.speedSum]!;
  agg.speedFrames += sign * d[b + F.speedFrames]!;
  agg.pressureSum += sign * d[b + F.pressureSum]!;
  agg.pressureFrames += sign * d[b + F.pressureFrames]!;
  agg.coherenceSum += sign * d[b + F.coherenceSum]!;
  agg.coherenceFrames += sign * d[b + F.coherenceFrames]!;
  for (let j = 0; j < agg.boundary.length; j++) agg.boundary[j]! += sign * d[b + BASE_STRIDE + j]!;
}

/** Merges panes [firstPane, firstPane + panes) into `agg` (reset first). */
export function mergeWindow(ring: PaneRing, firstPane: number, panes: number, hopMs: number, agg: WindowAgg): WindowAgg {
  resetAgg(agg);
  for (let i = 0; i < panes; i++) {
    const b = ring.find(firstPane + i);
    if (b >= 0) accumulate(agg, ring.data, b, i * hopMs, 1);
  }
  return agg;
}

/**
 * Moves a merged window forward from first pane `from` to `to` (< one window later): removes the
 * panes that leave, adds the ones that enter, and shifts the time origin. O(panes moved).
 * Exact only when every summed field holds integers (counts, ms): then the result is the same
 * bits as a fresh merge, whatever the history. Sources with fractional sums must merge instead.
 */
export function slideWindow(ring: PaneRing, from: number, to: number, panes: number, hopMs: number, agg: WindowAgg): WindowAgg {
  const d = ring.data;
  for (let k = from; k < to; k++) {
    const leaving = ring.find(k);
    if (leaving >= 0) accumulate(agg, d, leaving, (k - from) * hopMs, -1);
    const entering = ring.find(k + panes);
    if (entering >= 0) accumulate(agg, d, entering, (k + panes - from) * hopMs, 1);
  }
  const shift = (to - from) * hopMs;
  agg.sumTT += -2 * shift * agg.sumT + agg.n * shift * shift;
  agg.sumTV -= shift * agg.sumV;
  agg.sumT -= agg.n * shift;
  return agg;
}

/** Least-squares slope of v over t (v per ms), or null with fewer than two distinct times. */
export function slopePerMs(a: WindowAgg): number | null {
  const den = a.n * a.sumTT - a.sumT * a.sumT;
  if (a.n < 2 || !(den > 0)) return null;
  return (a.n * a.sumTV - a.sumT * a.sumV) / den;
}

/** Adds one level value v at `tMs` ms after the pane start to the pane at `base`. */
export function addLevel(d: Float64Array, base: number, tMs: number, v: number, ts: number): void {
  d[base + F.n]! += 1;
  d[base + F.sumV]! += v;
  d[base + F.sumT]! += tMs;
  d[base + F.sumTT]! += tMs * tMs;
  d[base + F.sumTV]! += tMs * v;
  if (ts >= d[base + F.lastTs]!) {
    d[base + F.lastTs] = ts;
    d[base + F.lastV] = v;
  }
}

/**
 * Applies the change of one pane (its fields `before` → `after`) to a merged window in which the
 * pane starts `c` ms after the window start: the incremental path of early firing, O(fields)
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
  agg.pressureFrames += after[afterBase + F.pressureFrames]! - before[F.pressureFrames]!;
  agg.coherenceSum += after[afterBase + F.coherenceSum]! - before[F.coherenceSum]!;
  agg.coherenceFrames += after[afterBase + F.coherenceFrames]! - before[F.coherenceFrames]!;
  for (let j = 0; j < agg.boundary.length; j++) {
    agg.boundary[j]! += after[afterBase + BASE_STRIDE + j]! - before[BASE_STRIDE + j]!;
  }
}

/**
 * Adds `extra` to the level value a reading at `tMs` (event time `ts`) already added to the pane
 * at `base`: a later part of the same camera frame. The pane still counts one reading.
 */
export function extendLevel(d: Float64Array, base: number, tMs: number, extra: number, ts: number): void {
  d[base + F.sumV]! += extra;
  d[base + F.sumTV]! += tMs * extra;
  if (d[base + F.lastTs] === ts) d[base + F.lastV]! += extra;
}
