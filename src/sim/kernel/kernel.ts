/**
 * The simulator's WebAssembly kernel (native/sim-kernel, Rust): one instance per agent store,
 * whose linear memory holds the store's struct-of-arrays, the neighbour grid, a copy of the walls
 * and the step's scratch. The TypeScript side lays the memory out (a bump allocator above the
 * module's own data and stack) and keeps typed-array views on it.
 *
 * Growing the memory detaches its ArrayBuffer and with it every view. So views are made in one
 * place per owner (the store, the grid) and remade by their `rebind` callback, which `alloc` calls
 * for every owner whenever it grows the memory. Code elsewhere must not keep a view across a call
 * that may allocate (spawning agents, the first build of a larger grid): take `store.x` afresh.
 * Regions are never freed: the store and the grid grow by doubling, so at most half is stale.
 */
import { CrowdflowError } from '../../contracts/index.ts';
import { SIM_KERNEL_WASM_BASE64 } from './sim-kernel-bytes.ts';

/** The kernel's exports (native/sim-kernel/src: lib.rs, grid.rs, permute.rs, steer.rs, step.rs, zones.rs); offsets are bytes. */
export interface KernelExports {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  readonly __heap_base: { readonly value: number };
  init(): void;
  grid_build(
    n: number, x: number, y: number, r: number, desX: number, desY: number, originX: number, originY: number, cellM: number, cellsX: number, cellsY: number,
    cellStart: number, fill: number, order: number, packed: number, cellOf: number,
  ): number;
  permute(n: number, order: number, tmp: number, arrays: number, count: number): void;
  zone_changes(
    n: number, x: number, y: number, zone: number, zoneOf: number, originX: number, originY: number, cellM: number, cellsX: number, cellsY: number, changed: number,
  ): number;
  decide_steer(
    n: number, timeS: number, passHints: number, state: number, done: number, target: number, untilS: number, placed: number, steer: number, desX: number, desY: number,
  ): void;
  steer(
    n: number, x: number, y: number, target: number, steer: number, desX: number, desY: number,
    dirs: number, points: number, originX: number, originY: number, cellM: number, cellsX: number, cellsY: number,
  ): void;
  step(
    n: number, tick: number, dtS: number,
    strength: number, rangeM: number, strengthWall: number, rangeWallM: number, timeGapS: number, cutoffM: number,
    denseCutoffM: number, denseCount: number, creepMps: number, opposingWidth: number, sideways: number, minWallM: number, periodicL: number, periodicMin: number,
    order: number, packed: number, cellStart: number, cellsX: number, cellsY: number, cellOf: number,
    desX: number, desY: number, freeSpeed: number, comfortGap: number, id: number, steer: number,
    nextX: number, nextY: number, vx: number, vy: number, stalled: number,
    segs: number, wallStart: number, wallItems: number, wallOriginX: number, wallOriginY: number, wallCellM: number, wallCellsX: number, wallCellsY: number,
    nb: number, nbCap: number,
  ): number;
}

/** What of the host's WebAssembly API the loader uses (the project's TypeScript libs do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

const PAGE_BYTES = 65536;
const ALIGN_BYTES = 16;

let compiled: object | undefined;

/** The compiled module, once per process (synchronous: the module is small, ~10 kB). */
function kernelModule(): object {
  if (!compiled) {
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    compiled = new wasm.Module(decodeBase64(SIM_KERNEL_WASM_BASE64));
  }
  return compiled;
}

export class SimKernel {
  readonly exports: KernelExports;
  private top: number;
  private readonly rebinders: Array<() => void> = [];

  constructor() {
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    this.exports = new wasm.Instance(kernelModule(), {}).exports as KernelExports;
    this.exports.init();
    this.top = alignUp(this.exports.__heap_base.value);
  }

  /** Reserves `bytes` (16-byte aligned) and returns the offset; may grow the memory (then rebinds every owner's views). */
  alloc(bytes: number): number {
    if (!Number.isInteger(bytes) || bytes < 0) throw new CrowdflowError('CF_ERR_RANGE', `kernel allocation of ${bytes} bytes: expected a whole number ≥ 0`);
    const at = this.top;
    this.top = alignUp(at + bytes);
    const short = this.top - this.exports.memory.buffer.byteLength;
    if (short > 0) {
      this.exports.memory.grow(Math.ceil(short / PAGE_BYTES));
      for (const rebind of this.rebinders) rebind();
    }
    return at;
  }

  /** Registers a callback that remakes an owner's views after the memory grew. */
  onGrow(rebind: () => void): void {
    this.rebinders.push(rebind);
  }

  /** Copies `bytes` from offset `from` to offset `to` inside the memory. */
  copy(to: number, from: number, bytes: number): void {
    new Uint8Array(this.exports.memory.buffer).copyWithin(to, from, from + bytes);
  }

  f64(offset: number, length: number): Float64Array {
    return new Float64Array(this.exports.memory.buffer, offset, length);
  }

  f32(offset: number, length: number): Float32Array {
    return new Float32Array(this.exports.memory.buffer, offset, length);
  }

  i32(offset: number, length: number): Int32Array {
    return new Int32Array(this.exports.memory.buffer, offset, length);
  }

  u32(offset: number, length: number): Uint32Array {
    return new Uint32Array(this.exports.memory.buffer, offset, length);
  }

  i8(offset: number, length: number): Int8Array {
    return new Int8Array(this.exports.memory.buffer, offset, length);
  }

  i16(offset: number, length: number): Int16Array {
    return new Int16Array(this.exports.memory.buffer, offset, length);
  }

  u8(offset: number, length: number): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer, offset, length);
  }

  /** Bytes of linear memory in use (for the benchmark's memory figures). */
  get memoryBytes(): number {
    return this.exports.memory.buffer.byteLength;
  }
}

function alignUp(n: number): number {
  return Math.ceil(n / ALIGN_BYTES) * ALIGN_BYTES;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** RFC 4648 base64 to bytes (the embedded module; a pure function, no host API needed). */
export function decodeBase64(text: string): Uint8Array {
  const value = new Int16Array(128).fill(-1);
  for (let k = 0; k < BASE64.length; k++) value[BASE64.charCodeAt(k)] = k;
  const body = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let acc = 0, bits = 0, o = 0;
  for (let k = 0; k < body.length; k++) {
    const c = body.charCodeAt(k);
    const v = c < 128 ? value[c]! : -1;
    if (v < 0) throw new CrowdflowError('CF_ERR_CONFIG', `embedded sim kernel: character ${JSON.stringify(body[k])} at ${k} is not base64`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}
