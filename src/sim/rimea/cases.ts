/**
 * The RiMEA verification tests (RiMEA guideline 3.0 / 4.1.1) as runnable cases, each returning
 * its measurements and the verdict of its pass rule. Used by the automated tests and by the
 * validation report generator. Test 13 needs stairs, which the venue model does not have (see
 * docs/SIMULATOR.md); tests 2, 3, 8 and 14 are out of scope for the same reason or have no
 * numeric rule.
 */
import { distanceToSegment, pointInPolygon, type Venue } from '../../venue/index.ts';
import { fixtureVenue, rect, scenarioObject } from '../fixtures.ts';
import { SPEED_RANGES_MPS, type ProfileName } from '../profiles.ts';
import { parseScenario } from '../scenario-load.ts';
import { createSimulation, type Simulation } from '../simulation.ts';
import { weidmannSpeed } from '../../venue/index.ts';
import { measureCorridor, type FdPoint } from './periodic.ts';

export interface CaseResult {
  readonly test: number;
  readonly title: string;
  readonly rule: string;
  readonly pass: boolean;
  /** What was measured, in words and figures. */
  readonly measured: string;
  readonly data?: unknown;
}

function run(venue: Venue, scenario: Record<string, unknown>, untilS: number, onStep?: (sim: Simulation) => void): Simulation {
  const sim = createSimulation(venue, parseScenario(scenario, venue));
  while (sim.timeS < untilS && (sim.agentCount > 0 || sim.timeS < 1)) {
    sim.step();
    onStep?.(sim);
  }
  return sim;
}


/** Test 1: one person, 1.33 m/s, along a 2 m × 40 m corridor; travel time within 26–34 s. */
export function rimea1(): CaseResult {
  const venue = fixtureVenue('rimea-1', {
    zones: [{ id: 'start', polygon: rect(0, 0, 1, 2) }, { id: 'corridor', polygon: rect(1, 0, 40, 2) }],
    passages: [{ id: 'p', from: 'start', to: 'corridor', opening: [[1, 0], [1, 2]] }],
    gates: [{ id: 'end', zone: 'corridor', opening: [[40, 0], [40, 2]] }],
  });
  const sim = run(venue, scenarioObject('rimea-1', 60, {
    agents: { vulnerableShare: 0, radiusM: [0.2, 0.2], freeSpeedMps: [1.33, 1.33] },
    initial: [{ zone: 'start', count: 1, activity: 'exit' }],
  }), 60);
  const exitS = sim.summary().groups[0]!.exitTimes.lastS ?? Infinity;
  return {
    test: 1, title: 'Straight corridor, one person', rule: 'travel time through 2 m × 40 m at 1.33 m/s within 26–34 s',
    pass: exitS >= 26 && exitS <= 34, measured: `travel time ${exitS.toFixed(2)} s`, data: { exitS },
  };
}

/** Test 4: 2-D fundamental diagram on a periodic 26 m × 2 m corridor, compared with Weidmann (1993). */
export function rimea4(densities: readonly number[] = [0.5, 1, 2, 3, 4, 5, 6]): CaseResult {
  const points = densities.map((d) => measureCorridor({ lengthM: 26, widthM: 2, density: d, singleFile: false, freeSpeedMps: 1.34, radiusM: 0.18, seed: 4 }));
  const rows = points.map((p) => ({ ...p, weidmannMps: weidmannSpeed(p.density) }));
  // Reported and compared; the automated rule: speed falls with density and stays within
  // 0.25 m/s of Weidmann's curve up to 5 p/m² (where his curve stops being a reference).
  const monotone = rows.every((r, k) => k === 0 || r.speedMps <= rows[k - 1]!.speedMps + 0.02);
  const close = rows.filter((r) => r.density <= 5).every((r) => Math.abs(r.speedMps - r.weidmannMps) <= 0.25);
  return {
    test: 4, title: 'Fundamental diagram (periodic corridor 26 m × 2 m)',
    rule: 'speed–density reported beside Weidmann; here: decreasing, within 0.25 m/s of Weidmann for ρ ≤ 5 p/m²',
    pass: monotone && close,
    measured: rows.map((r) => `ρ ${r.density}: ${r.speedMps.toFixed(2)} m/s (Weidmann ${r.weidmannMps.toFixed(2)})`).join('; '),
    data: rows,
  };
}

