import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AgentStore } from './agents.ts';
import { fixtureVenue, rect } from './fixtures.ts';
import { NeighbourGrid } from './neighbour-grid.ts';
import { RerouteInputs } from './reroute-inputs.ts';
import { World } from './world.ts';

// Two fields side by side, 20 × 10 m each: west for 400 people (2 p/m²), east for 600 (3 p/m²).
const venue = fixtureVenue('two-fields', {
  zones: [{ id: 'west', type: 'standing', polygon: rect(0, 0, 20, 10) }, { id: 'east', type: 'standing', polygon: rect(20, 0, 40, 10) }],
  passages: [{ id: 'barrier', from: 'west', to: 'east', opening: [[20, 0], [20, 10]] }],
});
const world = new World(venue, 0.5);
const capacity = [400, 600];

/** People on a square lattice of `step` m over x0..x1 × 0..10, each with velocity (vx, 0). */
function crowd(store: AgentStore, x0: number, x1: number, vx: number, step = 0.7): void {
  for (let x = x0 + step / 2; x < x1; x += step) {
    for (let y = step / 2; y < 10; y += step) {
      const i = store.add(store.count, x, y, 0.18, 1.3);
      store.vx[i] = vx;
    }
  }
}

function inputsFor(store: AgentStore, zoneCount: number[]): RerouteInputs {
  const grid = new NeighbourGrid(venue.bounds, 1);
  grid.build(store);
  const inputs = new RerouteInputs(world.raster, grid, capacity);
  inputs.update(store, Int32Array.from(zoneCount));
  return inputs;
}

const cell = (x: number, y: number): number => world.raster.cellOf(x, y);

test('a standing crowd costs the way to a stage the full cap; the same crowd walking costs what Weidmann gives', () => {
  const store = new AgentStore(1024);
  crowd(store, 0, 10, 0); // standing, west
  crowd(store, 22, 32, 1); // walking, east
  const inputs = inputsFor(store, [0, 0]);
  // Over the blocks' inner 6 × 6 m (one grid cell holds one to four people of the lattice).
  const mean = (x0: number): number => {
    let sum = 0, n = 0;
    for (let x = x0 + 0.25; x < x0 + 6; x += 0.5) for (let y = 2.25; y < 8; y += 0.5) { sum += inputs.stageCost[cell(x, y)]!; n++; }
    return sum / n;
  };
  assert.equal(mean(2), 10, 'standing crowd');
  const walking = mean(24);
  assert.ok(walking > 1.5 && walking < 6, `walking crowd at 2 p/m²: ${walking}`);
  assert.equal(inputs.stageCost[cell(15, 5)], 1, 'empty floor');
  // The way out is not priced by standing: a queue at an exit is the crowd one joins.
  assert.ok(inputs.exitCost[cell(5, 5)]! <= 3);
});

test('a spot has room below its own zone\'s planning density, and no spot of a full zone has', () => {
  const store = new AgentStore(1024);
  crowd(store, 0, 8, 0, 0.5); // 4 p/m² in the west field, planned for 2
  crowd(store, 22, 30, 0, 0.7); // 2 p/m² in the east field, planned for 3
  let inputs = inputsFor(store, [320, 165]);
  assert.equal(inputs.roomy[cell(4, 5)], 0, 'west crowd above its planning density');
  assert.equal(inputs.roomy[cell(26, 5)], 1, 'east crowd below its planning density');
  assert.equal(inputs.roomy[cell(14, 5)], 1, 'empty part of the west field');
  inputs = inputsFor(store, [380, 165]);
  assert.equal(inputs.roomy[cell(14, 5)], 0, 'the west field is 95 % full: closed to newcomers');
  assert.equal(inputs.roomy[cell(36, 5)], 1);
});
