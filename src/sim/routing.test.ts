import assert from 'node:assert/strict';
import { test } from 'node:test';
import { distanceToSegment, loadVenueFile, pointInPolygon, segmentsCross, type Venue } from '../venue/index.ts';
import { fixtureVenue, rect, scenarioObject, type FixtureSpec } from './fixtures.ts';
import { createSimulation, parseScenario } from './index.ts';
import { World } from './world.ts';

/**
 * A lobby (x 0–10, y 0–30) and two 3 m tunnels to a floor at x ≥ 12: A at y 2–5, B at y 25–28.
 * `floor` adds the floor's zones, the stage and the floor's own passages; tunnel A opens onto
 * zone `aTo`, tunnel B onto `bTo`.
 */
function twoTunnels(id: string, aTo: string, bTo: string, floor: Pick<FixtureSpec, 'zones' | 'passages' | 'stages'>): Venue {
  return fixtureVenue(id, {
    zones: [
      { id: 'lobby', type: 'concourse', polygon: rect(0, 0, 10, 30) },
      { id: 'tunnel-a', type: 'corridor', polygon: rect(10, 2, 12, 5) },
      { id: 'tunnel-b', type: 'corridor', polygon: rect(10, 25, 12, 28) },
      ...floor.zones,
    ],
    passages: [
      { id: 'a-in', from: 'lobby', to: 'tunnel-a', opening: [[10, 2], [10, 5]] },
      { id: 'a-out', from: 'tunnel-a', to: aTo, opening: [[12, 2], [12, 5]] },
      { id: 'b-in', from: 'lobby', to: 'tunnel-b', opening: [[10, 25], [10, 28]] },
      { id: 'b-out', from: 'tunnel-b', to: bTo, opening: [[12, 25], [12, 28]] },
      ...(floor.passages ?? []),
    ],
    stages: floor.stages,
  });
}

// One stage pit behind both tunnels: A next to the stage, B at the far end.
const venue = twoTunnels('two-tunnels', 'pit', 'pit', {
  zones: [{ id: 'pit', type: 'stage_front', polygon: rect(12, 0, 32, 30) }],
  stages: [{ id: 'stage', zone: 'pit', position: [33, 3.5] }],
});

/** The way out of the lobby at (5, 15): −1 by tunnel A (down), +1 by tunnel B (up). */
function wayFromLobby(world: World): number {
  const f = world.routing.field(world.routing.stageTarget[0]!);
  return Math.sign(f.dirY[world.raster.cellOf(5, 15)]!);
}

test('rerouted to a stage, newcomers take the tunnel to where the audience still has room', () => {
  const world = new World(venue, 0.25);
  const r = world.raster, cells = r.cellsX * r.cellsY;
  assert.equal(wayFromLobby(world), -1, 'the static field leads by the tunnel next to the stage');

  const free = new Float32Array(cells).fill(1);
  world.routing.recomputeStage(0, free, new Uint8Array(cells).fill(1));
  assert.equal(wayFromLobby(world), -1, 'with room everywhere the best spot is at the front, by tunnel A');

  // The front half of the pit is full: the free spots are behind it. (No density cost here, so
  // that the choice comes from where the room is, not from a slow crowd on the way.)
  const roomy = new Uint8Array(cells).fill(1);
  for (let c = 0; c < cells; c++) {
    const x = r.centreX(c % r.cellsX), y = r.centreY(Math.floor(c / r.cellsX));
    if (x > 12 && y < 20) roomy[c] = 0;
  }
  world.routing.recomputeStage(0, free, roomy);
  assert.equal(wayFromLobby(world), 1, 'with the front full, by tunnel B to the free back of the pit');
  const f = world.routing.field(world.routing.stageTarget[0]!);
  assert.ok(f.travel[r.cellOf(5, 15)]! < Infinity);
  // Where the field is flat, a watcher faces the stage: the fallback point is the stage front's.
  assert.ok(f.targetX > 30 && f.targetY < 6, `fallback point (${f.targetX}, ${f.targetY})`);

  // No room anywhere: the field leads to the front again (as the static one does).
  world.routing.recomputeStage(0, free, new Uint8Array(cells));
  assert.equal(wayFromLobby(world), -1);
});

