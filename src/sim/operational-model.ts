/**
 * The collision-free speed model (Tordeux, Chraibi & Seyfried 2016; as in JuPedSim):
 *   direction e_i = normalise( e0_i + Σ_j −A·exp((l_ij − d_ij)/D)·ê_ij + Σ_w −A_w·exp((r_i − d_iw)/D_w)·ê_iw )
 *   speed     v_i = min(v0_i, max(0, s_i / T))
 * where ê points from agent i to neighbour j (or to the nearest point of wall w), l_ij = r_i + r_j
 * and s_i = min over neighbours j in the corridor ahead (|lateral offset| ≤ l_ij) of d_ij − l_ij.
 * A first-order explicit step then moves i by v_i·e_i·dt.
 *
 * Additions, each a known remedy of the model's failure modes:
 * - creep: an agent that wants to move but has no free spacing ahead tries the direction
 *   perpendicular to its heading (alternating side by id and tick) at `creepSpeedMps`, when
 *   that side is free. It breaks the head-on deadlocks the model has at high density;
 * - wall guard: a step that would cross a wall is cancelled and a centre closer than
 *   `minWallDistanceM` to a wall is pushed back out, so no agent leaves the walkable floor
 *   whatever the forces;
 * - holding agents (zero desired direction) stand still, as JuPedSim's waiting sets do.
 *
 * The step reads the frozen generation (store.x/y, mirrored in the grid's sorted copies) and
 * writes store.nextX/nextY. It allocates nothing unless a neighbourhood outgrows its scratch.
 */
import type { AgentStore } from './agents.ts';
import { doubles, type NeighbourGrid } from './neighbour-grid.ts';
import type { OperationalParams } from './params.ts';
import type { WallGrid } from './walls.ts';

/** exp(u) for u in [−7, 0] at 1/64 steps (linear interpolation error < 4e-5 relative). */
const EXP_TABLE_RANGE = 7;
const EXP_TABLE_STEPS = 64;
const EXP_TABLE = Float64Array.from({ length: EXP_TABLE_RANGE * EXP_TABLE_STEPS + 2 }, (_, k) => Math.exp(k / EXP_TABLE_STEPS - EXP_TABLE_RANGE));

export interface OperationalWorld {
  readonly store: AgentStore;
  readonly grid: NeighbourGrid;
  readonly walls: WallGrid;
  readonly params: OperationalParams;
  /** Length of a periodic corridor along x (0: not periodic), used by the fundamental-diagram tests. */
  readonly periodicLengthM?: number;
  readonly periodicMinX?: number;
}

/**
 * A neighbour lies beyond the repulsion's reach (u = (l − d)/D < −EXP_TABLE_RANGE) for sure when
 * d² > (l + range·D + slack)²; the slack keeps this squared pre-test from ever disagreeing with
 * the exact test in rounding, so the square root is only taken where the term may count.
 */
const REACH_SLACK_M = 1e-6;
/** Slack of the spacing's pre-test d ≥ along (|direction| = 1 within 1e-7 and d ≤ cutoff ≤ 5 m). */
const SPACING_SLACK_M = 1e-6;

export class OperationalModel {
  /**
   * Scratch for one agent's neighbours, packed by 4 in one plain double array (see NeighbourGrid
   * for why not a typed array): nb[4j..4j+3] = offset x, offset y, squared distance, sum of radii.
   */
  private nb: number[] = doubles(1024);
  private nn = 0;
  private tick = 0;

  constructor(private readonly world: OperationalWorld) {}

