/**
 * The agent store: struct-of-arrays over typed arrays. Active agents occupy slots [0, count);
 * removing one moves the last into its slot (deterministic, O(1)). `id` is the stable identity
 * of an agent across slot moves; per-id records (group, spawn and exit times) live in `AgentLog`.
 *
 * Positions are double-buffered: the operational model reads the frozen generation (x, y) and
 * writes the next (nextX, nextY); `commitPositions` swaps them. Writing the current generation
 * during the operational step is a bug the store refuses (`assertNotFrozen`).
 */
import { CrowdflowError } from '../contracts/index.ts';

/** Journey states (strategic/tactical layer); see journeys.ts. */
export const enum AgentState {
  Walk = 0,
  Watch = 1,
  Service = 2,
  Exit = 3,
  Wait = 4,
}

export class AgentStore {
  capacity: number;
  count = 0;
  x!: Float64Array;
  y!: Float64Array;
  nextX!: Float64Array;
  nextY!: Float64Array;
  /** Velocity of the last step, m/s. */
  vx!: Float32Array;
  vy!: Float32Array;
  /** Desired direction (unit, or zero when the agent holds still), set by the journeys each tick. */
  desX!: Float32Array;
  desY!: Float32Array;
  radius!: Float32Array;
  /** v0: free walking speed, m/s. */
  freeSpeed!: Float32Array;
  /** Extra gap kept to the person ahead (comfort distance at a stage), m. */
  comfortGap!: Float32Array;
  id!: Int32Array;
  state!: Uint8Array;
  /** Index of the target floor field, or -1. */
  target!: Int16Array;
  /** What the agent does on arrival: a facility index, a stage index or a gate index (by state). */
  purpose!: Int16Array;
  zone!: Int16Array;
  /** Time until which the agent waits or is being served, s. */
  untilS!: Float64Array;
  /** Seconds spent nearly still while wanting to move. */
  stalledS!: Float32Array;
  /** Per-agent uniform draws fixed at spawn, used to spread reactions and choices. */
  lag!: Float32Array;
  pick!: Float32Array;
  /** Set when the agent reached its exit; removed at the start of the next tick. */
  done!: Uint8Array;
  private frozen = false;
  /** Scratch of `reorder`, one per element type, sized with the store (allocated when it grows). */
  private tmp64!: Float64Array;
  private tmp32!: Float32Array;
  private tmpI32!: Int32Array;
  private tmpI16!: Int16Array;
  private tmpU8!: Uint8Array;

  constructor(capacity: number) {
    this.capacity = Math.max(16, capacity);
    this.allocate(this.capacity);
  }

  private allocate(cap: number): void {
    const grow = <T extends Float64Array | Float32Array | Int32Array | Int16Array | Uint8Array>(old: T | undefined, make: (n: number) => T): T => {
      const a = make(cap);
      if (old) a.set(old.subarray(0, Math.min(old.length, cap)) as never);
      return a;
    };
    const f64 = (n: number): Float64Array => new Float64Array(n);
    const f32 = (n: number): Float32Array => new Float32Array(n);
    this.x = grow(this.x, f64);
    this.y = grow(this.y, f64);
    this.nextX = grow(this.nextX, f64);
    this.nextY = grow(this.nextY, f64);
    this.untilS = grow(this.untilS, f64);
    this.vx = grow(this.vx, f32);
    this.vy = grow(this.vy, f32);
    this.desX = grow(this.desX, f32);
    this.desY = grow(this.desY, f32);
    this.radius = grow(this.radius, f32);
    this.freeSpeed = grow(this.freeSpeed, f32);
    this.comfortGap = grow(this.comfortGap, f32);
    this.stalledS = grow(this.stalledS, f32);
    this.lag = grow(this.lag, f32);
    this.pick = grow(this.pick, f32);
    this.id = grow(this.id, (n) => new Int32Array(n));
    this.target = grow(this.target, (n) => new Int16Array(n));
    this.purpose = grow(this.purpose, (n) => new Int16Array(n));
    this.zone = grow(this.zone, (n) => new Int16Array(n));
    this.state = grow(this.state, (n) => new Uint8Array(n));
    this.done = grow(this.done, (n) => new Uint8Array(n));
    this.tmp64 = new Float64Array(cap);
    this.tmp32 = new Float32Array(cap);
    this.tmpI32 = new Int32Array(cap);
    this.tmpI16 = new Int16Array(cap);
    this.tmpU8 = new Uint8Array(cap);
  }

  /**
   * Permutes the slots so that new slot k holds the agent of old slot `order[k]` (`order` a
   * permutation of 0..count-1). With the neighbour grid's cell order, agents that are near in
   * space become near in memory: the per-agent reads of the operational step then hit the cache.
   * Allocates nothing.
   */
  reorder(order: Int32Array): void {
    this.assertNotFrozen('reorder');
    const n = this.count;
    const f64 = this.tmp64, f32 = this.tmp32, i16 = this.tmpI16, u8 = this.tmpU8;
    permuteF64(this.x, f64, order, n); permuteF64(this.y, f64, order, n);
    permuteF64(this.nextX, f64, order, n); permuteF64(this.nextY, f64, order, n); permuteF64(this.untilS, f64, order, n);
    permuteF32(this.vx, f32, order, n); permuteF32(this.vy, f32, order, n);
    permuteF32(this.desX, f32, order, n); permuteF32(this.desY, f32, order, n);
    permuteF32(this.radius, f32, order, n); permuteF32(this.freeSpeed, f32, order, n); permuteF32(this.comfortGap, f32, order, n);
    permuteF32(this.stalledS, f32, order, n); permuteF32(this.lag, f32, order, n); permuteF32(this.pick, f32, order, n);
    permuteI32(this.id, this.tmpI32, order, n);
    permuteI16(this.target, i16, order, n); permuteI16(this.purpose, i16, order, n); permuteI16(this.zone, i16, order, n);
    permuteU8(this.state, u8, order, n); permuteU8(this.done, u8, order, n);
  }