/** Test 5: 10 persons with premovement times 10–100 s; each starts within 2 frames of its time. */
export function rimea5(): CaseResult {
  const venue = fixtureVenue('rimea-5', {
    zones: [{ id: 'room', polygon: rect(0, 0, 8, 5) }],
    gates: [{ id: 'exit', zone: 'room', opening: [[8, 2], [8, 3]] }],
  });
  const premove = Array.from({ length: 10 }, (_, k) => 10 + k * 10);
  const onset = new Map<number, number>();
  const start = new Map<number, [number, number]>();
  const sim = run(venue, scenarioObject('rimea-5', 200, {
    initial: premove.map((t) => ({ zone: 'room', count: 1, activity: 'exit', premovementS: [t, t] })),
  }), 200, (s) => {
    const a = s.agents();
    for (let i = 0; i < a.count; i++) {
      const id = a.id[i]!;
      if (!start.has(id)) start.set(id, [a.x[i]!, a.y[i]!]);
      const [x0, y0] = start.get(id)!;
      if (!onset.has(id) && Math.hypot(a.x[i]! - x0, a.y[i]! - y0) > 1e-9) onset.set(id, s.timeS - s.dtS);
    }
  });
  const frames = premove.map((t, id) => ((onset.get(id) ?? Infinity) - t) / sim.dtS);
  return {
    test: 5, title: 'Premovement time', rule: 'each of 10 persons starts within 2 frames of its premovement time',
    pass: frames.every((f) => f >= -0.001 && f <= 2),
    measured: `start lag in frames: ${frames.map((f) => f.toFixed(1)).join(', ')}`, data: { premove, frames },
  };
}

/** Test 6: 20 persons round a left corner (12 m × 2 m arm, then 2 m × 10 m); nobody crosses a wall. */
export function rimea6(): CaseResult {
  const venue = fixtureVenue('rimea-6', {
    zones: [{ id: 'arm1', polygon: rect(0, 0, 12, 2) }, { id: 'arm2', polygon: rect(10, 2, 12, 12) }],
    passages: [{ id: 'corner', from: 'arm1', to: 'arm2', opening: [[10, 2], [12, 2]] }],
    gates: [{ id: 'exit', zone: 'arm2', opening: [[10, 12], [12, 12]] }],
  });
  const floor: [number, number][] = [[0, 0], [12, 0], [12, 12], [10, 12], [10, 2], [0, 2]];
  // Every edge of the L but the exit and the start wall.
  const wallEdges: [[number, number], [number, number]][] = [[[0, 0], [12, 0]], [[12, 0], [12, 12]], [[10, 12], [10, 2]], [[10, 2], [0, 2]]];
  let outside = 0, worstWallM = Infinity;
  const sim = run(venue, scenarioObject('rimea-6', 120, {
    agents: { vulnerableShare: 0 },
    initial: [{ zone: 'arm1', count: 20, activity: 'exit' }],
  }), 120, (s) => {
    const a = s.agents();
    for (let i = 0; i < a.count; i++) {
      const x = a.x[i]!, y = a.y[i]!;
      if (!pointInPolygon(x, y, floor)) outside++;
      const d = Math.min(...wallEdges.map((e) => distanceToSegment(x, y, e)));
      if (d < worstWallM) worstWallM = d;
    }
  });
  const exited = sim.summary().agentsExited;
  return {
    test: 6, title: 'Movement around a corner', rule: 'nobody crosses a wall (and all 20 get round)',
    pass: outside === 0 && exited === 20,
    measured: `${outside} positions outside the floor; closest centre to a wall ${worstWallM.toFixed(3)} m; ${exited}/20 out`,
  };
}

