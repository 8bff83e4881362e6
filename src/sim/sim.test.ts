import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pointInPolygon } from '../venue/index.ts';
import { fixtureVenue, rect, scenarioObject } from './fixtures.ts';
import { createSimulation, parseScenario, type Simulation } from './index.ts';

// Two rooms joined by a 2.4 m door, an exit in each; agents start in both and cross.
const venue = fixtureVenue('two-rooms', {
  zones: [{ id: 'a', polygon: rect(0, 0, 10, 8) }, { id: 'b', polygon: rect(10, 0, 20, 8) }],
  passages: [{ id: 'door', from: 'a', to: 'b', opening: [[10, 2.8], [10, 5.2]] }],
  gates: [{ id: 'exit-a', zone: 'a', opening: [[0, 3.5], [0, 4.5]] }, { id: 'exit-b', zone: 'b', opening: [[20, 3.5], [20, 4.5]] }],
  walls: [[[4, 2], [4, 6]]],
});

function crossingRun(seed: number): Simulation {
  const sc = parseScenario(scenarioObject('cross', 180, {
    seed,
    groups: [{ id: 'to-b', exitGate: 'exit-b' }, { id: 'to-a', exitGate: 'exit-a' }],
    initial: [
      { zone: 'a', count: 50, group: 'to-b', activity: 'exit', strategy: 'assigned' },
      { zone: 'b', count: 50, group: 'to-a', activity: 'exit', strategy: 'assigned' },
    ],
  }), venue);
  return createSimulation(venue, sc);
}

test('same seed, same run; another seed, another run', () => {
  const a = crossingRun(7), b = crossingRun(7), c = crossingRun(8);
  a.advanceTo(20); b.advanceTo(20); c.advanceTo(20);
  assert.deepEqual(Array.from(a.positions()), Array.from(b.positions()));
  assert.notDeepEqual(Array.from(a.positions()), Array.from(c.positions()));
});

test('counter-flow through a door: nobody leaves the floor, nobody overlaps, everyone gets out', () => {
  const sim = crossingRun(3);
  const polys = venue.zones.map((z) => z.polygon);
  let worstOverlap = 0, worstPassing = 0;
  let steps = 0;
  while (sim.timeS < 180 && (sim.agentCount > 0 || sim.timeS < 1)) {
    sim.step();
    steps++;
    const v = sim.agents();
    for (let i = 0; i < v.count; i++) {
      const x = v.x[i]!, y = v.y[i]!;
      assert.ok(polys.some((p) => pointInPolygon(x, y, p)), `agent ${v.id[i]} at (${x.toFixed(3)}, ${y.toFixed(3)}) outside the floor at t=${sim.timeS}`);
      if (steps % 10 === 0) {
        for (let j = i + 1; j < v.count; j++) {
          const d = Math.hypot(v.x[j]! - x, v.y[j]! - y);
          const passing = v.desX[i]! * v.desX[j]! + v.desY[i]! * v.desY[j]! < -0.5;
          if (passing) worstPassing = Math.max(worstPassing, 0.4 - d);
          else worstOverlap = Math.max(worstOverlap, 0.4 - d);
        }
      }
    }
  }
  const s = sim.summary();
  assert.equal(s.agentsExited, 100, `exited ${s.agentsExited} of 100 by ${sim.timeS}s`);
  assert.equal(s.gates.find((g) => g.gateId === 'exit-b')!.exits, 50);
  // Radii are at most 0.2 m, so centres closer than 0.4 m overlap; allow 10 cm of body compression.
  assert.ok(worstOverlap < 0.1, `worst overlap ${worstOverlap.toFixed(3)} m`);
  // Two people walking at each other pass with turned shoulders: the model lets their centres
  // come to opposingWidthFactor (0.5) of the sum of radii (0.32–0.4 m) and no closer.
  assert.ok(worstPassing > 0.1, `passing people never came closer than ${(0.4 - worstPassing).toFixed(3)} m: did anyone squeeze past?`);
  assert.ok(worstPassing < 0.25, `passing people ${(0.4 - worstPassing).toFixed(3)} m apart`);
});