test('in a running simulation, rerouting sends newcomers round a full stage front by the other tunnel', () => {
  // The front (64 m²) is packed with 300 people standing still (4.7 p/m²); 40 newcomers start in
  // the lobby, most of them nearer tunnel A, which opens onto the full front.
  const run = twoTunnels('two-tunnels-run', 'front', 'back', {
    zones: [
      { id: 'front', type: 'stage_front', polygon: rect(12, 0, 20, 8) },
      { id: 'back', type: 'standing', polygon: [[20, 0], [32, 0], [32, 30], [12, 30], [12, 8], [20, 8]] },
    ],
    passages: [
      { id: 'front-back-n', from: 'front', to: 'back', opening: [[12, 8], [20, 8]] },
      { id: 'front-back-e', from: 'front', to: 'back', opening: [[20, 0], [20, 8]] },
    ],
    stages: [{ id: 'stage', zone: 'front', position: [33, 4] }],
  });
  const viaB = (rerouteEveryS: number): number => {
    const sim = createSimulation(run, parseScenario(scenarioObject('reroute-run', 120, {
      routing: { cellM: 0.25, rerouteEveryS },
      schedule: [{ stage: 'stage', startS: 0, endS: 600 }],
      initial: [{ zone: 'front', count: 300, group: 'crowd', activity: 'hold' }, { zone: 'lobby', count: 40, group: 'newcomers' }],
    }), run));
    sim.advanceTo(40);
    const lobby = sim.zoneTruth().find((t) => t.zoneId === 'lobby')!;
    const b = lobby.crossings.find((c) => c.id === 'b-in')!;
    return b.in + b.out;
  };
  // Measured when written: 11 of 40 through tunnel B without rerouting, 30 with it.
  const without = viaB(0), rerouted = viaB(2);
  assert.ok(rerouted >= 25, `${rerouted} of 40 through tunnel B with rerouting`);
  assert.ok(rerouted > 2 * without, `with rerouting ${rerouted}, without ${without}`);
});

test('tunnel mouths are kept clear: no audience spot within 4 m of a corridor opening', () => {
  const world = new World(venue, 0.25);
  const r = world.raster, clear = world.routing.keepClear;
  // Tunnel A opens at x = 12 over y 2..5; the pit runs to x = 32.
  assert.equal(clear[r.cellOf(13, 3.5)], 1, 'just inside the pit, in front of the mouth');
  assert.equal(clear[r.cellOf(15.5, 3.5)], 1);
  assert.equal(clear[r.cellOf(17, 3.5)], 0, '5 m in front');
  assert.equal(clear[r.cellOf(11, 3.5)], 1, 'inside the tunnel');
  assert.equal(clear[r.cellOf(25, 15)], 0, 'the middle of the pit');
  // Rerouting's audience spots: with room everywhere, none of them is in a mouth.
  const cells = r.cellsX * r.cellsY;
  world.routing.recomputeStage(0, new Float32Array(cells).fill(1), new Uint8Array(cells).fill(1));
  const f = world.routing.field(world.routing.stageTarget[0]!);
  assert.ok(f.travel[r.cellOf(13, 3.5)]! > 0.5, 'a spot in the mouth of tunnel A');
});