  step(dtS: number): void {
    const { store, grid, walls, params } = this.world;
    const periodicL = this.world.periodicLengthM ?? 0;
    const periodicMin = this.world.periodicMinX ?? 0;
    const n = grid.count;
    const A = params.strengthNeighbour, D = params.rangeNeighbourM;
    const reachM = EXP_TABLE_RANGE * D + REACH_SLACK_M;
    const Aw = params.strengthWall, Dw = params.rangeWallM;
    const invT = 1 / params.timeGapS;
    const cut2 = params.cutoffM * params.cutoffM;
    const denseCut2 = params.denseCutoffM * params.denseCutoffM;
    const denseCount = params.denseDensity * 9 * grid.cellM * grid.cellM;
    const creep = params.creepSpeedMps;
    const minWall = params.minWallDistanceM;
    const segs = walls.segs;
    const { order, packed, cellStart, cellsX, cellsY, cellOfSlot } = grid;
    const { desX, desY, freeSpeed, comfortGap, nextX, nextY, vx, vy, id, stalledS } = store;
    const tick = this.tick++;
    store.freeze(true);
    for (let k = 0; k < n; k++) {
      const i = order[k]!;
      const xi = packed[4 * k]!, yi = packed[4 * k + 1]!, ri = packed[4 * k + 2]!;
      const ex = desX[i]!, ey = desY[i]!;
      if (ex === 0 && ey === 0) {
        nextX[i] = xi; nextY[i] = yi; vx[i] = 0; vy[i] = 0;
        continue;
      }
      // Neighbours within the cutoff, gathered once for the direction and the spacing. The grid's
      // cells are half the cutoff: 5 × 5 cells cover it. In a dense crowd (≥ denseDensity in the
      // 3 × 3 cells around) nearer people screen the farther ones, and only the 3 × 3 cells
      // (≥ one cell in every direction) within denseCutoffM are searched.
      const cell = cellOfSlot[i]!;
      const cy = (cell / cellsX) | 0, cx = cell - cy * cellsX;
      let near = 0;
      for (let dy = -1; dy <= 1; dy++) {
        const row = cy + dy;
        if (row < 0 || row >= cellsY) continue;
        near += cellStart[row * cellsX + (cx < cellsX - 1 ? cx + 2 : cx + 1)]! - cellStart[row * cellsX + (cx > 0 ? cx - 1 : 0)]!;
      }
      const dense = near >= denseCount;
      const reach = dense ? 1 : 2;
      const cutSq = dense ? denseCut2 : cut2;
      const m = periodicL > 0
        ? this.gatherPeriodic(k, xi, yi, ri, cx, cy, reach, cutSq, periodicL)
        : this.gather(xi, yi, ri, cx, cy, reach, cutSq);
      this.nn = m;
      const nb = this.nb;
      let dirX = ex, dirY = ey;
      for (let j = 0; j < 4 * m; j += 4) {
        const d2 = nb[j + 2]!, l = nb[j + 3]!, reachJ = l + reachM;
        // Beyond 7 D the term is below 0.01 A: skip it. Without overlap, exp from a table.
        if (d2 > reachJ * reachJ) continue;
        const d = Math.sqrt(d2);
        const u = (l - d) / D;
        if (u < -EXP_TABLE_RANGE) continue;
        let e: number;
        if (u >= 0) e = Math.exp(u);
        else {
          const f = (u + EXP_TABLE_RANGE) * EXP_TABLE_STEPS, k0 = f | 0;
          e = EXP_TABLE[k0]! + (EXP_TABLE[k0 + 1]! - EXP_TABLE[k0]!) * (f - k0);
        }
        const w = A * e / d;
        dirX -= w * nb[j]!;
        dirY -= w * nb[j + 1]!;
      }
      const wc = walls.cellOf(xi, yi);
      const w0 = walls.start[wc]!, w1 = walls.start[wc + 1]!;
      for (let q = w0; q < w1; q++) {
        const w = walls.items[q]!;
        const ax = segs[4 * w]!, ay = segs[4 * w + 1]!, bx = segs[4 * w + 2]! - ax, by = segs[4 * w + 3]! - ay;
        const len2 = bx * bx + by * by;
        let t = len2 === 0 ? 0 : ((xi - ax) * bx + (yi - ay) * by) / len2;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        const px = xi - (ax + t * bx), py = yi - (ay + t * by);
        const d = Math.sqrt(px * px + py * py);
        if (d > ri + 0.3 || d < 1e-9) continue;
        const f = Aw * Math.exp((ri - d) / Dw) / d;
        dirX += f * px;
        dirY += f * py;
      }
      let norm = Math.sqrt(dirX * dirX + dirY * dirY);
      if (norm < 1e-9) { dirX = ex; dirY = ey; norm = 1; }
      dirX /= norm; dirY /= norm;
      const gap = comfortGap[i]!;
      let s = this.spacing(dirX, dirY, gap);
      const v0 = freeSpeed[i]!;
      let v = s * invT;
      if (v > v0) v = v0;
      if (v < 0) v = 0;
      if (v < creep && gap === 0) {
        // Creep sideways (anticipation of a gap to the side) against deadlock.
        const side = ((id[i]! + (tick >> 4)) & 1) === 0 ? 1 : -1;
        const lx = -dirY * side, ly = dirX * side;
        s = this.spacing(lx, ly, 0);
        if (s > 0) {
          dirX = lx; dirY = ly;
          v = Math.min(creep, s * invT);
        }
      }
      stalledS[i] = v < 0.1 * v0 ? stalledS[i]! + dtS : 0;
      let px = xi + v * dtS * dirX, py = yi + v * dtS * dirY;
      // Wall guard: cancel a step through a wall, then keep the centre minWall off every wall.
      for (let q = w0; q < w1; q++) {
        const w = walls.items[q]!;
        if (crosses(segs, w, xi, yi, px, py)) { px = xi; py = yi; break; }
      }
      for (let q = w0; q < w1; q++) {
        const w = walls.items[q]!;
        const ax = segs[4 * w]!, ay = segs[4 * w + 1]!, bx = segs[4 * w + 2]! - ax, by = segs[4 * w + 3]! - ay;
        const len2 = bx * bx + by * by;
        let t = len2 === 0 ? 0 : ((px - ax) * bx + (py - ay) * by) / len2;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        const qx = ax + t * bx, qy = ay + t * by;
        let ox = px - qx, oy = py - qy;
        const d = Math.sqrt(ox * ox + oy * oy);
        if (d >= minWall) continue;
        if (d < 1e-9) { ox = xi - qx; oy = yi - qy; }
        const on = Math.sqrt(ox * ox + oy * oy) || 1;
        const nxp = qx + (ox / on) * minWall, nyp = qy + (oy / on) * minWall;
        if (!crosses(segs, w, xi, yi, nxp, nyp)) { px = nxp; py = nyp; }
      }
      vx[i] = (px - xi) / dtS;
      vy[i] = (py - yi) / dtS;
      if (periodicL > 0) px = periodicMin + ((((px - periodicMin) % periodicL) + periodicL) % periodicL);
      nextX[i] = px;
      nextY[i] = py;
    }
    store.freeze(false);
  }

