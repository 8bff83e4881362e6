import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AgentStore } from './agents.ts';
import { NeighbourGrid } from './neighbour-grid.ts';
import { Rng } from './rng.ts';

function randomStore(n: number, seed: number): AgentStore {
  const rng = new Rng(seed);
  const st = new AgentStore(8);
  for (let k = 0; k < n; k++) {
    const i = st.add(1000 + k, rng.uniform(0, 30), rng.uniform(0, 20), rng.uniform(0.15, 0.2), rng.uniform(1, 1.5));
    st.desX[i] = rng.uniform(-1, 1); st.nextY[i] = rng.uniform(0, 20); st.untilS[i] = rng.uniform(0, 99);
    st.target[i] = rng.int(7); st.state[i] = rng.int(5); st.lag[i] = rng.next(); st.done[i] = rng.int(2);
  }
  return st;
}

test('reordering the store by grid cell moves every agent whole and keeps the grid consistent', () => {
  const st = randomStore(500, 11);
  const before = new Map<number, number[]>();
  const row = (i: number): number[] => [st.x[i]!, st.y[i]!, st.radius[i]!, st.freeSpeed[i]!, st.desX[i]!, st.nextY[i]!, st.untilS[i]!, st.target[i]!, st.state[i]!, st.lag[i]!, st.done[i]!];
  for (let i = 0; i < st.count; i++) before.set(st.id[i]!, row(i));
  const grid = new NeighbourGrid({ minX: 0, minY: 0, maxX: 30, maxY: 20 }, 1);
  grid.build(st);
  st.reorder(grid.order);
  grid.adoptOrder();
  assert.equal(st.count, 500);
  const seen = new Set<number>();
  for (let i = 0; i < st.count; i++) {
    assert.deepEqual(row(i), before.get(st.id[i]!), `agent ${st.id[i]} changed in the move`);
    seen.add(st.id[i]!);
    // Slot order is now cell order, and the grid's view matches a fresh build.
    assert.equal(grid.order[i], i);
    assert.equal(grid.packed[4 * i], st.x[i]);
    if (i > 0) assert.ok(grid.cellOfSlot[i - 1]! <= grid.cellOfSlot[i]!, 'slots not in cell order');
  }
  assert.equal(seen.size, 500);
  const cells = Array.from(grid.cellOfSlot.subarray(0, st.count));
  grid.build(st);
  assert.deepEqual(Array.from(grid.cellOfSlot.subarray(0, st.count)), cells);
  assert.deepEqual(Array.from(grid.order.subarray(0, st.count)), cells.map((_, k) => k));
});

test('reordering by an order from outside the kernel memory moves the same agents as one from the grid', () => {
  const a = randomStore(300, 12), b = randomStore(300, 12);
  const grid = new NeighbourGrid({ minX: 0, minY: 0, maxX: 30, maxY: 20 }, 1);
  grid.build(a);
  const outside = Int32Array.from(grid.order.subarray(0, a.count));
  assert.notEqual(outside.buffer, b.kernel.exports.memory.buffer);
  a.reorder(grid.order);
  b.reorder(outside);
  assert.deepEqual(Array.from(b.id.subarray(0, b.count)), Array.from(a.id.subarray(0, a.count)));
  assert.deepEqual(b.x.subarray(0, b.count), a.x.subarray(0, a.count));
  assert.deepEqual(b.untilS.subarray(0, b.count), a.untilS.subarray(0, a.count));
  assert.deepEqual(b.done.subarray(0, b.count), a.done.subarray(0, a.count));
  assert.notDeepEqual(Array.from(a.id.subarray(0, a.count)), Array.from({ length: 300 }, (_, k) => 1000 + k), 'the order was the identity');
});
