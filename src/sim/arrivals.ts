/**
 * Arrivals and departures: people arrive at the gates along each demand curve and wait outside
 * in a first-come queue; each gate admits them at its service rate (so queues form when the
 * arrival rate exceeds it) onto a free spot just inside its opening. Initial populations are
 * placed on a shuffled jittered lattice inside their zone. Agents that reached their exit are
 * removed and logged.
 */
import { CrowdflowError } from '../contracts/index.ts';
import { AgentState } from './agents.ts';
import type { Journeys } from './journeys.ts';
import { drawAgent, REDUCED_MOBILITY, type DrawnAgent } from './profiles.ts';
import { EXIT_STRATEGIES } from './scenario-schema.ts';
import type { SimState } from './state.ts';

interface DemandStream {
  readonly gate: number;
  readonly count: number;
  readonly group: number;
  readonly curveT: Float64Array;
  readonly curveF: Float64Array;
  arrived: number;
}

/** Fixed-capacity FIFO of waiting people per gate (group index and arrival time). */
class GateQueue {
  readonly group: Uint16Array;
  readonly arrivedS: Float64Array;
  head = 0;
  tail = 0;
  tokens = 0;
  maxLength = 0;
  waitSumS = 0;
  waitMaxS = 0;
  admitted = 0;

  constructor(capacity: number) {
    this.group = new Uint16Array(Math.max(1, capacity));
    this.arrivedS = new Float64Array(Math.max(1, capacity));
  }

  get length(): number {
    return this.tail - this.head;
  }
}

export class Arrivals {
  private readonly streams: DemandStream[];
  readonly queues: GateQueue[];
  private readonly drawn: DrawnAgent = { profile: 0, freeSpeed: 0, radius: 0, comfortGap: 0 };
  private spawnedFrom = 0;
  private notAdmitted = 0;

  constructor(private readonly s: SimState, private readonly journeys: Journeys, groupIndex: ReadonlyMap<string, number>) {
    const gateIndex = new Map(s.venue.gates.map((g, i) => [g.id as string, i]));
    this.streams = s.scenario.demand.map((d) => ({
      gate: gateIndex.get(d.gate)!,
      count: d.count,
      group: groupIndex.get(d.group)!,
      curveT: Float64Array.from(d.curve.map((p) => p[0])),
      curveF: Float64Array.from(d.curve.map((p) => p[1])),
      arrived: 0,
    }));
    this.queues = s.venue.gates.map((_, g) => new GateQueue(this.streams.filter((d) => d.gate === g).reduce((t, d) => t + d.count, 0)));
  }

  get turnedAway(): number {
    return this.notAdmitted;
  }

  /** Removes agents that reached their exit, then admits arrivals through the gates. */
  update(): void {
    this.removeDone();
    this.admit();
  }

  private removeDone(): void {
    const s = this.s, st = s.store;
    for (let i = st.count - 1; i >= 0; i--) {
      if (st.done[i] === 0) continue;
      const id = st.id[i]!, g = st.purpose[i]!;
      s.exitS[id] = s.timeS;
      s.gateExits[g]!++;
      s.gateLoad[g]!--;
      if (st.zone[i]! >= 0) s.zoneCount[st.zone[i]!]!--;
      st.removeAt(i);
    }
  }

  private admit(): void {
    const s = this.s, t = s.timeS, dt = s.dtS;
    for (const d of this.streams) {
      const due = Math.min(d.count, Math.floor(d.count * curveAt(d.curveT, d.curveF, t) + 1e-9));
      const q = this.queues[d.gate]!;
      while (d.arrived < due) {
        d.arrived++;
        if (s.evacuation) { this.notAdmitted++; continue; }
        q.group[q.tail % q.group.length] = d.group;
        q.arrivedS[q.tail % q.group.length] = t;
        q.tail++;
      }
    }
    this.spawnedFrom = s.store.count;
    const gates = s.venue.gates;
    for (let g = 0; g < gates.length; g++) {
      const q = this.queues[g]!;
      if (s.evacuation) { this.notAdmitted += q.length; q.head = q.tail; continue; }
      if (q.length > q.maxLength) q.maxLength = q.length;
      if (s.gateClosed[g] || gates[g]!.direction === 'out') continue;
      q.tokens = Math.min(q.tokens + (gates[g]!.serviceRatePerMin / 60) * dt, 2 + (gates[g]!.serviceRatePerMin / 60) * dt);
      while (q.tokens >= 1 && q.length > 0) {
        const slot = q.head % q.group.length;
        if (!this.spawnAtGate(g, q.group[slot]!)) break;
        const wait = t - q.arrivedS[slot]!;
        q.waitSumS += wait;
        if (wait > q.waitMaxS) q.waitMaxS = wait;
        q.admitted++;
        q.head++;
        q.tokens -= 1;
      }
    }
  }

