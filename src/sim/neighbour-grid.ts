/**
 * Uniform neighbour grid rebuilt every tick by a counting sort of the agents into square cells.
 * Positions and radii are copied in cell order, packed (`packed[4k..4k+2]` = x, y, radius of
 * entry k), so that the cells of a row around an agent form one contiguous range: the neighbour
 * loop walks memory linearly. The build runs in the WebAssembly kernel (native/sim-kernel,
 * grid.rs) and the arrays live in the memory of the store's kernel, where the operational step
 * reads them; here they are views, remade when that memory grows.
 */
import type { AgentStore } from './agents.ts';
import type { SimKernel } from './kernel/index.ts';

export class NeighbourGrid {
  readonly cellM: number;
  readonly originX: number;
  readonly originY: number;
  readonly cellsX: number;
  readonly cellsY: number;
  /** Cell c holds sorted entries cellStart[c] .. cellStart[c + 1] - 1. */
  cellStart: Int32Array;
  /** Sorted entry k is agent slot order[k]. */
  order: Int32Array = new Int32Array(0);
  /** x, y, radius, (unused) of sorted entry k at 4k .. 4k + 3. */
  packed: Float64Array = new Float64Array(0);
  /** Cell of each agent slot. */
  cellOfSlot: Int32Array = new Int32Array(0);
  count = 0;
  /** Most agents in one cell at the last build (sizes the operational step's neighbour scratch). */
  mostInCell = 0;
  /** The kernel whose memory holds the arrays (the store's, bound at the first build). */
  private kernel: SimKernel | undefined;
  /** Slots the per-agent arrays hold. */
  private slots = 0;
  private off = { cellStart: 0, fill: 0, order: 0, packed: 0, cellOf: 0 };

  constructor(bounds: { minX: number; minY: number; maxX: number; maxY: number }, cellM: number) {
    this.cellM = cellM;
    this.originX = bounds.minX - 1;
    this.originY = bounds.minY - 1;
    this.cellsX = Math.max(1, Math.ceil((bounds.maxX - bounds.minX + 2) / cellM));
    this.cellsY = Math.max(1, Math.ceil((bounds.maxY - bounds.minY + 2) / cellM));
    // Empty until the first build (arrivals ask `occupied` before it).
    this.cellStart = new Int32Array(this.cellsX * this.cellsY + 1);
  }

  /** Byte offsets in the kernel's memory, for the operational step. */
  get offsets(): { readonly cellStart: number; readonly order: number; readonly packed: number; readonly cellOf: number } {
    return this.off;
  }

  cellX(x: number): number {
    const c = Math.floor((x - this.originX) / this.cellM);
    return c < 0 ? 0 : c >= this.cellsX ? this.cellsX - 1 : c;
  }

  cellY(y: number): number {
    const c = Math.floor((y - this.originY) / this.cellM);
    return c < 0 ? 0 : c >= this.cellsY ? this.cellsY - 1 : c;
  }

  build(store: AgentStore): void {
    const n = store.count, k = store.kernel;
    if (this.kernel !== k) this.attach(k);
    if (this.slots < n) this.grow(Math.max(n, 2 * this.slots, 64));
    this.count = n;
    const o = this.off;
    this.mostInCell = k.exports.grid_build(
      n, store.x.byteOffset, store.y.byteOffset, store.radius.byteOffset, store.desX.byteOffset, store.desY.byteOffset, this.originX, this.originY, this.cellM, this.cellsX, this.cellsY,
      o.cellStart, o.fill, o.order, o.packed, o.cellOf,
    );
  }

  /** Moves the grid into the memory of `kernel` (the first build, or a grid reused with another store). */
  private attach(kernel: SimKernel): void {
    this.kernel = kernel;
    const nCells = this.cellsX * this.cellsY;
    this.off.cellStart = kernel.alloc(4 * (nCells + 1));
    this.off.fill = kernel.alloc(4 * nCells);
    this.slots = 0;
    this.grow(64);
    kernel.onGrow(() => { if (this.kernel === kernel) this.bind(); });
  }

  private grow(slots: number): void {
    const k = this.kernel!;
    this.off.order = k.alloc(4 * slots);
    this.off.packed = k.alloc(8 * 4 * slots);
    this.off.cellOf = k.alloc(4 * slots);
    this.slots = slots;
    this.bind();
  }

  /** (Re)makes the views on the kernel's memory. */
  private bind(): void {
    const k = this.kernel!, o = this.off;
    this.cellStart = k.i32(o.cellStart, this.cellsX * this.cellsY + 1);
    this.order = k.i32(o.order, this.slots);
    this.packed = k.f64(o.packed, 4 * this.slots);
    this.cellOfSlot = k.i32(o.cellOf, this.slots);
  }

  /**
   * After the store was reordered by `order` (AgentStore.reorder): entry k is now slot k. The
   * sorted copies stay as they are; the cells of the slots follow the permutation.
   */
  adoptOrder(): void {
    const n = this.count, order = this.order, cellOf = this.cellOfSlot, start = this.cellStart;
    // Entry k lies in the cell c whose range start[c] .. start[c + 1] − 1 holds k.
    let c = 0;
    for (let k = 0; k < n; k++) {
      while (start[c + 1]! <= k) c++;
      cellOf[k] = c;
      order[k] = k;
    }
  }

  /** True when some agent lies within `clearM` of (x, y) (used to place new agents without overlap). */
  occupied(x: number, y: number, clearM: number): boolean {
    const c0 = this.cellX(x - clearM), c1 = this.cellX(x + clearM);
    const r0 = this.cellY(y - clearM), r1 = this.cellY(y + clearM);
    const clear2 = clearM * clearM;
    const start = this.cellStart, packed = this.packed;
    for (let r = r0; r <= r1; r++) {
      const end = start[r * this.cellsX + c1 + 1]!;
      for (let k = start[r * this.cellsX + c0]!; k < end; k++) {
        const dx = packed[4 * k]! - x, dy = packed[4 * k + 1]! - y;
        if (dx * dx + dy * dy < clear2) return true;
      }
    }
    return false;
  }
}
