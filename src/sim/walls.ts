/**
 * Walls from the venue geometry. Zones tile the floor and every zone edge is a wall except where a
 * passage opening lies; gates are openings to the outside. Two wall sets are built:
 * - `physical`: what bodies collide with: zone edges minus passage openings, plus interior walls,
 *   plus the gate openings themselves (closed doors: an agent leaves through a gate by reaching it,
 *   at which point the journey removes it, so nobody ever steps outside the walkable floor);
 * - `routing`: the same without the gates, so that floor fields can reach them.
 * Segments are flat Float64Arrays [ax, ay, bx, by, ...].
 */
import type { Segment, Venue } from '../venue/index.ts';
import { distanceToSegment } from '../venue/index.ts';

export interface WallSet {
  readonly physical: Float64Array;
  readonly routing: Float64Array;
}

const ON_EDGE_TOL_M = 1e-3;

export function buildWalls(venue: Venue): WallSet {
  const openings: Segment[] = venue.passages.map((p) => p.opening);
  const gates: Segment[] = venue.gates.map((g) => g.opening);
  const pieces: number[] = [];
  const seen = new Set<string>();
  const push = (ax: number, ay: number, bx: number, by: number): void => {
    const k1 = `${ax.toFixed(4)},${ay.toFixed(4)},${bx.toFixed(4)},${by.toFixed(4)}`;
    const k2 = `${bx.toFixed(4)},${by.toFixed(4)},${ax.toFixed(4)},${ay.toFixed(4)}`;
    if (seen.has(k1) || seen.has(k2)) return;
    seen.add(k1);
    pieces.push(ax, ay, bx, by);
  };
  for (const zone of venue.zones) {
    const poly = zone.polygon;
    for (let e = 0; e < poly.length; e++) {
      const a = poly[e]!;
      const b = poly[(e + 1) % poly.length]!;
      for (const [s, t] of subtractOpenings(a, b, [...openings, ...gates])) {
        push(a[0] + (b[0] - a[0]) * s, a[1] + (b[1] - a[1]) * s, a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t);
      }
    }
  }
  for (const line of venue.walls) {
    for (let k = 0; k + 1 < line.length; k++) push(line[k]![0], line[k]![1], line[k + 1]![0], line[k + 1]![1]);
  }
  const routing = Float64Array.from(pieces);
  const physical = new Float64Array(pieces.length + gates.length * 4);
  physical.set(routing);
  gates.forEach(([a, b], k) => physical.set([a[0], a[1], b[0], b[1]], pieces.length + k * 4));
  return { physical, routing };
}

/** Parameter intervals [s, t] of edge a→b left after removing every opening lying on it. */
function subtractOpenings(a: readonly [number, number], b: readonly [number, number], openings: readonly Segment[]): Array<[number, number]> {
  const len2 = (b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2;
  if (len2 === 0) return [];
  const cuts: Array<[number, number]> = [];
  for (const op of openings) {
    if (distanceToSegment(op[0][0], op[0][1], [a, b]) > ON_EDGE_TOL_M || distanceToSegment(op[1][0], op[1][1], [a, b]) > ON_EDGE_TOL_M) continue;
    const t0 = ((op[0][0] - a[0]) * (b[0] - a[0]) + (op[0][1] - a[1]) * (b[1] - a[1])) / len2;
    const t1 = ((op[1][0] - a[0]) * (b[0] - a[0]) + (op[1][1] - a[1]) * (b[1] - a[1])) / len2;
    cuts.push([Math.max(0, Math.min(t0, t1)), Math.min(1, Math.max(t0, t1))]);
  }
  cuts.sort((p, q) => p[0] - q[0]);
  const out: Array<[number, number]> = [];
  let s = 0;
  for (const [c0, c1] of cuts) {
    if (c0 > s + 1e-9) out.push([s, c0]);
    s = Math.max(s, c1);
  }
  if (s < 1 - 1e-9) out.push([s, 1]);
  return out;
}

/**
 * Uniform grid over the walls: each cell lists the segments within `reachM` of it, in CSR form
 * (`start[c]..start[c+1]` index into `items`). Queried once per agent per step.
 */
export class WallGrid {
  readonly cellM: number;
  readonly originX: number;
  readonly originY: number;
  readonly cellsX: number;
  readonly cellsY: number;
  readonly start: Int32Array;
  readonly items: Int32Array;

  constructor(readonly segs: Float64Array, bounds: { minX: number; minY: number; maxX: number; maxY: number }, cellM = 1, reachM = 0.6) {
    this.cellM = cellM;
    this.originX = bounds.minX - 2;
    this.originY = bounds.minY - 2;
    this.cellsX = Math.ceil((bounds.maxX - bounds.minX + 4) / cellM) + 1;
    this.cellsY = Math.ceil((bounds.maxY - bounds.minY + 4) / cellM) + 1;
    const nCells = this.cellsX * this.cellsY;
    const counts = new Int32Array(nCells + 1);
    const halfDiag = (cellM * Math.SQRT2) / 2;
    const visit = (fn: (cell: number, w: number) => void): void => {
      for (let w = 0; w < segs.length / 4; w++) {
        const ax = segs[4 * w]!, ay = segs[4 * w + 1]!, bx = segs[4 * w + 2]!, by = segs[4 * w + 3]!;
        const c0 = this.clampX(Math.floor((Math.min(ax, bx) - reachM - this.originX) / cellM) - 1);
        const c1 = this.clampX(Math.floor((Math.max(ax, bx) + reachM - this.originX) / cellM) + 1);
        const r0 = this.clampY(Math.floor((Math.min(ay, by) - reachM - this.originY) / cellM) - 1);
        const r1 = this.clampY(Math.floor((Math.max(ay, by) + reachM - this.originY) / cellM) + 1);
        for (let r = r0; r <= r1; r++) {
          for (let c = c0; c <= c1; c++) {
            const cx = this.originX + (c + 0.5) * cellM;
            const cy = this.originY + (r + 0.5) * cellM;
            if (distanceToSegment(cx, cy, [[ax, ay], [bx, by]]) <= reachM + halfDiag) fn(r * this.cellsX + c, w);
          }
        }
      }
    };
    visit((cell) => { counts[cell + 1]!++; });
    for (let c = 0; c < nCells; c++) counts[c + 1]! += counts[c]!;
    this.start = counts;
    const fill = Int32Array.from(counts.subarray(0, nCells));
    this.items = new Int32Array(counts[nCells]!);
    visit((cell, w) => { this.items[fill[cell]!++] = w; });
  }

  private clampX(c: number): number {
    return c < 0 ? 0 : c >= this.cellsX ? this.cellsX - 1 : c;
  }

  private clampY(r: number): number {
    return r < 0 ? 0 : r >= this.cellsY ? this.cellsY - 1 : r;
  }

  cellOf(x: number, y: number): number {
    return this.clampY(Math.floor((y - this.originY) / this.cellM)) * this.cellsX + this.clampX(Math.floor((x - this.originX) / this.cellM));
  }
}