/** Test 7: 50 adults with Weidmann age-group speeds; every measured free speed in its group's range. */
export function rimea7(): CaseResult {
  const venue = fixtureVenue('rimea-7', {
    zones: [{ id: 'hall', polygon: rect(0, 0, 60, 40) }],
    gates: [{ id: 'exit', zone: 'hall', opening: [[60, 0.5], [60, 39.5]] }],
  });
  const groups: [ProfileName, number][] = [['under30', 15], ['from30to50', 15], ['over50', 15], ['reducedMobility', 5]];
  const mixOf = (p: ProfileName): Record<string, number> => p === 'reducedMobility'
    ? { vulnerableShare: 1 } : { under30: p === 'under30' ? 1 : 0, from30to50: p === 'from30to50' ? 1 : 0, over50: p === 'over50' ? 1 : 0, vulnerableShare: 0 };
  const maxSpeed = new Map<number, number>();
  const sim = run(venue, scenarioObject('rimea-7', 80, {
    routing: { cellM: 0.5 },
    groups: groups.map(([p]) => ({ id: p, mix: mixOf(p) })),
    initial: groups.map(([p, n]) => ({ zone: 'hall', count: n, group: p, activity: 'exit' })),
  }), 80, (s) => {
    const a = s.agents();
    for (let i = 0; i < a.count; i++) maxSpeed.set(a.id[i]!, Math.max(maxSpeed.get(a.id[i]!) ?? 0, Math.hypot(a.vx[i]!, a.vy[i]!)));
  });
  void sim;
  let id = 0, bad = 0;
  const lines: string[] = [];
  for (const [p, n] of groups) {
    const [lo, hi] = SPEED_RANGES_MPS[p];
    const speeds = Array.from({ length: n }, () => maxSpeed.get(id++) ?? 0);
    bad += speeds.filter((v) => v < lo - 0.005 || v > hi + 0.005).length;
    lines.push(`${p} [${lo}, ${hi}]: ${Math.min(...speeds).toFixed(2)}–${Math.max(...speeds).toFixed(2)}`);
  }
  return {
    test: 7, title: 'Demographic speed distribution', rule: 'every measured free speed within its age group range (Weidmann)',
    pass: bad === 0, measured: `${bad} of 50 outside; ${lines.join('; ')}`,
  };
}

function evacuationTime(sim: Simulation): number {
  return sim.summary().groups.reduce((t, g) => Math.max(t, g.exitTimes.lastS ?? Infinity), 0);
}

/** Test 9: 1000 persons leave a 30 m × 20 m room by four 1 m exits, then by two; time ratio 1.6–2.4. */
export function rimea9(persons = 1000): CaseResult {
  const venue = fixtureVenue('rimea-9', {
    zones: [{ id: 'room', polygon: rect(0, 0, 30, 20) }],
    gates: [
      { id: 'w1', zone: 'room', opening: [[0, 4.5], [0, 5.5]] }, { id: 'w2', zone: 'room', opening: [[0, 14.5], [0, 15.5]] },
      { id: 'e1', zone: 'room', opening: [[30, 4.5], [30, 5.5]] }, { id: 'e2', zone: 'room', opening: [[30, 14.5], [30, 15.5]] },
    ],
  });
  const scenario = (closed: string[]): Record<string, unknown> => scenarioObject('rimea-9', 900, {
    agents: { vulnerableShare: 0 },
    initial: [{ zone: 'room', count: persons, activity: 'hold' }],
    events: [{ type: 'evacuation', atS: 0, strategy: 'nearest', premovementS: [0, 0], closedGates: closed }],
  });
  const t4 = evacuationTime(run(venue, scenario([]), 900));
  const t2 = evacuationTime(run(venue, scenario(['w2', 'e2']), 900));
  const ratio = t2 / t4;
  return {
    test: 9, title: 'Exit flow: crowded public room', rule: 't(2 exits) / t(4 exits) within 1.6–2.4',
    pass: ratio >= 1.6 && ratio <= 2.4,
    measured: `four exits ${t4.toFixed(1)} s, two exits ${t2.toFixed(1)} s, ratio ${ratio.toFixed(2)}`, data: { t4, t2, ratio },
  };
}