test('watchers blocked on the way (lobby, tunnel, its mouth) keep going; they settle only on the floor', () => {
  // 500 people for a 10 × 30 m pit whose stage is midway along its far side: the crowd in front of
  // the stage reaches round to both tunnel mouths, and those still arriving wait behind.
  const pit = twoTunnels('narrow-pit', 'pit', 'pit', {
    zones: [{ id: 'pit', type: 'stage_front', polygon: rect(12, 0, 22, 30) }],
    stages: [{ id: 'stage', zone: 'pit', position: [23, 15] }],
  });
  const world = new World(pit, 0.25);
  const sim = createSimulation(pit, parseScenario(scenarioObject('settle', 120, {
    routing: { cellM: 0.25 },
    schedule: [{ stage: 'stage', startS: 0, endS: 600 }],
    initial: [{ zone: 'lobby', count: 500 }],
  }), pit), { world });
  sim.advanceTo(90);
  const v = sim.agents();
  let holding = 0;
  const zoneType = (x: number, y: number): string => pit.zones[world.raster.zoneOf[world.raster.cellOf(x, y)]!]?.type ?? 'none';
  for (let i = 0; i < v.count; i++) {
    if (v.desX[i] !== 0 || v.desY[i] !== 0) continue;
    holding++;
    const x = v.x[i]!, y = v.y[i]!;
    assert.equal(zoneType(x, y), 'stage_front', `holding at (${x.toFixed(1)}, ${y.toFixed(1)}) in a ${zoneType(x, y)}`);
    assert.equal(world.routing.keepClear[world.raster.cellOf(x, y)], 0, `holding in a tunnel mouth at (${x.toFixed(1)}, ${y.toFixed(1)})`);
  }
  assert.ok(holding > 50, `only ${holding} settled`);
});

test('following a gate\'s way out from anywhere near either end of its opening reaches the gate', () => {
  // A point walker steps 5 cm at a time along the exit field as the kernel's steering reads it
  // (the cell's direction, else straight at the target's point); a step through a physical wall
  // is cancelled as the wall guard does. At the ends of an opening, where the wall meets it, a
  // cell beside the target used to point back at it while the target pointed out: people stepped
  // to and fro half a metre from the gate for ever.
  const pilot = loadVenueFile('venues/pilot-arena.yaml');
  const world = new World(pilot, 0.5, 'right');
  const { raster, routing, gates, walls } = world;
  const crossesWall = (x0: number, y0: number, x1: number, y1: number): boolean => {
    const w = walls.physical;
    for (let k = 0; k < w.length; k += 4) if (segmentsCross([[x0, y0], [x1, y1]], [[w[k]!, w[k + 1]!], [w[k + 2]!, w[k + 3]!]])) return true;
    return false;
  };
  let starts = 0;
  gates.forEach((g, gi) => {
    const f = routing.field(routing.gateTarget[gi]!);
    for (const [ex, ey] of [[g.ax, g.ay], [g.bx, g.by]] as const) {
      for (let dx = -1.25; dx <= 1.25; dx += 0.25) {
        for (let dy = -1.25; dy <= 1.25; dy += 0.25) {
          // Inside the venue (on the gate's inner side), at least 0.15 m from every wall, as a body's centre stays.
          let x = ex + dx + g.inX * 0.3, y = ey + dy + g.inY * 0.3;
          if (!pilot.zones.some((z) => pointInPolygon(x, y, z.polygon)) || nearWall(walls.physical, x, y, 0.15)) continue;
          starts++;
          let reached = false;
          for (let step = 0; step < 400 && !reached; step++) {
            const c = raster.cellOf(x, y);
            let ux = f.dirX[c]!, uy = f.dirY[c]!;
            if (ux === 0 && uy === 0) { ux = f.targetX - x; uy = f.targetY - y; }
            const norm = Math.hypot(ux, uy);
            const nx = x + (0.05 * ux) / norm, ny = y + (0.05 * uy) / norm;
            if (!crossesWall(x, y, nx, ny)) { x = nx; y = ny; }
            reached = distanceToSegment(x, y, [[g.ax, g.ay], [g.bx, g.by]]) < 0.25;
          }
          assert.ok(reached, `${pilot.gates[gi]!.id}: a walker from (${(ex + dx + g.inX * 0.3).toFixed(2)}, ${(ey + dy + g.inY * 0.3).toFixed(2)}) never reached the gate (at ${x.toFixed(3)}, ${y.toFixed(3)})`);
        }
      }
    }
  });
  assert.ok(starts > 100, `${starts} starting points`);
});

function nearWall(w: Float64Array, x: number, y: number, d: number): boolean {
  for (let k = 0; k < w.length; k += 4) if (distanceToSegment(x, y, [[w[k]!, w[k + 1]!], [w[k + 2]!, w[k + 3]!]]) < d) return true;
  return false;
}