  /**
   * Neighbours of (xi, yi) within √cutSq among the cells cx ± reach, cy ± reach, into the scratch;
   * returns their number. The cells of a row are one contiguous range of the sorted arrays. The
   * agent itself (and anyone on exactly the same spot) is left out by d² ≥ 1e-18. Every candidate
   * is written and the count advances by the comparison's 0/1: no branch to mispredict in the
   * loop that dominates the step.
   */
  private gather(xi: number, yi: number, ri: number, cx: number, cy: number, reach: number, cutSq: number): number {
    const { packed, cellStart, cellsX, cellsY } = this.world.grid;
    const c0 = cx >= reach ? cx - reach : 0, c1 = cx + reach < cellsX ? cx + reach + 1 : cellsX;
    const r0 = cy >= reach ? cy - reach : 0, r1 = cy + reach < cellsY ? cy + reach : cellsY - 1;
    let nb = this.nb;
    let m4 = 0;
    for (let row = r0; row <= r1; row++) {
      const from = 4 * cellStart[row * cellsX + c0]!, to = 4 * cellStart[row * cellsX + c1]!;
      if (m4 + to - from > nb.length) { this.growScratch(m4 + to - from); nb = this.nb; }
      for (let q = from; q < to; q += 4) {
        const dx = packed[q]! - xi, dy = packed[q + 1]! - yi;
        const d2 = dx * dx + dy * dy;
        nb[m4] = dx; nb[m4 + 1] = dy; nb[m4 + 2] = d2; nb[m4 + 3] = ri + packed[q + 2]!;
        m4 += (+(d2 <= cutSq) & +(d2 >= 1e-18)) << 2;
      }
    }
    return m4 >> 2;
  }

