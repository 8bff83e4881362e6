/**
 * What density-aware rerouting reads from the crowd, per routing-raster cell: the slowness
 * v_free / v_Weidmann(ρ) with the exits' cap and with the stages' cap, and whether an audience
 * spot has room. Densities come from the neighbour grid's counts, so they are worked out once per
 * grid cell (a grid cell covers several raster cells) and then spread over the raster, into
 * arrays kept between calls.
 */
import { WEIDMANN, weidmannSpeed } from '../venue/index.ts';
import type { AgentStore } from './agents.ts';
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
 * Where people stand still at this density or more (over the 3 × 3 grid cells around), the way
 * to a stage costs STAGE_MAX_COST: a walker cannot get through a standing audience or a stalled
 * queue at the speed Weidmann's diagram gives a moving crowd of that density, p/m².
 */
const STOPPED_PPSM = 1.5;
/** Slower than this counts as standing still, m/s. */
const STOPPED_MPS = 0.2;

/**
 * An audience spot has room while the density over the 3 × 3 grid cells around it (one cell is a
 * person or two) is below its zone's planning density, the zone's capacity over its floor area
 * (the venue's own figure: 3 p/m² for a concert pit, 2 p/m² for a standing field, the Green
 * Guide's standing density), and while the zone as a whole holds less than ZONE_CLOSE_SHARE of
 * its capacity: a full pen is closed to newcomers, as stewards close it. (The last few percent
 * are pockets a newcomer would have to push through the crowd to reach.)
 */
const ZONE_CLOSE_SHARE = 0.95;

export class RerouteInputs {
  readonly exitCost: Float32Array;
  readonly stageCost: Float32Array;
  readonly roomy: Uint8Array;
  /** Grid cell of each raster cell (both grids are fixed for a run). */
  private readonly gridCellOf: Int32Array;
  private readonly slowness: Float32Array;

  /** Per zone: planning density (capacity / walkable area), p/m², and capacity. */
  private readonly planning: Float32Array;
  private readonly capacity: Int32Array;
  /** Per grid cell: density over the 3 × 3 cells around, p/m². */
  private readonly around: Float32Array;
  /** Per grid cell: people in it, people standing still in it; and 1 where they stand at STOPPED_PPSM or more around. */
  private readonly people: Int32Array;
  private readonly stopped: Int32Array;
  private readonly standing: Uint8Array;

  constructor(private readonly raster: Raster, private readonly grid: NeighbourGrid, zoneCapacity: readonly number[]) {
    const n = raster.cellsX * raster.cellsY;
    const cellsOfZone = new Int32Array(zoneCapacity.length);
    for (let c = 0; c < n; c++) if (raster.walkable[c] && raster.zoneOf[c]! >= 0) cellsOfZone[raster.zoneOf[c]!]! += 1;
    this.capacity = Int32Array.from(zoneCapacity);
    this.planning = Float32Array.from(zoneCapacity, (cap, z) => cap / Math.max(1, cellsOfZone[z]!) / (raster.cellM * raster.cellM));
    this.exitCost = new Float32Array(n);
    this.stageCost = new Float32Array(n);
    this.roomy = new Uint8Array(n);
    this.gridCellOf = new Int32Array(n);
    for (let cy = 0; cy < raster.cellsY; cy++) {
      const gy = grid.cellY(raster.centreY(cy));
      for (let cx = 0; cx < raster.cellsX; cx++) this.gridCellOf[cy * raster.cellsX + cx] = gy * grid.cellsX + grid.cellX(raster.centreX(cx));
    }
    this.slowness = new Float32Array(grid.cellsX * grid.cellsY);
    this.around = new Float32Array(grid.cellsX * grid.cellsY);
    this.people = new Int32Array(grid.cellsX * grid.cellsY);
    this.stopped = new Int32Array(grid.cellsX * grid.cellsY);
    this.standing = new Uint8Array(grid.cellsX * grid.cellsY);
  }

  /** Recomputes every array from the grid as last built, the agents' last velocities and each zone's occupancy. */
  update(store: AgentStore, zoneCount: Int32Array): void {
    const g = this.grid, area = g.cellM * g.cellM, nx = g.cellsX, ny = g.cellsY, start = g.cellStart;
    const people = this.people, stopped = this.stopped, cellOf = g.cellOfSlot, vx = store.vx, vy = store.vy;
    for (let gc = 0; gc < people.length; gc++) people[gc] = start[gc + 1]! - start[gc]!;
    stopped.fill(0);
    for (let i = 0; i < store.count; i++) {
      if (vx[i]! * vx[i]! + vy[i]! * vy[i]! < STOPPED_MPS * STOPPED_MPS) stopped[cellOf[i]!]! += 1;
    }
    for (let gy = 0; gy < ny; gy++) {
      for (let gx = 0; gx < nx; gx++) {
        const gc = gy * nx + gx, rho = people[gc]! / area;
        // Weidmann's speed reaches 0 at jam density: floored at a tenth of free speed, which the
        // caps below (3 and 10) bind before anyway.
        this.slowness[gc] = rho < 0.5 ? 1 : WEIDMANN.freeSpeed / Math.max(0.134, weidmannSpeed(rho));
        this.standing[gc] = boxSum(stopped, nx, ny, gx, gy) / (9 * area) >= STOPPED_PPSM ? 1 : 0;
        this.around[gc] = boxSum(people, nx, ny, gx, gy) / (9 * area);
      }
    }
    for (let c = 0; c < this.gridCellOf.length; c++) {
      const gc = this.gridCellOf[c]!, slow = this.slowness[gc]!;
      this.exitCost[c] = Math.min(EXIT_MAX_COST, slow);
      this.stageCost[c] = this.standing[gc] ? STAGE_MAX_COST : Math.min(STAGE_MAX_COST, slow);
      const z = this.raster.zoneOf[c]!;
      this.roomy[c] = z >= 0 && zoneCount[z]! < ZONE_CLOSE_SHARE * this.capacity[z]! && this.around[gc]! < this.planning[z]! ? 1 : 0;
    }
  }
}

/** Sum of `a` over the 3 × 3 cells around (gx, gy) of an nx × ny grid (cells outside count 0). */
function boxSum(a: Int32Array, nx: number, ny: number, gx: number, gy: number): number {
  let k = 0;
  for (let y = Math.max(0, gy - 1); y <= Math.min(ny - 1, gy + 1); y++) {
    for (let x = Math.max(0, gx - 1); x <= Math.min(nx - 1, gx + 1); x++) k += a[y * nx + x]!;
  }
  return k;
}
