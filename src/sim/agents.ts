/**
 * The agent store: struct-of-arrays, typed-array views on the WebAssembly kernel's memory (so the
 * operational step reads and writes them in place, see kernel/kernel.ts). Active agents occupy slots [0, count);
 * removing one moves the last into its slot (deterministic, O(1)). `id` is the stable identity
 * of an agent across slot moves; per-id records (group, spawn and exit times) live in `AgentLog`.
 *
 * Positions are double-buffered: the operational model reads the frozen generation (x, y) and
 * writes the next (nextX, nextY); `commitPositions` swaps them. Writing the current generation
 * during the operational step is a bug the store refuses (`assertNotFrozen`).
 */
import { CrowdflowError } from '../contracts/index.ts';
import { SimKernel } from './kernel/index.ts';

/** Journey states (strategic/tactical layer); see journeys.ts. */
export const enum AgentState {
  Walk = 0,
  Watch = 1,
  Service = 2,
  Exit = 3,
  Wait = 4,
}

/**
 * `store.steer`: how an agent moves this tick. HOLD: it stands still (zero desired direction).
 * KEEP: it steers along its target's field and squeezes past nobody (a watcher pressing to a
 * stage keeps behind the audience in front, and does not trade places with the watchers pressing
 * to the same front from the other side). PASS: it steers and, when blocked, squeezes past people
 * standing still or walking at it (someone on the way to a bar, a gate, out).
 */
export const enum Steer {
  Hold = 0,
  Keep = 1,
  Pass = 2,
}

/** Element types of the store's arrays, with their size in bytes. */
const F64 = 8, F32 = 4, I32 = 4, I16 = 2, U8 = 1;
/** Every per-slot array of the store and its element size (the layout in the kernel's memory). */
const FIELDS = {
  x: F64, y: F64, nextX: F64, nextY: F64, untilS: F64,
  vx: F32, vy: F32, desX: F32, desY: F32, radius: F32, freeSpeed: F32, comfortGap: F32, stalledS: F32, lag: F32, pick: F32,
  id: I32, target: I16, purpose: I16, zone: I16, state: U8, done: U8, steer: U8, placed: U8,
} as const;
type Field = keyof typeof FIELDS;
const FIELD_NAMES = Object.keys(FIELDS) as Field[];

export class AgentStore {
  capacity: number;
  count = 0;
  /**
   * The WebAssembly kernel whose linear memory holds every array below: the arrays are views on
   * it, remade when the memory grows (see kernel.ts). Take them afresh after anything that may
   * add agents; never keep one across a spawn.
   */
  readonly kernel: SimKernel;
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
  /** How the agent moves this tick (`Steer`; the journeys decide, steering.ts sets desX/desY of those who steer). */
  steer!: Uint8Array;
  /** 1 once a watcher has settled in its stage's audience (journeys.ts): from then on it keeps its place. */
  placed!: Uint8Array;
  private frozen = false;
  /** Byte offset of each array in the kernel's memory (x and nextX swap at each commit). */
  private offsets: Record<Field, number> | undefined;
  /**
   * Kernel memory for `reorder`: a scratch of 8 bytes per slot (and 4 more to stage an order from
   * outside the kernel's memory), and the table of arrays (offset, element size).
   */
  private reorderTmpAt = 0;
  private readonly reorderTableAt: number;

  constructor(capacity: number, kernel: SimKernel = new SimKernel()) {
    this.kernel = kernel;
    this.capacity = Math.max(16, capacity);
    kernel.onGrow(() => this.bind());
    this.reorderTableAt = kernel.alloc(4 * 2 * FIELD_NAMES.length);
    this.allocate(this.capacity);
  }

  /** New arrays of `cap` slots in the kernel's memory, keeping the old contents. */
  private allocate(cap: number): void {
    const fresh = {} as Record<Field, number>;
    for (const f of FIELD_NAMES) fresh[f] = this.kernel.alloc(cap * FIELDS[f]);
    const old = this.offsets;
    if (old) for (const f of FIELD_NAMES) this.kernel.copy(fresh[f], old[f], this.count * FIELDS[f]);
    this.reorderTmpAt = this.kernel.alloc(12 * cap);
    this.offsets = fresh;
    this.capacity = cap;
    this.bind();
  }

  /** (Re)makes every view on the kernel's memory: the one place the store's arrays are made. */
  private bind(): void {
    const o = this.offsets, k = this.kernel, c = this.capacity;
    if (!o) return;
    this.x = k.f64(o.x, c); this.y = k.f64(o.y, c);
    this.nextX = k.f64(o.nextX, c); this.nextY = k.f64(o.nextY, c); this.untilS = k.f64(o.untilS, c);
    this.vx = k.f32(o.vx, c); this.vy = k.f32(o.vy, c); this.desX = k.f32(o.desX, c); this.desY = k.f32(o.desY, c);
    this.radius = k.f32(o.radius, c); this.freeSpeed = k.f32(o.freeSpeed, c); this.comfortGap = k.f32(o.comfortGap, c);
    this.stalledS = k.f32(o.stalledS, c); this.lag = k.f32(o.lag, c); this.pick = k.f32(o.pick, c);
    this.id = k.i32(o.id, c);
    this.target = k.i16(o.target, c); this.purpose = k.i16(o.purpose, c); this.zone = k.i16(o.zone, c);
    this.state = k.u8(o.state, c); this.done = k.u8(o.done, c); this.steer = k.u8(o.steer, c); this.placed = k.u8(o.placed, c);
  }

  /**
   * Permutes the slots so that new slot k holds the agent of old slot `order[k]` (`order` a
   * permutation of 0..count-1). With the neighbour grid's cell order, agents that are near in
   * space become near in memory: the per-agent reads of the operational step then hit the cache.
   * Every array is permuted in the kernel (permute.rs). Allocates nothing.
   */
  reorder(order: Int32Array): void {
    this.assertNotFrozen('reorder');
    const n = this.count, k = this.kernel, o = this.offsets!;
    let orderAt = order.byteOffset;
    if (order.buffer !== k.exports.memory.buffer) {
      // An order from outside the kernel's memory: staged after the scratch.
      orderAt = this.reorderTmpAt + 8 * this.capacity;
      k.i32(orderAt, n).set(order.subarray(0, n));
    }
    const table = k.u32(this.reorderTableAt, 2 * FIELD_NAMES.length);
    FIELD_NAMES.forEach((f, j) => { table[2 * j] = o[f]; table[2 * j + 1] = FIELDS[f]; });
    k.exports.permute(n, orderAt, this.reorderTmpAt, this.reorderTableAt, FIELD_NAMES.length);
  }

  /** Adds an agent and returns its slot. Grows (doubling) when full: allocation only at spawn. */
  add(id: number, x: number, y: number, radius: number, freeSpeed: number): number {
    this.assertNotFrozen('add');
    if (this.count === this.capacity) {
      this.allocate(this.capacity * 2);
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
    this.steer[i] = Steer.Hold;
    this.placed[i] = 0;
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
    this.steer[i] = this.steer[last]!;
    this.placed[i] = this.placed[last]!;
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
    const o = this.offsets!;
    [o.x, o.nextX, o.y, o.nextY] = [o.nextX, o.x, o.nextY, o.y];
    const tx = this.x;
    this.x = this.nextX;
    this.nextX = tx;
    const ty = this.y;
    this.y = this.nextY;
    this.nextY = ty;
  }
}
