import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { AgentState, AgentStore, Steer } from '../agents.ts';
import { fixtureVenue, rect, scenarioObject } from '../fixtures.ts';
import { createSimulation, parseScenario } from '../index.ts';
import { NeighbourGrid } from '../neighbour-grid.ts';
import { OperationalModel } from '../operational-model.ts';
import { DEFAULT_OPERATIONAL } from '../params.ts';
import { Rng } from '../rng.ts';
import { WallGrid } from '../walls.ts';
import { decodeBase64 } from './kernel.ts';
import { SIM_KERNEL_WASM_BASE64 } from './sim-kernel-bytes.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const crate = join(root, 'native', 'sim-kernel');
const meta = JSON.parse(readFileSync(join(import.meta.dirname, 'sim-kernel.meta.json'), 'utf8')) as {
  sources: Record<string, string>; wasmSha256: string; wasmBytes: number;
};
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

function crateFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (path === join(crate, 'target')) continue;
    if (statSync(path).isDirectory()) crateFiles(path, out);
    else out.push(relative(crate, path));
  }
  return out;
}

test('the committed kernel was built from the crate as it is (else run scripts/build-sim-kernel.sh)', () => {
  const files = crateFiles(crate).sort();
  assert.deepEqual(files, Object.keys(meta.sources).sort(), 'the crate\'s files differ from those the kernel was built from');
  for (const f of files) {
    assert.equal(sha256(readFileSync(join(crate, f))), meta.sources[f], `native/sim-kernel/${f} changed since the kernel was built`);
  }
  const wasm = readFileSync(join(import.meta.dirname, 'sim-kernel.wasm'));
  assert.equal(sha256(wasm), meta.wasmSha256);
  assert.equal(wasm.length, meta.wasmBytes);
  assert.deepEqual(decodeBase64(SIM_KERNEL_WASM_BASE64), new Uint8Array(wasm), 'sim-kernel-bytes.ts does not embed sim-kernel.wasm');
});

test('base64 decoding matches the host\'s for every length remainder', () => {
  const rng = new Rng(5);
  for (let n = 0; n < 40; n++) {
    const bytes = Uint8Array.from({ length: n }, () => rng.int(256));
    assert.deepEqual(decodeBase64(Buffer.from(bytes).toString('base64')), bytes);
  }
  assert.throws(() => decodeBase64('ab$c'), /not base64/);
});

/** A 100 m × 40 m room with a wall across part of it; n agents walking +x, built into `store`. */
function room(store: AgentStore, n: number): { grid: NeighbourGrid; model: OperationalModel } {
  const rng = new Rng(9);
  for (let k = 0; k < n; k++) {
    const i = store.add(k, rng.uniform(0.5, 99.5), rng.uniform(0.5, 39.5), rng.uniform(0.16, 0.2), rng.uniform(1, 1.5));
    const a = rng.uniform(-0.5, 0.5);
    store.desX[i] = Math.cos(a);
    store.desY[i] = Math.sin(a);
  }
  const bounds = { minX: 0, minY: 0, maxX: 100, maxY: 40 };
  const segs = new Float64Array([0, 0, 100, 0, 100, 0, 100, 40, 100, 40, 0, 40, 0, 40, 0, 0, 50, 2, 50, 38]);
  const grid = new NeighbourGrid(bounds, 1);
  const model = new OperationalModel({ store, grid, walls: new WallGrid(segs, bounds, 1, 0.6), params: DEFAULT_OPERATIONAL });
  return { grid, model };
}

function tick(store: AgentStore, grid: NeighbourGrid, model: OperationalModel): void {
  grid.build(store);
  model.step(0.05);
  store.commitPositions();
}

