/**
 * Uniform neighbour grid rebuilt every tick by a counting sort of the agents into square cells.
 * Positions and radii are copied in cell order, packed (`packed[4k..4k+2]` = x, y, radius of
 * entry k), so that the cells of a row around an agent form one contiguous range: the neighbour
 * loop walks memory linearly. A plain array of doubles, not a typed array: once any ArrayBuffer in
 * the process was detached (the module loader under tsx does it), V8 re-checks the buffer of a
 * typed array on every access in a loop, about ten instructions; a double array needs only its
 * bounds check. The agent store itself stays typed arrays (it is read by other code).
 * No allocation after construction unless the agent count outgrows the buffers (then they grow).
 */
import type { AgentStore } from './agents.ts';

export class NeighbourGrid {
  readonly cellM: number;
  readonly originX: number;
  readonly originY: number;
  readonly cellsX: number;
  readonly cellsY: number;
  /** Cell c holds sorted entries cellStart[c] .. cellStart[c + 1] - 1 (a plain array: see `packed`). */
  readonly cellStart: number[];
  private readonly fill: Int32Array;
  /** Sorted entry k is agent slot order[k]. */
  order = new Int32Array(0);
  /** x, y, radius, (unused) of sorted entry k at 4k .. 4k + 3. */
  packed: number[] = doubles(0);
  /** Cell of each agent slot. */
  cellOfSlot = new Int32Array(0);
  count = 0;

  constructor(bounds: { minX: number; minY: number; maxX: number; maxY: number }, cellM: number) {
    this.cellM = cellM;
    this.originX = bounds.minX - 1;
    this.originY = bounds.minY - 1;
    this.cellsX = Math.max(1, Math.ceil((bounds.maxX - bounds.minX + 2) / cellM));
    this.cellsY = Math.max(1, Math.ceil((bounds.maxY - bounds.minY + 2) / cellM));
    this.cellStart = Array.from({ length: this.cellsX * this.cellsY + 1 }, () => 0);
    this.fill = new Int32Array(this.cellsX * this.cellsY);
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
    const n = store.count;
    if (this.order.length < n) {
      const cap = Math.max(n, this.order.length * 2, 64);
      this.order = new Int32Array(cap);
      this.packed = doubles(4 * cap);
      this.cellOfSlot = new Int32Array(cap);
    }
    this.count = n;
    const start = this.cellStart;
    start.fill(0);
    const x = store.x, y = store.y, cellOf = this.cellOfSlot;
    for (let i = 0; i < n; i++) {
      const c = this.cellY(y[i]!) * this.cellsX + this.cellX(x[i]!);
      cellOf[i] = c;
      start[c + 1]!++;
    }
    const nCells = this.cellsX * this.cellsY;
    for (let c = 0; c < nCells; c++) start[c + 1]! += start[c]!;
    for (let c = 0; c < nCells; c++) this.fill[c] = start[c]!;
    const r = store.radius, packed = this.packed;
    for (let i = 0; i < n; i++) {
      const k = this.fill[cellOf[i]!]!++;
      this.order[k] = i;
      packed[4 * k] = x[i]!;
      packed[4 * k + 1] = y[i]!;
      packed[4 * k + 2] = r[i]!;
    }
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
    for (let r = r0; r <= r1; r++) {
      const end = this.cellStart[r * this.cellsX + c1 + 1]!;
      for (let k = this.cellStart[r * this.cellsX + c0]!; k < end; k++) {
        const dx = this.packed[4 * k]! - x, dy = this.packed[4 * k + 1]! - y;
        if (dx * dx + dy * dy < clear2) return true;
      }
    }
    return false;
  }
}

/** A plain array of n doubles (PACKED_DOUBLE_ELEMENTS in V8: no detached-buffer check per access). */
export function doubles(n: number): number[] {
  const a = Array.from({ length: n }, () => 0.5);
  a.fill(0);
  return a;
}