  /** Tries a few spots just inside gate g; false when all are taken (the person keeps waiting). */
  private spawnAtGate(g: number, group: number): boolean {
    const s = this.s, geo = s.world.gates[g]!, rng = s.rngArrivals;
    const a = drawAgent(s.groups[group]!.mix, rng, this.drawn);
    const margin = a.radius + s.params.minWallDistanceM + 0.05;
    if (geo.lengthM <= 2 * margin) return false;
    const depth = a.radius + 0.35;
    // Positions of the grid are one step old: keep a step's travel of slack.
    const clear = 2 * a.radius + 0.05 + 2.0 * s.dtS;
    for (let tries = 0; tries < 4; tries++) {
      const u = rng.uniform(margin, geo.lengthM - margin) / geo.lengthM;
      const x = geo.ax + (geo.bx - geo.ax) * u + geo.inX * depth;
      const y = geo.ay + (geo.by - geo.ay) * u + geo.inY * depth;
      if (s.grid.occupied(x, y, clear) || this.nearSpawned(x, y, clear)) continue;
      if (s.world.wallDistance(x, y) < margin - 0.05) continue;
      const i = this.place(x, y, group, a);
      s.entryGateOf[s.store.id[i]!] = g;
      s.gateEntries[g]!++;
      if (a.profile === REDUCED_MOBILITY) s.gateEntriesReduced[g]!++;
      this.journeys.decide(i);
      return true;
    }
    return false;
  }

  private nearSpawned(x: number, y: number, clear: number): boolean {
    const st = this.s.store;
    for (let i = this.spawnedFrom; i < st.count; i++) {
      const dx = st.x[i]! - x, dy = st.y[i]! - y;
      if (dx * dx + dy * dy < clear * clear) return true;
    }
    return false;
  }

  private place(x: number, y: number, group: number, a: DrawnAgent): number {
    const s = this.s, st = s.store, rng = s.rngArrivals;
    const id = s.newId();
    const i = st.add(id, x, y, a.radius, a.freeSpeed);
    st.lag[i] = rng.next();
    st.pick[i] = rng.next();
    s.groupOf[id] = group;
    s.profileOf[id] = a.profile;
    s.comfortOf[id] = a.comfortGap;
    s.spawnS[id] = s.timeS;
    const z = s.world.zoneAt(x, y);
    st.zone[i] = z;
    if (z >= 0) s.zoneCount[z]!++;
    return i;
  }

  /** Places the scenario's initial populations (at t = 0). */
  placeInitial(groupIndex: ReadonlyMap<string, number>): void {
    const s = this.s, venue = s.venue, rng = s.rngArrivals;
    const spots = new Map<number, Float64Array>();
    const used = new Map<number, number>();
    const rMax = s.scenario.agents.radiusM[1];
    s.scenario.initial.forEach((p, k) => {
      const zi = venue.zones.findIndex((z) => z.id === p.zone);
      if (!spots.has(zi)) spots.set(zi, this.latticeSpots(zi, Math.max(rMax, ...s.groups.map((g) => g.mix.radiusM[1]))));
      const free = spots.get(zi)!;
      const from = used.get(zi) ?? 0;
      if (from + p.count > free.length / 2) {
        throw new CrowdflowError('CF_ERR_SCENARIO', `initial[${k}]: zone "${p.zone}" holds at most ${free.length / 2 - from} more agents at placement; got count ${p.count}`);
      }
      used.set(zi, from + p.count);
      const group = groupIndex.get(p.group)!;
      for (let n = 0; n < p.count; n++) {
        const a = drawAgent(s.groups[group]!.mix, rng, this.drawn);
        const i = this.place(free[2 * (from + n)]!, free[2 * (from + n) + 1]!, group, a);
        const st = s.store;
        if (p.activity === 'exit') {
          st.state[i] = AgentState.Wait;
          st.untilS[i] = rng.uniform(p.premovementS[0], p.premovementS[1]);
          s.leaveWith[st.id[i]!] = EXIT_STRATEGIES.indexOf(p.strategy ?? s.scenario.egress.strategy);
        } else if (p.activity === 'hold') {
          st.state[i] = AgentState.Wait;
          st.untilS[i] = Infinity;
        } else {
          this.journeys.decide(i);
        }
      }
    });
  }

  /** Jittered hexagonal lattice points inside zone zi, shuffled; spacing fits the largest body. */
  private latticeSpots(zi: number, rMax: number): Float64Array {
    const s = this.s, zone = s.venue.zones[zi]!, rng = s.rngArrivals;
    const spacing = 2 * rMax + 0.04;
    const xs = zone.polygon.map((p) => p[0]), ys = zone.polygon.map((p) => p[1]);
    const out: number[] = [];
    const rowH = spacing * Math.sqrt(3) / 2;
    const wallMin = rMax + 0.02;
    for (let row = 0, y = Math.min(...ys) + wallMin; y <= Math.max(...ys) - wallMin; row++, y += rowH) {
      for (let x = Math.min(...xs) + wallMin + (row % 2) * spacing / 2; x <= Math.max(...xs) - wallMin; x += spacing) {
        if (s.world.zoneAt(x, y) !== zi) continue;
        if (s.world.wallDistance(x, y) < Math.max(wallMin, s.params.minWallDistanceM)) continue;
        out.push(x, y);
      }
    }
    for (let k = out.length / 2 - 1; k > 0; k--) {
      const j = rng.int(k + 1);
      const tx = out[2 * k]!, ty = out[2 * k + 1]!;
      out[2 * k] = out[2 * j]!; out[2 * k + 1] = out[2 * j + 1]!;
      out[2 * j] = tx; out[2 * j + 1] = ty;
    }
    return Float64Array.from(out);
  }
}

/** Piecewise-linear cumulative share at time t. */
function curveAt(ts: Float64Array, fs: Float64Array, t: number): number {
  if (t <= ts[0]!) return fs[0]!;
  for (let k = 1; k < ts.length; k++) {
    if (t <= ts[k]!) return fs[k - 1]! + ((fs[k]! - fs[k - 1]!) * (t - ts[k - 1]!)) / (ts[k]! - ts[k - 1]!);
  }
  return fs[fs.length - 1]!;
}
