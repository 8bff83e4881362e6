/**
 * Steering: the desired direction of every agent that heads somewhere, read from its target's
 * floor field at its raster cell (or straight at the target's point where the field has no
 * direction). Who steers (`store.steer`) and who holds still follows from the journeys' states.
 * Both passes run in the WebAssembly kernel (native/sim-kernel/src/steer.rs) over the whole
 * store, on copies of the fields in the kernel's memory. A field replaced by rerouting is copied
 * again, into the same place (every field of a raster has the same size).
 *
 * With lanes (lanes.ts), once a second it recounts who walks which way through each corridor,
 * and in the lane regions of corridors with counter-flow it copies the directions of the fields
 * with lanes kept over the plain ones.
 */
import { Steer, type AgentStore } from './agents.ts';
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

  /** Per target: its way through each corridor (lanes.ts), when the world keeps lanes. */
  private readonly ways: (Int8Array | null)[];
  private runs = 0;
  /** Per corridor: 1 while it has counter-flow (lanes.ts); and the recount's scratch. */
  private readonly laneActive: Uint8Array;
  private readonly laneCounts: Int32Array;

  /** `laneEveryRuns`: runs (ticks) between two recounts of the corridors' counter-flow. */
  constructor(private readonly store: AgentStore, private readonly routing: Routing, private readonly laneEveryRuns: number) {
    const k = store.kernel, nt = routing.targets.length;
    this.ways = routing.targets.map((_, t) => routing.lanesOf(t)?.ways ?? null);
    this.laneActive = new Uint8Array(routing.lanes?.corridorCount ?? 0);
    this.laneCounts = new Int32Array(2 * this.laneActive.length);
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

  /**
   * Sets `steer` of every agent from its journey state at `timeS` (who holds, who keeps behind,
   * who squeezes past; see Journeys.passHint for `passHints`), then desX/desY: zero for those
   * who hold, along the field for the others.
   */
  run(timeS: number, passHints: boolean): void {
    const st = this.store, k = st.kernel, r = this.routing.raster;
    k.exports.decide_steer(
      st.count, timeS, passHints ? 1 : 0, st.state.byteOffset, st.done.byteOffset, st.target.byteOffset, st.untilS.byteOffset, st.placed.byteOffset,
      st.steer.byteOffset, st.desX.byteOffset, st.desY.byteOffset,
    );
    let recopied = this.syncFields();
    const lanes = this.routing.lanes;
    if (lanes && this.runs++ % this.laneEveryRuns === 0) {
      const { x, y, target, steer } = st;
      const changed = lanes.updateActivity(
        st.count, (i) => r.cellOf(x[i]!, y[i]!),
        (i, c) => (steer[i] !== Steer.Hold && target[i]! >= 0 ? this.ways[target[i]!]![c]! : 0),
        this.laneActive, this.laneCounts,
      );
      recopied ||= changed;
    }
    if (lanes && recopied) this.applyLanes();
    k.exports.steer(
      st.count, st.x.byteOffset, st.y.byteOffset, st.target.byteOffset, st.steer.byteOffset, st.desX.byteOffset, st.desY.byteOffset,
      this.dirsAt, this.pointsAt, r.originX, r.originY, r.cellM, r.cellsX, r.cellsY,
    );
  }

  /** Copies every field not copied yet or replaced since (computing those not yet computed); true if any. */
  private syncFields(): boolean {
    const k = this.store.kernel;
    let any = false;
    for (let t = 0; t < this.copied.length; t++) {
      const f = this.routing.field(t);
      if (f === this.copied[t]) continue;
      k.i8(this.fieldAt[t]!, this.cells).set(f.dirX);
      k.i8(this.fieldAt[t]! + this.cells, this.cells).set(f.dirY);
      const points = k.f64(this.pointsAt, 2 * this.copied.length);
      points[2 * t] = f.targetX;
      points[2 * t + 1] = f.targetY;
      this.copied[t] = f;
      any = true;
    }
    return any;
  }

  /** In every corridor's lane region, each target's directions with lanes kept if it is active, else plain. */
  private applyLanes(): void {
    const k = this.store.kernel, lanes = this.routing.lanes!;
    for (let t = 0; t < this.copied.length; t++) {
      const ways = this.ways[t]!, laned = this.routing.lanesOf(t)!.field, plain = this.copied[t]!;
      const dx = k.i8(this.fieldAt[t]!, this.cells), dy = k.i8(this.fieldAt[t]! + this.cells, this.cells);
      for (let c = 0; c < lanes.corridorCount; c++) {
        if (ways[c] === 0) continue;
        const f = this.laneActive[c] ? laned : plain;
        const cells = lanes.regionCells(c);
        for (let j = 0; j < cells.length; j++) {
          const cell = cells[j]!;
          dx[cell] = f.dirX[cell]!;
          dy[cell] = f.dirY[cell]!;
        }
      }
    }
  }
}
