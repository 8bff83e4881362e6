/**
 * Steering: the desired direction of every agent that heads somewhere, read from its target's
 * floor field at its raster cell (or straight at the target's point where the field has no
 * direction). The journeys decide who steers (`store.steer`) and who holds still; this pass then
 * runs in the WebAssembly kernel (native/sim-kernel/src/steer.rs) over the whole store, on copies
 * of the fields in the kernel's memory. A field replaced by rerouting is copied again, into the
 * same place (every field of a raster has the same size).
 */
import type { AgentStore } from './agents.ts';
import type { FloorField } from './floor-field.ts';
import type { Routing } from './routing.ts';

export class Steering {
  private readonly cells: number;
  /** Per target t: byte offsets of its dirX and dirY copies at 2t, 2t + 1 (u32). */
  private readonly dirsAt: number;
  /** Per target t: its representative point at 2t, 2t + 1 (f64). */
  private readonly pointsAt: number;
  private readonly fieldAt: number[] = [];
  /** The field each copy was made from (by identity: rerouting makes a new one). */
  private readonly copied: (FloorField | undefined)[] = [];

  constructor(private readonly store: AgentStore, private readonly routing: Routing) {
    const k = store.kernel, nt = routing.targets.length;
    this.cells = routing.raster.cellsX * routing.raster.cellsY;
    this.dirsAt = k.alloc(4 * 2 * nt);
    this.pointsAt = k.alloc(8 * 2 * nt);
    for (let t = 0; t < nt; t++) {
      this.fieldAt.push(k.alloc(2 * this.cells));
      this.copied.push(undefined);
    }
    const dirs = k.u32(this.dirsAt, 2 * nt);
    for (let t = 0; t < nt; t++) {
      dirs[2 * t] = this.fieldAt[t]!;
      dirs[2 * t + 1] = this.fieldAt[t]! + this.cells;
    }
  }

  /** Sets desX/desY of every agent with `steer` = 1 (the others keep what the journeys wrote). */
  run(): void {
    const st = this.store, k = st.kernel, r = this.routing.raster;
    this.syncFields();
    k.exports.steer(
      st.count, st.x.byteOffset, st.y.byteOffset, st.target.byteOffset, st.steer.byteOffset, st.desX.byteOffset, st.desY.byteOffset,
      this.dirsAt, this.pointsAt, r.originX, r.originY, r.cellM, r.cellsX, r.cellsY,
    );
  }

  /** Copies every field not copied yet or replaced since (computing those not yet computed). */
  private syncFields(): void {
    const k = this.store.kernel;
    for (let t = 0; t < this.copied.length; t++) {
      const f = this.routing.field(t);
      if (f === this.copied[t]) continue;
      k.i8(this.fieldAt[t]!, this.cells).set(f.dirX);
      k.i8(this.fieldAt[t]! + this.cells, this.cells).set(f.dirY);
      const points = k.f64(this.pointsAt, 2 * this.copied.length);
      points[2 * t] = f.targetX;
      points[2 * t + 1] = f.targetY;
      this.copied[t] = f;
    }
  }
}