  /** Adds an agent and returns its slot. Grows (doubling) when full: allocation only at spawn. */
  add(id: number, x: number, y: number, radius: number, freeSpeed: number): number {
    this.assertNotFrozen('add');
    if (this.count === this.capacity) {
      this.capacity *= 2;
      this.allocate(this.capacity);
    }
    const i = this.count++;
    this.id[i] = id;
    this.x[i] = x;
    this.y[i] = y;
    this.nextX[i] = x;
    this.nextY[i] = y;
    this.vx[i] = 0;
    this.vy[i] = 0;
    this.desX[i] = 0;
    this.desY[i] = 0;
    this.radius[i] = radius;
    this.freeSpeed[i] = freeSpeed;
    this.comfortGap[i] = 0;
    this.state[i] = AgentState.Wait;
    this.target[i] = -1;
    this.purpose[i] = -1;
    this.zone[i] = -1;
    this.untilS[i] = 0;
    this.stalledS[i] = 0;
    this.lag[i] = 0;
    this.pick[i] = 0;
    this.done[i] = 0;
    return i;
  }

  /** Removes slot i by moving the last agent into it. */
  removeAt(i: number): void {
    this.assertNotFrozen('removeAt');
    const last = --this.count;
    if (i === last) return;
    this.x[i] = this.x[last]!;
    this.y[i] = this.y[last]!;
    this.nextX[i] = this.nextX[last]!;
    this.nextY[i] = this.nextY[last]!;
    this.vx[i] = this.vx[last]!;
    this.vy[i] = this.vy[last]!;
    this.desX[i] = this.desX[last]!;
    this.desY[i] = this.desY[last]!;
    this.radius[i] = this.radius[last]!;
    this.freeSpeed[i] = this.freeSpeed[last]!;
    this.comfortGap[i] = this.comfortGap[last]!;
    this.id[i] = this.id[last]!;
    this.state[i] = this.state[last]!;
    this.target[i] = this.target[last]!;
    this.purpose[i] = this.purpose[last]!;
    this.zone[i] = this.zone[last]!;
    this.untilS[i] = this.untilS[last]!;
    this.stalledS[i] = this.stalledS[last]!;
    this.lag[i] = this.lag[last]!;
    this.pick[i] = this.pick[last]!;
    this.done[i] = this.done[last]!;
  }

  /** Marks the start (true) or end (false) of the operational step, during which x and y are read-only. */
  freeze(on: boolean): void {
    this.frozen = on;
  }

  assertNotFrozen(what: string): void {
    if (this.frozen) throw new CrowdflowError('CF_ERR_CONFLICT', `${what} during the operational step; the current generation is frozen`);
  }

  /** Swaps the generations after the operational step wrote nextX/nextY. */
  commitPositions(): void {
    this.assertNotFrozen('commitPositions');
    const tx = this.x;
    this.x = this.nextX;
    this.nextX = tx;
    const ty = this.y;
    this.y = this.nextY;
    this.nextY = ty;
  }
}

// a[k] ← a[order[k]] for k < n, through a scratch of the same type. One function per element
// type: a single generic one sees five array types, its element accesses go megamorphic and the
// reorder cost ten times more (9 % of a tick, measured).
function permuteF64(a: Float64Array, tmp: Float64Array, order: Int32Array, n: number): void {
  for (let k = 0; k < n; k++) tmp[k] = a[order[k]!]!;
  for (let k = 0; k < n; k++) a[k] = tmp[k]!;
}

function permuteF32(a: Float32Array, tmp: Float32Array, order: Int32Array, n: number): void {
  for (let k = 0; k < n; k++) tmp[k] = a[order[k]!]!;
  for (let k = 0; k < n; k++) a[k] = tmp[k]!;
}

function permuteI32(a: Int32Array, tmp: Int32Array, order: Int32Array, n: number): void {
  for (let k = 0; k < n; k++) tmp[k] = a[order[k]!]!;
  for (let k = 0; k < n; k++) a[k] = tmp[k]!;
}

function permuteI16(a: Int16Array, tmp: Int16Array, order: Int32Array, n: number): void {
  for (let k = 0; k < n; k++) tmp[k] = a[order[k]!]!;
  for (let k = 0; k < n; k++) a[k] = tmp[k]!;
}

function permuteU8(a: Uint8Array, tmp: Uint8Array, order: Int32Array, n: number): void {
  for (let k = 0; k < n; k++) tmp[k] = a[order[k]!]!;
  for (let k = 0; k < n; k++) a[k] = tmp[k]!;
}
