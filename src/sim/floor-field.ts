/**
 * Travel-time floor fields by the fast marching method (Sethian 1996): the first-order upwind
 * solution of the eikonal equation |∇T| = 1 / F on the raster, from a set of target cells.
 * F is 1 in the open and drops within 0.8 m of a wall (to 0.45 at the wall), so routes keep off walls as
 * Vadere's obstacle cost does. T is in "seconds at 1 m/s", i.e. metres of effective path.
 *
 * The walking direction of each cell, −∇T normalised, is precomputed and stored as two Int8
 * components (×127): 6 bytes per cell with T. Cells next to the walkable area that are not
 * themselves walkable (a body centre can sit there, close to a wall) point to their best
 * walkable neighbour, so every reachable position has a direction.
 */
import type { Raster } from './raster.ts';
import { WALL_DIST_CAP_M } from './raster.ts';

export interface FloorField {
  readonly name: string;
  readonly travel: Float32Array;
  readonly dirX: Int8Array;
  readonly dirY: Int8Array;
  /** A representative target point (fallback heading when a cell has no direction). */
  readonly targetX: number;
  readonly targetY: number;
}

/** Speed factor F near walls: 0.3 at contact, 1 from 0.5 m on. */
function wallSpeedFactor(distM: number): number {
  return distM >= 0.8 ? 1 : 0.45 + 0.6875 * distM;
}

/** Binary min-heap of (key, cell) with lazy deletion, preallocated and grown by doubling. */
class Heap {
  keys = new Float64Array(1024);
  vals = new Int32Array(1024);
  size = 0;

  push(key: number, val: number): void {
    if (this.size === this.keys.length) {
      const k = new Float64Array(this.size * 2); k.set(this.keys); this.keys = k;
      const v = new Int32Array(this.size * 2); v.set(this.vals); this.vals = v;
    }
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.keys[p]! <= key) break;
      this.keys[i] = this.keys[p]!; this.vals[i] = this.vals[p]!; i = p;
    }
    this.keys[i] = key; this.vals[i] = val;
  }

  /** Removes the minimum and returns its cell; its key is left in `lastKey`. */
  lastKey = 0;
  pop(): number {
    const top = this.vals[0]!;
    this.lastKey = this.keys[0]!;
    const key = this.keys[--this.size]!, val = this.vals[this.size]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= this.size) break;
      if (c + 1 < this.size && this.keys[c + 1]! < this.keys[c]!) c++;
      if (this.keys[c]! >= key) break;
      this.keys[i] = this.keys[c]!; this.vals[i] = this.vals[c]!; i = c;
    }
    this.keys[i] = key; this.vals[i] = val;
    return top;
  }
}

/**
 * Computes a field from `targets` (walkable cell indices). `extraCost`, when given, multiplies the
 * slowness per cell (density-aware rerouting). `start`, when given, is each target's own travel
 * time (by target, not by cell): a target that is worse than another to end at starts later, so
 * that people trade a longer walk for a better spot (an audience filling from the front).
 */