  /** As `gather` on a corridor periodic along x (fundamental-diagram tests): columns wrap. */
  private gatherPeriodic(k: number, xi: number, yi: number, ri: number, cx: number, cy: number, reach: number, cutSq: number, periodicL: number): number {
    const { packed, cellStart, cellsX, cellsY } = this.world.grid;
    let m = 0;
    for (let dy = -reach; dy <= reach; dy++) {
      const row = cy + dy;
      if (row < 0 || row >= cellsY) continue;
      for (let part = 0; part <= 2 * reach; part++) {
        // A narrow ring wraps onto columns already visited: visit each column once.
        if (part > 0 && cellsX <= part) continue;
        const col = (((cx + part - reach) % cellsX) + cellsX) % cellsX;
        const from = cellStart[row * cellsX + col]!, to = cellStart[row * cellsX + col + 1]!;
        if (4 * (m + to - from) > this.nb.length) this.growScratch(4 * (m + to - from));
        const nb = this.nb;
        for (let q = from; q < to; q++) {
          let dx = packed[4 * q]! - xi;
          dx -= periodicL * Math.round(dx / periodicL);
          const ddy = packed[4 * q + 1]! - yi;
          const d2 = dx * dx + ddy * ddy;
          if (d2 > cutSq || q === k || d2 < 1e-18) continue;
          nb[4 * m] = dx; nb[4 * m + 1] = ddy; nb[4 * m + 2] = d2; nb[4 * m + 3] = ri + packed[4 * q + 2]!;
          m++;
        }
      }
    }
    return m;
  }

  /**
   * Free spacing ahead along (dx, dy): min of d − l − gap over neighbours in the corridor ahead.
   * d ≥ along (the offset's projection), so a neighbour whose along − l − gap cannot beat the best
   * so far is passed over before its square root. The slack covers rounding and a direction that
   * is unit only to float32 precision (the desired direction's fallback).
   */
  private spacing(dirX: number, dirY: number, gap: number): number {
    let s = Infinity;
    const nb = this.nb, end = 4 * this.nn;
    for (let j = 0; j < end; j += 4) {
      const dx = nb[j]!, dy = nb[j + 1]!;
      const along = dx * dirX + dy * dirY;
      if (along <= 0) continue;
      const lateral = dx * dirY - dy * dirX;
      const l = nb[j + 3]!;
      if (lateral > l || lateral < -l) continue;
      if (along - l - gap - SPACING_SLACK_M >= s) continue;
      const sj = Math.sqrt(nb[j + 2]!) - l - gap;
      if (sj < s) s = sj;
    }
    return s;
  }

  private growScratch(need: number): void {
    const b = doubles(Math.max(need, this.nb.length * 2));
    for (let k = 0; k < this.nb.length; k++) b[k] = this.nb[k]!;
    this.nb = b;
  }
}

/** True when the move p→q properly crosses wall w (touching counts as crossing, to stay safe). */
function crosses(segs: Float64Array, w: number, px: number, py: number, qx: number, qy: number): boolean {
  if (px === qx && py === qy) return false;
  const ax = segs[4 * w]!, ay = segs[4 * w + 1]!, bx = segs[4 * w + 2]!, by = segs[4 * w + 3]!;
  const d1 = (bx - ax) * (py - ay) - (by - ay) * (px - ax);
  const d2 = (bx - ax) * (qy - ay) - (by - ay) * (qx - ax);
  if ((d1 > 0 && d2 > 0) || (d1 < 0 && d2 < 0)) return false;
  const d3 = (qx - px) * (ay - py) - (qy - py) * (ax - px);
  const d4 = (qx - px) * (by - py) - (qy - py) * (bx - px);
  if ((d3 > 0 && d4 > 0) || (d3 < 0 && d4 < 0)) return false;
  return !(d1 === 0 && d2 === 0);
}