test('a crowd pressing to a stage front reaches crush densities without overlapping beyond tolerance, whatever the seed', () => {
  const hall = fixtureVenue('hall', {
    zones: [{ id: 'pit', polygon: rect(0, 0, 12, 8), type: 'stage_front' }],
    stages: [{ id: 'stage', zone: 'pit', position: [-1, 4] }],
  });
  // Ten seeds (a fraction of a second each): at its one seed the test once passed by 3 mm while
  // 4 of seeds 1–10 overlapped by 0.106–0.132 m (watchers squeezing past each other where the
  // stage's field converges; docs/SIMULATOR.md).
  for (let seed = 1; seed <= 10; seed++) {
    const sc = parseScenario(scenarioObject('crush', 60, {
      seed,
      agents: { radiusM: [0.15, 0.17], comfortGapM: [0, 0], vulnerableShare: 0 },
      initial: [{ zone: 'pit', count: 420 }],
      schedule: [{ stage: 'stage', startS: 0, endS: 3600 }],
      facilities: { showVisitsPerHour: 0, intervalVisitsPerHour: 0 },
    }), hall);
    const sim = createSimulation(hall, sc);
    sim.advanceTo(45);
    const v = sim.agents();
    // Classic density in a 2 m × 2 m measurement area at the front, centred on the stage axis.
    let inArea = 0, worst = 0;
    for (let i = 0; i < v.count; i++) {
      if (v.x[i]! <= 2 && Math.abs(v.y[i]! - 4) <= 1) inArea++;
      for (let j = i + 1; j < v.count; j++) worst = Math.max(worst, 0.34 - Math.hypot(v.x[j]! - v.x[i]!, v.y[j]! - v.y[i]!));
    }
    const density = inArea / 4;
    assert.ok(density >= 6 && density <= 10, `seed ${seed}: front density ${density} p/m²`);
    assert.ok(worst < 0.1, `seed ${seed}: worst overlap ${worst.toFixed(3)} m`);
  }
});

test('impossible parameters are rejected with their valid range', () => {
  const sc = parseScenario(scenarioObject('x', 10), venue);
  assert.throws(() => createSimulation(venue, sc, { dtS: 0.5 }), /`dtS` 0.5 not in \[0.005, 0.1\]/);
  assert.throws(() => createSimulation(venue, sc, { model: { timeGapS: 0 } }), /`timeGapS` 0 not in \[0.1, 5\]/);
});

test('walkers get through a standing crowd by stepping round and squeezing past; the plain model leaves them stuck', () => {
  // A 20 × 10 m hall whose middle 10 m hold 150 people standing still (1.5 p/m²); 20 people start
  // west of them and leave by the east exit.
  const hall = fixtureVenue('standing-band', {
    zones: [{ id: 'w', polygon: rect(0, 0, 5, 10) }, { id: 'mid', type: 'standing', polygon: rect(5, 0, 15, 10) }, { id: 'e', polygon: rect(15, 0, 20, 10) }],
    passages: [{ id: 'pw', from: 'w', to: 'mid', opening: [[5, 0], [5, 10]] }, { id: 'pe', from: 'mid', to: 'e', opening: [[15, 0], [15, 10]] }],
    gates: [{ id: 'exit-e', zone: 'e', opening: [[20, 3], [20, 7]] }],
  });
  const outBy = (model: Record<string, unknown>, seed: number): number => {
    const sim = createSimulation(hall, parseScenario(scenarioObject('through', 120, {
      seed, groups: [{ id: 'crowd' }, { id: 'walkers', exitGate: 'exit-e' }],
      initial: [{ zone: 'mid', count: 150, group: 'crowd', activity: 'hold' }, { zone: 'w', count: 20, group: 'walkers', activity: 'exit', strategy: 'assigned' }],
    }), hall), { model });
    sim.advanceTo(90);
    return sim.summary().agentsExited;
  };
  // Measured when written (seeds 1–3): all 20 out in 48–53 s; with either addition alone, or
  // neither, none or two of them by 600 s.
  for (const seed of [1, 2, 3]) {
    assert.equal(outBy({}, seed), 20, `seed ${seed}`);
    assert.ok(outBy({ stepAround: false, opposingWidthFactor: 1 }, seed) < 5, `seed ${seed}: the plain model got through`);
  }
});