export function computeFloorField(
  raster: Raster, targets: ArrayLike<number>, name: string, extraCost?: Float32Array, targetDir?: readonly [number, number],
  start?: ArrayLike<number>,
): FloorField {
  const { cellsX: nx, cellsY: ny, cellM: h } = raster;
  const n = nx * ny;
  const T = new Float32Array(n).fill(Infinity);
  const accepted = new Uint8Array(n);
  const heap = new Heap();
  let sx = 0, sy = 0;
  for (let k = 0; k < targets.length; k++) {
    const c = targets[k]!;
    const t0 = start ? start[k]! : 0;
    T[c] = t0;
    heap.push(t0, c);
    sx += raster.centreX(c % nx); sy += raster.centreY(Math.floor(c / nx));
  }
  const walk = raster.walkable, wd = raster.wallDistM;
  while (heap.size > 0) {
    const c = heap.pop();
    if (accepted[c]) continue;
    accepted[c] = 1;
    const cx = c % nx, cy = (c - cx) / nx;
    for (let k = 0; k < 4; k++) {
      const ex = k === 0 ? cx - 1 : k === 1 ? cx + 1 : cx;
      const ey = k === 2 ? cy - 1 : k === 3 ? cy + 1 : cy;
      if (ex < 0 || ey < 0 || ex >= nx || ey >= ny) continue;
      const e = ey * nx + ex;
      if (accepted[e] || !walk[e]) continue;
      const a = Math.min(ex > 0 ? T[e - 1]! : Infinity, ex < nx - 1 ? T[e + 1]! : Infinity);
      const b = Math.min(ey > 0 ? T[e - nx]! : Infinity, ey < ny - 1 ? T[e + nx]! : Infinity);
      const slow = (h / wallSpeedFactor(Math.min(wd[e]!, WALL_DIST_CAP_M))) * (extraCost ? extraCost[e]! : 1);
      let t: number;
      if (Math.abs(a - b) >= slow) t = Math.min(a, b) + slow;
      else t = (a + b + Math.sqrt(2 * slow * slow - (a - b) * (a - b))) / 2;
      if (t < T[e]!) {
        T[e] = t;
        heap.push(t, e);
      }
    }
  }
  const dirX = new Int8Array(n), dirY = new Int8Array(n);
  for (let cy = 0; cy < ny; cy++) {
    for (let cx = 0; cx < nx; cx++) {
      const c = cy * nx + cx;
      const t = T[c]!;
      if (t === Infinity) continue;
      const l = cx > 0 ? T[c - 1]! : Infinity, r = cx < nx - 1 ? T[c + 1]! : Infinity;
      const d = cy > 0 ? T[c - nx]! : Infinity, u = cy < ny - 1 ? T[c + nx]! : Infinity;
      // Upwind one-sided differences: the gradient points from the lower neighbour.
      let gx = 0, gy = 0;
      if (l < t || r < t) gx = l < r ? t - l : r - t;
      if (d < t || u < t) gy = d < u ? t - d : u - t;
      const norm = Math.hypot(gx, gy);
      if (norm > 0) {
        dirX[c] = Math.round((-gx / norm) * 127);
        dirY[c] = Math.round((-gy / norm) * 127);
      }
    }
  }
  // On the target itself T is flat: walk on in the target's own direction (out through a gate)
  // rather than converge on its centre, which would funnel a wide opening into single file.
  if (targetDir) {
    for (let k = 0; k < targets.length; k++) {
      dirX[targets[k]!] = Math.round(targetDir[0] * 127);
      dirY[targets[k]!] = Math.round(targetDir[1] * 127);
    }
  }
  // Unwalkable cells bordering the walkable area point at their lowest walkable 8-neighbour.
  for (let cy = 0; cy < ny; cy++) {
    for (let cx = 0; cx < nx; cx++) {
      const c = cy * nx + cx;
      if (walk[c]) continue;
      let best = Infinity, bx = 0, by = 0;
      for (let oy = -1; oy <= 1; oy++) {
        for (let ox = -1; ox <= 1; ox++) {
          const ex = cx + ox, ey = cy + oy;
          if (ex < 0 || ey < 0 || ex >= nx || ey >= ny) continue;
          const e = ey * nx + ex;
          if (walk[e] && T[e]! < best) { best = T[e]!; bx = ox; by = oy; }
        }
      }
      if (best < Infinity) {
        const norm = Math.hypot(bx, by);
        T[c] = best + norm * h;
        // Right beside a target cell (T = 0: at a gate's end, where the wall meets the opening) go
        // on out in the target's own direction: pointing back at the target cell, whose direction
        // points here, left people stepping to and fro half a metre from the gate for ever (2 of
        // 15,000 in the full event at seed 11). Only side by side: from a diagonal neighbour the
        // way out may run into the wall, so those still point at the target cell.
        const out = best === 0 && targetDir !== undefined && (bx === 0 || by === 0);
        dirX[c] = Math.round((out ? targetDir[0] : bx / norm) * 127);
        dirY[c] = Math.round((out ? targetDir[1] : by / norm) * 127);
      }
    }
  }
  const m = Math.max(1, targets.length);
  return { name, travel: T, dirX, dirY, targetX: sx / m, targetY: sy / m };
}