test('growing the kernel memory remakes every view: a store grown mid-run steps as one sized up front', () => {
  const small = new AgentStore(16);
  const a = room(small, 10);
  const memory0 = small.kernel.memoryBytes;
  tick(small, a.grid, a.model);
  // Many more agents: the store doubles several times and the memory must grow.
  const rng = new Rng(10);
  for (let k = 10; k < 12_000; k++) {
    const i = small.add(k, rng.uniform(0.5, 99.5), rng.uniform(0.5, 39.5), 0.18, 1.3);
    small.desX[i] = 1;
  }
  assert.ok(small.kernel.memoryBytes > memory0, 'the memory did not grow');
  const buffer = small.kernel.exports.memory.buffer;
  for (const view of [small.x, small.nextY, small.desX, small.id, small.done, a.grid.packed, a.grid.cellStart]) assert.equal(view.buffer, buffer, 'a stale view');

  const big = new AgentStore(20_000);
  const b = room(big, 10);
  tick(big, b.grid, b.model);
  const rng2 = new Rng(10);
  for (let k = 10; k < 12_000; k++) {
    const i = big.add(k, rng2.uniform(0.5, 99.5), rng2.uniform(0.5, 39.5), 0.18, 1.3);
    big.desX[i] = 1;
  }
  for (let s = 0; s < 20; s++) { tick(small, a.grid, a.model); tick(big, b.grid, b.model); }
  const moved = (st: AgentStore): number => { let d = 0; for (let i = 0; i < st.count; i++) d += Math.abs(st.vx[i]!); return d; };
  assert.ok(moved(small) > 1000, 'the crowd did not move');
  assert.deepEqual(small.x.subarray(0, small.count), big.x.subarray(0, big.count));
  assert.deepEqual(small.y.subarray(0, small.count), big.y.subarray(0, big.count));
  assert.deepEqual(small.vx.subarray(0, small.count), big.vx.subarray(0, big.count));
});

test('same seed: byte-identical positions and velocities after 15 s', () => {
  const venue = fixtureVenue('kernel-two-rooms', {
    zones: [{ id: 'a', polygon: rect(0, 0, 10, 8) }, { id: 'b', polygon: rect(10, 0, 20, 8) }],
    passages: [{ id: 'door', from: 'a', to: 'b', opening: [[10, 2.8], [10, 5.2]] }],
    gates: [{ id: 'exit-a', zone: 'a', opening: [[0, 3.5], [0, 4.5]] }, { id: 'exit-b', zone: 'b', opening: [[20, 3.5], [20, 4.5]] }],
  });
  const run = (): Uint8Array[] => {
    const sim = createSimulation(venue, parseScenario(scenarioObject('kernel-det', 60, {
      seed: 4,
      groups: [{ id: 'to-b', exitGate: 'exit-b' }, { id: 'to-a', exitGate: 'exit-a' }],
      initial: [
        { zone: 'a', count: 80, group: 'to-b', activity: 'exit', strategy: 'assigned' },
        { zone: 'b', count: 80, group: 'to-a', activity: 'exit', strategy: 'assigned' },
      ],
    }), venue));
    sim.advanceTo(15);
    const v = sim.agents();
    return [v.id, v.x, v.y, v.vx, v.vy].map((a) => new Uint8Array(a.buffer, a.byteOffset, v.count * a.BYTES_PER_ELEMENT).slice());
  };
  const first = run(), second = run();
  assert.ok(first[0]!.length > 0);
  assert.deepEqual(first, second);
});

test('the kernel\'s steer code for squeezing past is the store\'s Steer.Pass', () => {
  // step.rs cannot import the TypeScript enum: the two are tied here instead of by comments.
  const rust = readFileSync(join('native', 'sim-kernel', 'src', 'step.rs'), 'utf8');
  const m = /const STEER_PASS: u8 = (\d+);/.exec(rust);
  assert.ok(m, 'STEER_PASS not found in step.rs');
  assert.equal(Number(m[1]), Steer.Pass);
});

test('the kernel\'s journey states and steer codes (steer.rs) are the store\'s AgentState and Steer', () => {
  const rust = readFileSync(join('native', 'sim-kernel', 'src', 'steer.rs'), 'utf8');
  const constant = (name: string): number => {
    const m = new RegExp(`const ${name}: u8 = (\\d+);`).exec(rust);
    assert.ok(m, `${name} not found in steer.rs`);
    return Number(m[1]);
  };
  assert.equal(constant('STATE_WATCH'), AgentState.Watch);
  assert.equal(constant('STATE_SERVICE'), AgentState.Service);
  assert.equal(constant('STATE_EXIT'), AgentState.Exit);
  assert.equal(constant('STATE_WAIT'), AgentState.Wait);
  assert.equal(constant('STEER_HOLD'), Steer.Hold);
  assert.equal(constant('STEER_KEEP'), Steer.Keep);
  assert.equal(constant('STEER_PASS'), Steer.Pass);
});
