import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureVenue, rect, scenarioObject } from './fixtures.ts';
import { createSimulation, parseScenario, type LaneSide } from './index.ts';
import type { OperationalParams } from './params.ts';
import { World } from './world.ts';

// Two rooms joined by a 3 m wide, 8 m long corridor; an exit at the far wall of each room.
const venue = fixtureVenue('corridor', {
  zones: [
    { id: 'a', polygon: rect(0, 0, 12, 12) },
    { id: 'c', type: 'corridor', polygon: rect(12, 4.5, 20, 7.5) },
    { id: 'b', polygon: rect(20, 0, 32, 12) },
  ],
  passages: [
    { id: 'pa', from: 'a', to: 'c', opening: [[12, 4.5], [12, 7.5]] },
    { id: 'pb', from: 'c', to: 'b', opening: [[20, 4.5], [20, 7.5]] },
  ],
  gates: [{ id: 'exit-a', zone: 'a', opening: [[0, 4], [0, 8]] }, { id: 'exit-b', zone: 'b', opening: [[32, 4], [32, 8]] }],
});

/** `toB` people from room a to exit-b and `toA` from room b to exit-a; seconds until all are out (or null). */
function crossing(lanes: LaneSide, seed: number, toB: number, toA: number, model: Partial<OperationalParams> = {}): { doneS: number | null; positions: string } {
  const sc = parseScenario(scenarioObject('cross', 400, {
    seed, routing: { cellM: 0.25, lanes },
    groups: [{ id: 'to-b', exitGate: 'exit-b' }, { id: 'to-a', exitGate: 'exit-a' }],
    initial: [
      { zone: 'a', count: toB, group: 'to-b', activity: 'exit', strategy: 'assigned' },
      ...(toA > 0 ? [{ zone: 'b', count: toA, group: 'to-a', activity: 'exit', strategy: 'assigned' }] : []),
    ],
  }), venue);
  const sim = createSimulation(venue, sc, { model });
  let positions = '';
  while (sim.timeS < 400 && (sim.agentCount > 0 || sim.timeS < 1)) {
    sim.step();
    if (Math.abs(sim.timeS - 20) < sim.dtS / 2) positions = Array.from(sim.positions(), (v) => v.toFixed(4)).join(',');
  }
  return { doneS: sim.agentCount === 0 ? sim.timeS : null, positions };
}

test('the field with lanes kept leads a walker on the wrong half over to the right one', () => {
  const world = new World(venue, 0.25, 'right');
  const r = world.routing, target = r.gateTarget[1]!; // exit-b: through the corridor eastwards (+x)
  const lanes = r.lanesOf(target)!;
  assert.ok(lanes.ways.some((w) => w !== 0), 'the corridor is on the way to exit-b');
  // Heading east, the right half is the south one (y < 6). A walker in the north half at x = 15:
  // (Directions are Int8 × 127; the plain field already edges off the wall.)
  for (const [x, y] of [[15, 6.5], [15, 7], [10, 7]] as const) {
    const c = world.raster.cellOf(x, y), lane = lanes.field, plain = r.field(target);
    assert.ok(lane.dirY[c]! < plain.dirY[c]! - 30, `(${x}, ${y}): turns south (dirY ${lane.dirY[c]} vs plain ${plain.dirY[c]})`);
    assert.ok(lane.dirX[c]! > 0, `(${x}, ${y}): while going on east`);
  }
  // Past the far opening too: out of the way of those coming to go in (the north half there).
  const past = world.raster.cellOf(22, 7), plainPast = r.field(target);
  assert.ok(Math.abs(lanes.field.dirY[past]! - plainPast.dirY[past]!) > 30, 'leaves the oncoming approach');
  // Westwards (exit-a) the kept half is the north one: there the same spot is already right.
  const c = world.raster.cellOf(15, 7);
  assert.equal(r.lanesOf(r.gateTarget[0]!)!.field.dirY[c], r.field(r.gateTarget[0]!).dirY[c]);
});

test('two-way traffic through a corridor flows in lanes instead of blocking', () => {
  // Measured when written: without lanes 88 / 75 / 155 s, with lanes 62 / 61 / 63 s.
  for (const seed of [1, 2, 3]) {
    const none = crossing('none', seed, 40, 40), right = crossing('right', seed, 40, 40);
    assert.ok(right.doneS !== null, `seed ${seed}: everyone out with lanes`);
    assert.ok(right.doneS < 70, `seed ${seed}: with lanes out in ${right.doneS} s`);
    assert.ok(none.doneS === null || right.doneS < none.doneS, `seed ${seed}: lanes ${right.doneS} s, none ${none.doneS} s`);
  }
});

test('a stream going one way alone uses the full width: lanes change nothing', () => {
  // The lane fields apply only where people walk both ways: without stepping round (whose side
  // for oncoming people follows the lanes, and a crowd converging on a door has some), a one-way
  // stream runs exactly as without lanes.
  const plain = { stepAround: false };
  const none = crossing('none', 4, 80, 0, plain), right = crossing('right', 4, 80, 0, plain);
  assert.notEqual(none.positions, '');
  assert.equal(right.positions, none.positions, 'identical positions at 20 s');
  assert.equal(right.doneS, none.doneS);
  // With it, the stream still uses the full width: the same time out within 5 %.
  const a = crossing('none', 4, 80, 0).doneS!, b = crossing('right', 4, 80, 0).doneS!;
  assert.ok(Math.abs(a - b) <= 0.05 * a, `out after ${a} s without lanes, ${b} s with`);
});

test('a prebuilt world must keep the lanes the scenario asks for', () => {
  const sc = parseScenario(scenarioObject('lanes-world', 10, { routing: { cellM: 0.25, lanes: 'right' } }), venue);
  assert.throws(() => createSimulation(venue, sc, { world: new World(venue, 0.25) }), /keeps lanes "none", the scenario "right"/);
  assert.doesNotThrow(() => createSimulation(venue, sc, { world: new World(venue, 0.25, 'right') }));
});
