/**
 * Lanes in corridors (keep to one side). In a corridor or tunnel people walking in opposite
 * directions split into lanes, and at stadiums stewards and signs ask them to keep to one side.
 * The collision-free speed model does not form lanes by itself: two streams meeting head-on in a
 * corridor stop each other (docs/SIMULATOR.md, "Known limitations"). Here each target gets a
 * second field whose path through a corridor is dearer on the walker's wrong side, so that
 * walkers each way keep to their own half, in the corridor and a few metres either side of its
 * two openings (the lane region).
 *
 * Lanes are kept only while people walk both ways: a stream alone uses the full width, as
 * egress and evacuation times depend on it. Once a simulated second steering.ts recounts who
 * walks which way through each lane region (`updateActivity`); in the regions with counter-flow
 * it takes the walking directions from the second fields, elsewhere from the plain ones.
 *
 * A corridor is a zone of type `corridor` with exactly two passages. Which way a field's walkers
 * go through it is read from the plain field: from the opening farther from the target to the
 * nearer one.
 */
import type { Venue } from '../venue/index.ts';
import type { FloorField } from './floor-field.ts';
import type { Raster } from './raster.ts';

export const LANE_SIDES = ['none', 'right', 'left'] as const;
export type LaneSide = (typeof LANE_SIDES)[number];

/**
 * Slowness on the wrong side's outer half: walking there looks this many times longer. Large
 * enough that a walker crosses over before entering, small enough that a walker in the wrong
 * half still goes forward rather than across a stream.
 */
const WRONG_SIDE_COST = 2.5;
/** How far beyond each opening the lanes reach (m): where the streams sort themselves out. */
const APPROACH_M = 4;
/** People each way in a lane region from which it counts as counter-flow. */
const COUNTER_FLOW_MIN = 2;

interface Corridor {
  /** Cells of the lane region and, per cell, its lateral offset in half-widths, + on the right going A→B. */
  readonly cells: Int32Array;
  readonly offset: Float32Array;
  /** A cell just inside each opening. */
  readonly cellA: number;
  readonly cellB: number;
}

export class Lanes {
  private readonly corridors: Corridor[] = [];
  private readonly cost: Float32Array;
  /** Per raster cell: the corridor whose lane region holds it, or −1. */
  readonly regionOf: Int16Array;

  /** +1 when keeping right, −1 left. */
  private readonly keep: number;

  constructor(private readonly raster: Raster, venue: Venue, readonly side: Exclude<LaneSide, 'none'>) {
    this.keep = side === 'right' ? 1 : -1;
    this.cost = new Float32Array(raster.cellsX * raster.cellsY);
    this.regionOf = new Int16Array(raster.cellsX * raster.cellsY).fill(-1);
    venue.zones.forEach((z) => {
      if (z.type !== 'corridor' || z.passageIds.length !== 2) return;
      const [pa, pb] = z.passageIds.map((id) => venue.passages.find((p) => p.id === id)!);
      const mid = (s: readonly (readonly [number, number])[]): [number, number] => [(s[0]![0] + s[1]![0]) / 2, (s[0]![1] + s[1]![1]) / 2];
      const a = mid(pa!.opening), b = mid(pb!.opening);
      const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
      if (len < 1e-6) return;
      const ux = (b[0] - a[0]) / len, uy = (b[1] - a[1]) / len;
      // Right of a walker heading A→B (y up).
      const rx = uy, ry = -ux;
      const half = Math.max(pa!.widthM, pb!.widthM) / 2;
      const cells: number[] = [], offset: number[] = [];
      for (let cy = 0; cy < raster.cellsY; cy++) {
        for (let cx = 0; cx < raster.cellsX; cx++) {
          const c = cy * raster.cellsX + cx;
          if (!raster.walkable[c]) continue;
          const dx = raster.centreX(cx) - a[0], dy = raster.centreY(cy) - a[1];
          const along = dx * ux + dy * uy, across = (dx * rx + dy * ry) / half;
          if (along < -APPROACH_M || along > len + APPROACH_M || Math.abs(across) > 1.2) continue;
          cells.push(c);
          offset.push(Math.max(-1, Math.min(1, across)));
        }
      }
      const h = raster.cellM;
      for (const c of cells) if (this.regionOf[c] === -1) this.regionOf[c] = this.corridors.length;
      this.corridors.push({
        cells: Int32Array.from(cells), offset: Float32Array.from(offset),
        cellA: raster.cellOf(a[0] + ux * h, a[1] + uy * h), cellB: raster.cellOf(b[0] - ux * h, b[1] - uy * h),
      });
    });
  }

  get corridorCount(): number {
    return this.corridors.length;
  }

  /** Cells of corridor k's lane region. */
  regionCells(k: number): Int32Array {
    return this.corridors[k]!.cells;
  }

  /**
   * Recounts who walks which way through each lane region and sets `active` (per corridor, 1
   * while people walk through it both ways; a run's own state, the world is shared); `wayOf(i, k)`
   * is person i's way through corridor k (as `waysFor`), `cellOf(i)` their raster cell. `counts`
   * (2 per corridor) is scratch. Returns true when some corridor changed.
   */
  updateActivity(
    n: number, cellOf: (i: number) => number, wayOf: (i: number, k: number) => number, active: Uint8Array, counts: Int32Array,
  ): boolean {
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const k = this.regionOf[cellOf(i)]!;
      if (k < 0) continue;
      const w = wayOf(i, k);
      if (w !== 0) counts[2 * k + (w > 0 ? 0 : 1)]!++;
    }
    let changed = false;
    for (let k = 0; k < active.length; k++) {
      const on = Math.min(counts[2 * k]!, counts[2 * k + 1]!) >= COUNTER_FLOW_MIN ? 1 : 0;
      if (on !== active[k]) { active[k] = on; changed = true; }
    }
    return changed;
  }

  /**
   * Which way `plain`'s walkers go through each corridor, relative to the side kept: +1 keeps
   * the A→B right (or left) half, −1 the other, 0 where the field has no way through.
   */
  waysFor(plain: FloorField): Int8Array {
    const keep = this.keep;
    return Int8Array.from(this.corridors, (k) => {
      const ta = plain.travel[k.cellA]!, tb = plain.travel[k.cellB]!;
      // Both ends unreachable, or the target inside the corridor: no through direction.
      if (!(Math.min(ta, tb) < Infinity) || Math.abs(ta - tb) < 0.5 * this.raster.cellM) return 0;
      return (ta > tb ? 1 : -1) * keep;
    });
  }

  /**
   * The per-cell slowness factor that keeps walkers going `ways` to their side; undefined when
   * no corridor lies on their way. The array returned is reused by the next call.
   */
  costFor(ways: Int8Array): Float32Array | undefined {
    if (ways.every((w) => w === 0)) return undefined;
    const cost = this.cost.fill(1);
    this.corridors.forEach((k, i) => {
      const way = ways[i]!;
      if (way === 0) return;
      for (let j = 0; j < k.cells.length; j++) {
        // How far into the wrong half: 0 at the centre line, 1 halfway to the wall and beyond.
        const wrong = Math.min(1, -2 * way * k.offset[j]!);
        const c = k.cells[j]!;
        if (wrong > 0) cost[c] = cost[c]! * (1 + (WRONG_SIDE_COST - 1) * wrong);
      }
    });
    return cost;
  }
}
