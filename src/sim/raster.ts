/**
 * The venue rasterised on a square grid for routing and zone lookup (Vadere uses 0.1 m cells;
 * 0.25–0.5 m is enough for venues whose narrowest opening is ≥ 1 m).
 * - `zoneOf[c]`: index of the zone containing the cell centre, or -1 outside every zone;
 * - `walkable[c]`: inside a zone and not crossed by a routing wall. A cell counts as crossed when
 *   its centre lies within h/√2 of the wall, which blocks every cell the wall passes through, so
 *   a 4-neighbour stencil (fast marching) can never leak through a wall;
 * - `wallDistM[c]`: distance from the cell centre to the nearest wall (capped), for the cost
 *   of walking along walls.
 */
import { CrowdflowError } from '../contracts/index.ts';
import { pointInPolygon, type Venue } from '../venue/index.ts';
import { WallGrid } from './walls.ts';

export const WALL_DIST_CAP_M = 1;

export class Raster {
  readonly cellM: number;
  readonly originX: number;
  readonly originY: number;
  readonly cellsX: number;
  readonly cellsY: number;
  readonly zoneOf: Int16Array;
  readonly walkable: Uint8Array;
  readonly wallDistM: Float32Array;

  constructor(venue: Venue, routingWalls: Float64Array, cellM: number, maxCells = 20_000_000) {
    const b = venue.bounds;
    this.cellM = cellM;
    this.originX = b.minX;
    this.originY = b.minY;
    this.cellsX = Math.ceil((b.maxX - b.minX) / cellM);
    this.cellsY = Math.ceil((b.maxY - b.minY) / cellM);
    const n = this.cellsX * this.cellsY;
    if (n > maxCells) {
      throw new CrowdflowError('CF_ERR_RANGE', `routing grid of ${this.cellsX}×${this.cellsY} cells at ${cellM} m exceeds ${maxCells} cells; use a larger \`cellM\``);
    }
    this.zoneOf = new Int16Array(n).fill(-1);
    this.walkable = new Uint8Array(n);
    this.wallDistM = new Float32Array(n).fill(WALL_DIST_CAP_M);
    venue.zones.forEach((zone, zi) => {
      let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      for (const [px, py] of zone.polygon) {
        minX = Math.min(minX, px); maxX = Math.max(maxX, px); minY = Math.min(minY, py); maxY = Math.max(maxY, py);
      }
      const c0 = Math.max(0, Math.floor((minX - this.originX) / cellM)), c1 = Math.min(this.cellsX - 1, Math.ceil((maxX - this.originX) / cellM));
      const r0 = Math.max(0, Math.floor((minY - this.originY) / cellM)), r1 = Math.min(this.cellsY - 1, Math.ceil((maxY - this.originY) / cellM));
      for (let r = r0; r <= r1; r++) {
        for (let c = c0; c <= c1; c++) {
          if (pointInPolygon(this.centreX(c), this.centreY(r), zone.polygon)) this.zoneOf[r * this.cellsX + c] = zi;
        }
      }
    });
    const grid = new WallGrid(routingWalls, b, 1, WALL_DIST_CAP_M);
    const block = cellM / Math.SQRT2 + 1e-9;
    for (let r = 0; r < this.cellsY; r++) {
      for (let c = 0; c < this.cellsX; c++) {
        const i = r * this.cellsX + c;
        if (this.zoneOf[i]! < 0) continue;
        const x = this.centreX(c), y = this.centreY(r);
        const wc = grid.cellOf(x, y);
        let best = WALL_DIST_CAP_M;
        for (let k = grid.start[wc]!; k < grid.start[wc + 1]!; k++) {
          const d = segDist(routingWalls, grid.items[k]!, x, y);
          if (d < best) best = d;
        }
        this.wallDistM[i] = best;
        this.walkable[i] = best > block ? 1 : 0;
      }
    }
  }

  centreX(c: number): number {
    return this.originX + (c + 0.5) * this.cellM;
  }

  centreY(r: number): number {
    return this.originY + (r + 0.5) * this.cellM;
  }

  /** Cell index of a point (clamped to the grid). */
  cellOf(x: number, y: number): number {
    let c = Math.floor((x - this.originX) / this.cellM);
    let r = Math.floor((y - this.originY) / this.cellM);
    if (c < 0) c = 0; else if (c >= this.cellsX) c = this.cellsX - 1;
    if (r < 0) r = 0; else if (r >= this.cellsY) r = this.cellsY - 1;
    return r * this.cellsX + c;
  }
}

/** Distance from (x, y) to wall segment w of a flat segment array. */
export function segDist(segs: Float64Array, w: number, x: number, y: number): number {
  const ax = segs[4 * w]!, ay = segs[4 * w + 1]!;
  const dx = segs[4 * w + 2]! - ax, dy = segs[4 * w + 3]! - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((x - ax) * dx + (y - ay) * dy) / len2;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const ex = x - (ax + t * dx), ey = y - (ay + t * dy);
  return Math.sqrt(ex * ex + ey * ey);
}
