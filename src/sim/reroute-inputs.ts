/**
 * What density-aware rerouting reads from the crowd, per routing-raster cell: the slowness
 * v_free / v_Weidmann(ρ) with the exits' cap and with the stages' cap, and whether an audience
 * spot has room. Densities come from the neighbour grid's counts, so they are worked out once per
 * grid cell (a grid cell covers several raster cells) and then spread over the raster, into
 * arrays kept between calls.
 */
import { WEIDMANN, weidmannSpeed } from '../venue/index.ts';
import type { NeighbourGrid } from './neighbour-grid.ts';
import type { Raster } from './raster.ts';

/**
 * Cap of the density cost on the way out: a jam looks at most this many times longer than the
 * free path. People do not see a queue's full length from inside a crowd, so a cap well below the
 * physical ratio keeps most of them at the nearer exit (RiMEA test 11).
 */
const EXIT_MAX_COST = 3;
/**
 * The same cap for the way to a stage area. Going to a show, people see a blocked tunnel and
 * the crowd in front of it and take the next one: a jam may look up to this many times longer.
 */
const STAGE_MAX_COST = 10;
/**
 * Density below which a spot of an audience area still has room for one more watcher, p/m².
 * Around the Green Guide's planning density for standing (2 p/m²) with the denser front a
 * concert pit holds. Judged over the 3 × 3 grid cells around (one cell is a person or two).
 */
const AUDIENCE_ROOM_PPSM = 3;

export class RerouteInputs {
  readonly exitCost: Float32Array;
  readonly stageCost: Float32Array;
  readonly roomy: Uint8Array;
  /** Grid cell of each raster cell (both grids are fixed for a run). */
  private readonly gridCellOf: Int32Array;
  private readonly slowness: Float32Array;
  private readonly roomyCell: Uint8Array;

  constructor(private readonly raster: Raster, private readonly grid: NeighbourGrid) {
    const n = raster.cellsX * raster.cellsY;
    this.exitCost = new Float32Array(n);
    this.stageCost = new Float32Array(n);
    this.roomy = new Uint8Array(n);
    this.gridCellOf = new Int32Array(n);
    for (let cy = 0; cy < raster.cellsY; cy++) {
      const gy = grid.cellY(raster.centreY(cy));
      for (let cx = 0; cx < raster.cellsX; cx++) this.gridCellOf[cy * raster.cellsX + cx] = gy * grid.cellsX + grid.cellX(raster.centreX(cx));
    }
    this.slowness = new Float32Array(grid.cellsX * grid.cellsY);
    this.roomyCell = new Uint8Array(grid.cellsX * grid.cellsY);
  }

  /** Recomputes every array from the grid as last built. */
  update(): void {
    const g = this.grid, area = g.cellM * g.cellM, nx = g.cellsX, ny = g.cellsY, start = g.cellStart;
    const count = (gx: number, gy: number): number => {
      if (gx < 0 || gy < 0 || gx >= nx || gy >= ny) return 0;
      const gc = gy * nx + gx;
      return start[gc + 1]! - start[gc]!;
    };
    for (let gy = 0; gy < ny; gy++) {
      for (let gx = 0; gx < nx; gx++) {
        const rho = count(gx, gy) / area;
        this.slowness[gy * nx + gx] = rho < 0.5 ? 1 : WEIDMANN.freeSpeed / Math.max(0.0134, weidmannSpeed(rho));
        let around = 0;
        for (let oy = -1; oy <= 1; oy++) for (let ox = -1; ox <= 1; ox++) around += count(gx + ox, gy + oy);
        this.roomyCell[gy * nx + gx] = around / (9 * area) < AUDIENCE_ROOM_PPSM ? 1 : 0;
      }
    }
    for (let c = 0; c < this.gridCellOf.length; c++) {
      const gc = this.gridCellOf[c]!, slow = this.slowness[gc]!;
      this.exitCost[c] = Math.min(EXIT_MAX_COST, slow);
      this.stageCost[c] = Math.min(STAGE_MAX_COST, slow);
      this.roomy[c] = this.roomyCell[gc]!;
    }
  }
}