/** Test 10: a corridor with 12 rooms, 23 persons, each assigned an exit; everyone uses it. */
export function rimea10(): CaseResult {
  const zones = [{ id: 'corridor', polygon: rect(0, 5, 30, 7) }];
  const passages: { id: string; from: string; to: string; opening: [[number, number], [number, number]] }[] = [];
  for (let k = 0; k < 6; k++) {
    zones.push({ id: `s${k}`, polygon: rect(5 * k, 0, 5 * k + 5, 5) }, { id: `n${k}`, polygon: rect(5 * k, 7, 5 * k + 5, 12) });
    passages.push({ id: `ds${k}`, from: `s${k}`, to: 'corridor', opening: [[5 * k + 2, 5], [5 * k + 3, 5]] });
    passages.push({ id: `dn${k}`, from: `n${k}`, to: 'corridor', opening: [[5 * k + 2, 7], [5 * k + 3, 7]] });
  }
  const venue = fixtureVenue('rimea-10', {
    zones, passages,
    gates: [{ id: 'west', zone: 'corridor', opening: [[0, 5], [0, 7]] }, { id: 'east', zone: 'corridor', opening: [[30, 5], [30, 7]] }],
  });
  // Rooms alternate between the exits, so that the flows cross in the corridor.
  const rooms = zones.slice(1).map((z) => z.id);
  const initial = rooms.map((room, k) => ({
    zone: room, count: k === rooms.length - 1 ? 1 : 2, group: k % 2 === 0 ? 'to-east' : 'to-west', activity: 'exit', strategy: 'assigned',
  }));
  const sim = run(venue, scenarioObject('rimea-10', 300, {
    groups: [{ id: 'to-east', exitGate: 'east' }, { id: 'to-west', exitGate: 'west' }],
    initial,
  }), 300);
  const s = sim.summary();
  const east = s.gates.find((g) => g.gateId === 'east')!.exits, west = s.gates.find((g) => g.gateId === 'west')!.exits;
  const wantEast = initial.filter((p) => p.group === 'to-east').reduce((t, p) => t + p.count, 0);
  const wantWest = 23 - wantEast;
  return {
    test: 10, title: 'Assignment of exits', rule: 'everyone uses the exit assigned',
    pass: east === wantEast && west === wantWest && s.agentsExited === 23,
    measured: `east ${east}/${wantEast}, west ${west}/${wantWest}, ${s.agentsExited}/23 out`,
  };
}

/** Test 11: 1000 persons packed near one of two exits choose among them: most the near, some the far one. */
export function rimea11(persons = 1000): CaseResult {
  const venue = fixtureVenue('rimea-11', {
    zones: [{ id: 'near', polygon: rect(0, 0, 10, 20) }, { id: 'far', polygon: rect(10, 0, 30, 20) }],
    passages: [{ id: 'open', from: 'near', to: 'far', opening: [[10, 0], [10, 20]] }],
    gates: [{ id: 'near-exit', zone: 'near', opening: [[0, 9.5], [0, 10.5]] }, { id: 'far-exit', zone: 'far', opening: [[30, 9.5], [30, 10.5]] }],
  });
  const sim = run(venue, scenarioObject('rimea-11', 900, {
    agents: { vulnerableShare: 0, radiusM: [0.16, 0.19] },
    routing: { cellM: 0.25, rerouteEveryS: 10 },
    initial: [{ zone: 'near', count: persons, activity: 'exit', strategy: 'nearest' }],
  }), 900);
  const s = sim.summary();
  const near = s.gates.find((g) => g.gateId === 'near-exit')!.exits, far = s.gates.find((g) => g.gateId === 'far-exit')!.exits;
  return {
    test: 11, title: 'Choice of exit', rule: 'most persons use the nearer exit, some the other (nearest exit, density-aware rerouting every 10 s)',
    pass: near > far && far > 0 && near + far === persons,
    measured: `near exit ${near}, far exit ${far}, evacuation ${evacuationTime(sim).toFixed(1)} s`,
  };
}

/** Flow N / Δt between the first and last crossing, from per-second cumulative counts. */
function flowOf(series: readonly number[]): number {
  const total = series[series.length - 1] ?? 0;
  const first = series.findIndex((c) => c > 0), last = series.findIndex((c) => c >= total);
  return total / Math.max(1, last - first + 1);
}

/** Test 12: room → 5 m × 1 m corridor → room → exit, 150 persons; the jam forms only before the corridor. */
export function rimea12(): CaseResult {
  const venue = fixtureVenue('rimea-12', {
    zones: [{ id: 'a', polygon: rect(0, 0, 10, 10) }, { id: 'corridor', polygon: rect(10, 4.5, 15, 5.5) }, { id: 'b', polygon: rect(15, 0, 25, 10) }],
    passages: [
      { id: 'into', from: 'a', to: 'corridor', opening: [[10, 4.5], [10, 5.5]] },
      { id: 'out-of', from: 'corridor', to: 'b', opening: [[15, 4.5], [15, 5.5]] },
    ],
    gates: [{ id: 'exit', zone: 'b', opening: [[25, 4.5], [25, 5.5]] }],
  });
  const corridor: number[] = [], exit: number[] = [];
  let nextS = 1;
  const sim = run(venue, scenarioObject('rimea-12', 600, {
    agents: { vulnerableShare: 0 },
    initial: [{ zone: 'a', count: 150, activity: 'exit' }],
  }), 600, (s) => {
    if (s.timeS + 1e-9 < nextS) return;
    nextS++;
    const c = s.crossings();
    corridor.push(c.find((x) => x.id === 'out-of')!.in);
    exit.push(c.find((x) => x.id === 'exit')!.out);
  });
  const fc = flowOf(corridor), fe = flowOf(exit);
  const peakB = Math.max(...sim.summary().zones.filter((z) => z.zoneId === 'b').map((z) => z.peakDensityPpsm));
  return {
    test: 12, title: 'Effect of bottlenecks', rule: 'flow(corridor) − flow(exit) ≥ −0.05 p/s (no second jam at the exit)',
    pass: fc - fe >= -0.05 && sim.summary().agentsExited === 150,
    measured: `corridor ${fc.toFixed(3)} p/s, exit ${fe.toFixed(3)} p/s, difference ${(fc - fe).toFixed(3)}; peak density in the second room ${peakB.toFixed(2)} p/m²`,
  };
}

