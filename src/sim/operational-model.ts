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
 * - stepping round: the repulsion of someone ahead who stands still or walks the other way
 *   (desired directions more than 120° apart) turns perpendicular to the heading, away from
 *   their side (dead ahead: to the right), instead of pushing back: in the plain model a walker
 *   hovers for ever in front of a standing person. Where the venue keeps lanes, oncoming people
 *   are always passed on the lanes' side. After the anticipation velocity model's
 *   avoidance (Xu, Chraibi & Seyfried 2021); people going the same way are as in the plain model;
 * - squeezing past: a blocked agent on the way through (Steer.Pass) counts those same people at
 *   `opposingWidthFactor` of the sum of radii in its spacing (shoulders turned), so two streams
 *   pass through each other and a walker through a standing crowd, slowly and with some overlap.
 *   A watcher pressing to its stage (Steer.Keep) does not: at a stage front the people walking at
 *   it are watchers pressing to the same front from the other side, and trading places pushes
 *   bodies into each other without taking either nearer;
 * - wall guard: a step that would cross a wall is cancelled and a centre closer than
 *   `minWallDistanceM` to a wall is pushed back out, so no agent leaves the walkable floor
 *   whatever the forces;
 * - holding agents (zero desired direction) stand still, as JuPedSim's waiting sets do.
 *
 * The step reads the frozen generation (store.x/y, mirrored in the grid's sorted copies) and
 * writes store.nextX/nextY. It runs in the WebAssembly kernel (native/sim-kernel/src/step.rs, the
 * one implementation of the formulas above), in place on the store's memory; this class keeps the
 * parameters, copies the walls into that memory once and sizes the neighbour scratch. It
 * allocates nothing unless a neighbourhood outgrows the scratch.
 *
 * The exponentials (wall repulsion, overlap, the table) come from Rust's libm, not V8's
 * Math.exp: on every run compared the results were identical to the former JavaScript step, but
 * where the two differ in the last bit, so will the runs (docs/SIMULATOR.md, "The tick").
 */
import { CrowdflowError } from '../contracts/index.ts';
import type { AgentStore } from './agents.ts';
import type { NeighbourGrid } from './neighbour-grid.ts';
import type { OperationalParams } from './params.ts';
import type { WallGrid } from './walls.ts';
import type { LaneSide } from './lanes.ts';

export interface OperationalWorld {
  readonly store: AgentStore;
  readonly grid: NeighbourGrid;
  readonly walls: WallGrid;
  readonly params: OperationalParams;
  /** The side walkers keep to where the venue has lanes (world.ts): people step round oncoming ones on it. */
  readonly lanes?: LaneSide;
  /** Length of a periodic corridor along x (0: not periodic), used by the fundamental-diagram tests. */
  readonly periodicLengthM?: number;
  readonly periodicMinX?: number;
}

/** Cells an agent's neighbours are gathered from, at most: 5 × 5 (the cutoff is two cells). */
const GATHER_CELLS = 25;
/**
 * Bytes of one neighbour in the scratch: offset x, offset y, squared distance, sum of radii,
 * desired direction (5 doubles), and, in a second region after the first, an index (the step's
 * list of neighbours in a corridor ahead).
 */
const NEIGHBOUR_BYTES = 44;

export class OperationalModel {
  private tick = 0;
  /** The walls' segments and CSR index, copied into the kernel's memory (byte offsets). */
  private readonly wallsAt: { readonly segs: number; readonly start: number; readonly items: number };
  /** Neighbour scratch in the kernel's memory: offset and capacity in neighbours. */
  private scratchAt = 0;
  private scratchCap = 0;

  /** The kernel's `sideways` code: 0 off; 1 away from the other's side; 2 / 3 oncoming people to the right / left. */
  private readonly sideways: number;

  constructor(private readonly world: OperationalWorld) {
    const { store, walls } = world;
    this.sideways = !world.params.stepAround ? 0 : world.lanes === 'right' ? 2 : world.lanes === 'left' ? 3 : 1;
    const k = store.kernel;
    const segs = k.alloc(8 * walls.segs.length), start = k.alloc(4 * walls.start.length), items = k.alloc(4 * walls.items.length);
    k.f64(segs, walls.segs.length).set(walls.segs);
    k.i32(start, walls.start.length).set(walls.start);
    k.i32(items, walls.items.length).set(walls.items);
    this.wallsAt = { segs, start, items };
  }

  step(dtS: number): void {
    const { store, grid, walls, params } = this.world;
    const n = grid.count;
    // Room for every candidate of the fullest neighbourhood (the kernel also checks per row).
    const need = Math.min(n, GATHER_CELLS * grid.mostInCell) + 1;
    if (need > this.scratchCap) {
      this.scratchCap = Math.max(need, 2 * this.scratchCap, 256);
      this.scratchAt = store.kernel.alloc(NEIGHBOUR_BYTES * this.scratchCap);
    }
    const g = grid.offsets, w = this.wallsAt;
    const tick = this.tick++;
    store.freeze(true);
    const done = store.kernel.exports.step(
      n, tick, dtS,
      params.strengthNeighbour, params.rangeNeighbourM, params.strengthWall, params.rangeWallM, params.timeGapS, params.cutoffM,
      params.denseCutoffM, params.denseDensity * 9 * grid.cellM * grid.cellM, params.creepSpeedMps, params.opposingWidthFactor, this.sideways, params.minWallDistanceM,
      this.world.periodicLengthM ?? 0, this.world.periodicMinX ?? 0,
      g.order, g.packed, g.cellStart, grid.cellsX, grid.cellsY, g.cellOf,
      store.desX.byteOffset, store.desY.byteOffset, store.freeSpeed.byteOffset, store.comfortGap.byteOffset, store.id.byteOffset, store.steer.byteOffset,
      store.nextX.byteOffset, store.nextY.byteOffset, store.vx.byteOffset, store.vy.byteOffset, store.stalledS.byteOffset,
      w.segs, w.start, w.items, walls.originX, walls.originY, walls.cellM, walls.cellsX, walls.cellsY,
      this.scratchAt, this.scratchCap,
    );
    store.freeze(false);
    if (done !== n) throw new CrowdflowError('CF_ERR_CONFLICT', `operational step: a neighbourhood outgrew the scratch of ${this.scratchCap} neighbours (expected at most ${GATHER_CELLS} × ${grid.mostInCell})`);
  }
}