/** Test 15: 500 persons along a long straight (81 m), a short straight (50 m) and a corner corridor, 20 m wide. */
export function rimea15(persons = 500): CaseResult {
  const straight = (len: number): Venue => fixtureVenue(`rimea-15-${len}`, {
    zones: [{ id: 'start', polygon: rect(0, 0, 10, 20) }, { id: 'corridor', polygon: rect(10, 0, 10 + len, 20) }],
    passages: [{ id: 'p', from: 'start', to: 'corridor', opening: [[10, 0], [10, 20]] }],
    gates: [{ id: 'exit', zone: 'corridor', opening: [[10 + len, 0], [10 + len, 20]] }],
  });
  const corner = fixtureVenue('rimea-15-corner', {
    zones: [{ id: 'start', polygon: rect(0, 0, 10, 20) }, { id: 'arm1', polygon: rect(10, 0, 40, 20) }, { id: 'arm2', polygon: rect(20, 20, 40, 40) }],
    passages: [
      { id: 'p', from: 'start', to: 'arm1', opening: [[10, 0], [10, 20]] },
      { id: 'turn', from: 'arm1', to: 'arm2', opening: [[20, 20], [40, 20]] },
    ],
    gates: [{ id: 'exit', zone: 'arm2', opening: [[20, 40], [40, 40]] }],
  });
  const scenario = scenarioObject('rimea-15', 400, {
    routing: { cellM: 0.5, rerouteEveryS: 10 },
    agents: { vulnerableShare: 0 },
    initial: [{ zone: 'start', count: persons, activity: 'exit' }],
  });
  const tShort = evacuationTime(run(straight(50), scenario, 400));
  const tCorner = evacuationTime(run(corner, scenario, 400));
  const tLong = evacuationTime(run(straight(81), scenario, 400));
  return {
    test: 15, title: 'Large public buildings: straight and corner corridors', rule: 't(short) ≤ t(corner) ≤ t(long) (density-aware rerouting every 10 s in all three)',
    pass: tShort <= tCorner && tCorner <= tLong,
    measured: `short ${tShort.toFixed(1)} s, corner (centre line ≈ 55 m) ${tCorner.toFixed(1)} s, long ${tLong.toFixed(1)} s`,
  };
}

/**
 * Test 16: single-file fundamental diagram on a 26 m ring. The reference band is ±0.25 m/s around
 * the linear fit of Seyfried et al. (2005), headway d = 0.36 + 1.06·v, capped at the free speed;
 * it stands in for the empirical 10–90 % envelope, whose data we do not hold.
 */
export function rimea16(densities: readonly number[] = [0.5, 1, 1.5, 2, 2.5]): CaseResult {
  const rows = densities.map((d) => {
    const p: FdPoint = measureCorridor({ lengthM: 26, widthM: 0.5, density: d, singleFile: true, freeSpeedMps: 1.34, radiusM: 0.18, seed: 16 });
    const fit = Math.min(1.34, Math.max(0, (1 / d - 0.36) / 1.06));
    return { ...p, lowMps: Math.max(0, fit - 0.25), highMps: fit + 0.25 };
  });
  return {
    test: 16, title: 'Single-file fundamental diagram (ring 26 m)', rule: 'speed within the empirical band at every density',
    pass: rows.every((r) => r.speedMps >= r.lowMps && r.speedMps <= r.highMps),
    measured: rows.map((r) => `ρ ${r.density}/m: ${r.speedMps.toFixed(2)} m/s [${r.lowMps.toFixed(2)}, ${r.highMps.toFixed(2)}]`).join('; '),
    data: rows,
  };
}
