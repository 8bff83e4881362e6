/**
 * Journeys (strategic and tactical decisions): what each agent does next and where it heads.
 * States: Wait (premovement, departure delay) → Watch (head for a stage area and hold a comfort
 * distance) ⇄ Walk to a facility → Service (queue and dwell) → … → Exit (walk to a gate, leave).
 *
 * Schedule changes (a show ends, the next starts elsewhere, the last show ends) reach each agent
 * with its own reaction lag, drawn once: agent i sees the schedule as it was `lag_i · spread`
 * seconds ago, so a crowd turns over minutes, not in one tick. Every decision reads the current
 * generation; each tick ends by setting who holds and the desired direction of every agent
 * (steering.ts).
 */
import { AgentState, Steer } from './agents.ts';
import { EXIT_STRATEGIES, type ExitStrategy } from './scenario-schema.ts';
import type { SimState } from './state.ts';
import { Steering } from './steering.ts';

/** Peak specific flow through an exit, p/(m·s) (Weidmann 1993), to turn a queue into a delay. */
const EXIT_FLOW_PPMS = 1.22;
/** A leaving agent whose body comes this close to its gate line, in front of it, is out, m. */
const GATE_REACH_M = 0.05;
/**
 * Most people a door passes per metre of width per second (SFPE Handbook's maximum specific flow,
 * about 1.3 p/(m·s)). The operational model alone lets the head of a queue walk out at full speed
 * into the free space beyond the door, about twice the flows measured at narrow exits; the gate
 * therefore also meters its passages, and whoever reaches it without a free slot waits at it.
 */
export const DOOR_FLOW_PPMS = 1.3;
/** `untilS` of a leaving agent standing at its gate, waiting for the door to let it through (steer.rs: AT_DOOR). */
const AT_DOOR = -1;
/** An agent closer than this to its facility's field target is served, m. */
const FACILITY_REACH_M = 1.2;
/** Someone on the way to a facility who has barely moved for this long gives up and goes back, s. */
const WALK_GIVE_UP_S = 60;
/** People walking to a facility count in its queue once this close (path metres): the crowd at the counter. */
const QUEUE_IN_SIGHT_M = 15;

/** A watcher on its way to an audience spot with room squeezes past standing people until this close to one, m. */
const PASS_UNTIL_M = 3;

interface Show { readonly stage: number; readonly startS: number; readonly endS: number }
interface Switch { readonly atS: number; readonly from: number; readonly to: number; readonly share: number }
interface FacilityKind { readonly weight: number; readonly facilities: readonly number[] }

export class Journeys {
  private readonly shows: Show[];
  private readonly lastEndS: number;
  private readonly firstStartS: number;
  private readonly switches: Switch[];
  private readonly kinds: FacilityKind[];
  private readonly kindWeightTotal: number;
  private readonly facilityFreeS: Float64Array;
  private readonly facilityServiceS: Float64Array;
  /** Agents about to join each facility's queue (walking, within QUEUE_IN_SIGHT_M), recounted once a simulated second: part of the wait a newcomer sees. */
  private readonly enRoute: Float64Array;
  private evacuationIndex = 0;
  /** Passages each gate can still let out now (token bucket at DOOR_FLOW_PPMS × width). */
  private readonly doorTokens: Float64Array;
  private readonly doorRate: Float64Array;
  private readonly evacuations;
  private readonly steering: Steering;
  /** Per zone: 1 where an audience stands (a stage's own zone, a stage front, a standing field). */
  private readonly viewing: Uint8Array;
  /** Whether density-aware rerouting runs (stage fields then end at spots with room). */
  private readonly reroutes: boolean;

  constructor(private readonly s: SimState) {
    const { venue, scenario } = s;
    const stageIndex = new Map(venue.stages.map((st, i) => [st.id as string, i]));
    this.shows = scenario.schedule.map((x) => ({ stage: stageIndex.get(x.stage)!, startS: x.startS, endS: x.endS }))
      .sort((a, b) => a.startS - b.startS);
    this.lastEndS = this.shows.reduce((m, x) => Math.max(m, x.endS), -Infinity);
    this.firstStartS = this.shows.reduce((m, x) => Math.min(m, x.startS), Infinity);
    this.switches = scenario.events.flatMap((e) => (e.type === 'stage_switch'
      ? [{ atS: e.atS, from: stageIndex.get(e.from)!, to: stageIndex.get(e.to)!, share: e.share }] : []));
    this.evacuations = scenario.events.flatMap((e) => (e.type === 'evacuation' ? [e] : [])).sort((a, b) => a.atS - b.atS);
    const weights = scenario.facilities.kindWeights as Record<string, number>;
    this.kinds = Object.entries(weights).map(([kind, weight]) => ({
      weight,
      facilities: venue.facilities.flatMap((f, i) => (f.kind === kind && s.world.routing.reachable(s.world.routing.facilityTarget[i]!) ? [i] : [])),
    })).filter((k) => k.weight > 0 && k.facilities.length > 0);
    this.kindWeightTotal = this.kinds.reduce((t, k) => t + k.weight, 0);
    this.facilityFreeS = new Float64Array(venue.facilities.length);
    this.facilityServiceS = Float64Array.from(venue.facilities.map((f) => 60 / f.serviceRatePerMin));
    this.enRoute = new Float64Array(venue.facilities.length);
    this.doorRate = Float64Array.from(venue.gates.map((g) => DOOR_FLOW_PPMS * g.widthM));
    this.doorTokens = new Float64Array(venue.gates.length).fill(1);
    this.reroutes = scenario.routing.rerouteEveryS > 0;
    const stageZones = new Set(venue.stages.map((st) => st.zone));
    this.viewing = Uint8Array.from(venue.zones, (z) => (stageZones.has(z.id) || z.type === 'stage_front' || z.type === 'standing' ? 1 : 0));
    // Lanes are recounted once a simulated second.
    this.steering = new Steering(s.store, s.world.routing, Math.max(1, Math.round(1 / s.dtS)));
  }

  /** Runs the decisions of one tick and writes every agent's desired direction. */
  update(): void {
    const s = this.s, st = s.store, t = s.timeS, dt = s.dtS;
    const ev = this.evacuations[this.evacuationIndex];
    if (ev && t >= ev.atS) {
      this.evacuationIndex++;
      this.startEvacuation(ev.strategy, ev.premovementS, ev.closedGates);
    }
    for (let g = 0; g < this.doorTokens.length; g++) {
      this.doorTokens[g] = Math.min(this.doorTokens[g]! + this.doorRate[g]! * dt, 1 + this.doorRate[g]! * dt);
    }
    const checkEvery = Math.max(1, Math.round(1 / dt));
    const phase = s.tick % checkEvery;
    if (phase === 0) this.countEnRoute();
    const fac = s.scenario.facilities;
    const gates = s.world.gates;
    const mostChance = (Math.max(fac.showVisitsPerHour, fac.preShowVisitsPerHour ?? fac.showVisitsPerHour, fac.intervalVisitsPerHour) / 3600) * dt;
    for (let i = 0; i < st.count; i++) {
      switch (st.state[i]) {
        case AgentState.Wait:
          if (t >= st.untilS[i]!) this.decide(i);
          break;
        case AgentState.Watch: {
          if (i % checkEvery === phase && this.s.evacuation === null) {
            const want = this.desiredStage(i, t);
            if (want < 0) {
              if (this.egressDue(i, t)) this.startExit(i, s.scenario.egress.strategy);
            } else if (want !== st.purpose[i]) this.watch(i, want);
          }
          // A watcher blocked for 2 s settles (holds still) for 2–8 s before pressing on again:
          // audiences stand rather than push all the time, and a settled agent costs no model step.
          // Only where an audience stands, and not in a tunnel's mouth: someone blocked on the way
          // (a concourse, a tunnel, its mouth) keeps pressing, or the way closes for all behind.
          if (st.stalledS[i]! > 2 && t >= st.untilS[i]! && this.viewing[st.zone[i]!] === 1
            && s.world.routing.keepClear[s.world.raster.cellOf(st.x[i]!, st.y[i]!)] === 0) {
            st.untilS[i] = t + s.rngJourneys.uniform(2, 8);
            st.stalledS[i] = 0;
            st.placed[i] = 1;
          }
          if (st.state[i] === AgentState.Watch && this.kinds.length > 0) {
            // The draw decides only below the highest chance: the watcher's own (which part of
            // the schedule it sees, by its lag) is worked out for those few. The same draws, the
            // same outcomes; and no branch on the lag for every watcher, which mispredicts.
            const u = s.rngJourneys.next();
            if (u < mostChance && u < (this.visitsPerHour(t - st.lag[i]! * s.scenario.reactionSpreadS) / 3600) * dt) this.goToFacility(i);
          }
          break;
        }
        case AgentState.Walk: {
          const f = st.purpose[i]!;
          const tt = s.world.routing.travel(st.target[i]!, st.x[i]!, st.y[i]!);
          if (tt < FACILITY_REACH_M || (st.stalledS[i]! > 8 && tt < 10)) {
            const start = Math.max(t, this.facilityFreeS[f]!);
            this.facilityFreeS[f] = start + this.facilityServiceS[f]!;
            st.untilS[i] = this.facilityFreeS[f]! + s.rngJourneys.uniform(fac.dwellS[0], fac.dwellS[1]);
            st.state[i] = AgentState.Service;
          } else if (st.stalledS[i]! > WALK_GIVE_UP_S) this.decide(i); // stuck in the crowd: gives up (reneges)
          break;
        }
        case AgentState.Service:
          // Served, or the event is over for this agent (a queue does not hold people past egress).
          if (t >= st.untilS[i]! || (this.shows.length > 0 && this.egressDue(i, t))) this.decide(i);
          break;
        case AgentState.Exit: {
          const k = st.purpose[i]!;
          if (st.done[i] === 0 && reachesGate(gates[k]!, st.x[i]!, st.y[i]!, st.radius[i]!)) {
            if (this.doorTokens[k]! >= 1) {
              this.doorTokens[k]! -= 1;
              st.done[i] = 1;
            } else st.untilS[i] = AT_DOOR;
          }
          break;
        }
      }
      if (this.reroutes && st.state[i] === AgentState.Watch && st.placed[i] === 0) this.passHint(i);
    }
    // Who holds still and who steers, and how, from the states just decided; then the directions.
    this.steering.run(t, this.reroutes);
  }

  /**
   * Who holds still (waits, is served, is out, has no target, watches from its spot, stands at
   * its gate for the door) and who steers is decided for everyone after the loop, in the kernel
   * (Steering.run, native/sim-kernel/src/steer.rs): someone on the way through squeezes past
   * (Steer.Pass), a watcher keeps behind the audience in front of it (Steer.Keep). Except, with
   * rerouting, a watcher on its way in to a spot that rerouting found with room (its field ends
   * there, not at the front), until it first settles or comes within PASS_UNTIL_M of one: then
   * it gets through the standing crowd on the way. That distance is on the floor field, which the
   * kernel does not hold: it is left here in `steer` for the kernel to take. Once placed, a
   * watcher keeps its place (no wandering across a full floor to the next free spot).
   */
  private passHint(i: number): void {
    const st = this.s.store;
    if (st.target[i]! < 0 || this.s.timeS < st.untilS[i]!) return; // holds: no hint taken
    st.steer[i] = this.s.world.routing.travel(st.target[i]!, st.x[i]!, st.y[i]!) > PASS_UNTIL_M ? Steer.Pass : Steer.Keep;
  }

  /** Chooses the next activity of agent i after waiting, being served or arriving. */
  decide(i: number): void {
    const s = this.s, st = s.store;
    if (s.evacuation) { this.startExit(i, s.evacuation.strategy); return; }
    const leave = s.leaveWith[st.id[i]!]!;
    if (leave >= 0) { this.startExit(i, EXIT_STRATEGIES[leave]!); return; }
    const want = this.desiredStage(i, s.timeS);
    if (want >= 0) { this.watch(i, want); return; }
    if (this.shows.length === 0) { this.startExit(i, s.scenario.egress.strategy); return; }
    const leaveAt = this.lastEndS + st.lag[i]! * s.scenario.egress.spreadS;
    if (s.timeS >= leaveAt) this.startExit(i, s.scenario.egress.strategy);
    else { st.state[i] = AgentState.Wait; st.untilS[i] = leaveAt; }
  }

  /** Whether agent i, with its own reaction lag, has seen the last show end by time t. */
  private egressDue(i: number, t: number): boolean {
    return t - this.s.store.lag[i]! * this.s.scenario.egress.spreadS >= this.lastEndS;
  }

  /** The stage agent i wants to be at: the current show's, else the next one's; -1 when none is left. */
  desiredStage(i: number, t: number): number {
    const st = this.s.store;
    const te = t - st.lag[i]! * this.s.scenario.reactionSpreadS;
    let current = 0, next = -1, nextStart = Infinity;
    for (const show of this.shows) {
      if (show.startS <= te && te < show.endS) current++;
      else if (show.startS > te && show.startS < nextStart) { next = show.stage; nextStart = show.startS; }
    }
    let stage = next;
    if (current > 0) {
      // Several shows at once: the agent's fixed preference picks one.
      let k = Math.floor(st.pick[i]! * current);
      for (const show of this.shows) {
        if (show.startS <= te && te < show.endS && k-- === 0) { stage = show.stage; break; }
      }
    }
    for (const sw of this.switches) {
      if (sw.atS <= te && stage === sw.from && ((st.pick[i]! * 97) % 1) < sw.share) stage = sw.to;
    }
    return stage;
  }

  /** Facility visits per person per hour at time t: during a show, before the first, or between two. */
  private visitsPerHour(t: number): number {
    const fac = this.s.scenario.facilities;
    if (this.showOn(t)) return fac.showVisitsPerHour;
    if (t < this.firstStartS) return fac.preShowVisitsPerHour ?? fac.showVisitsPerHour;
    return fac.intervalVisitsPerHour;
  }

  private showOn(t: number): boolean {
    for (const show of this.shows) if (show.startS <= t && t < show.endS) return true;
    return false;
  }

  watch(i: number, stage: number): void {
    const st = this.s.store;
    this.leaveExitQueue(i);
    st.state[i] = AgentState.Watch;
    st.untilS[i] = 0;
    st.placed[i] = 0;
    st.purpose[i] = stage;
    st.target[i] = this.s.world.routing.stageTarget[stage]!;
    st.comfortGap[i] = this.s.comfortGapOf(i);
  }

  /** Agents in the Watch state per stage (those heading for or holding at each stage area). */
  watchersPerStage(): Int32Array {
    const st = this.s.store;
    const out = new Int32Array(this.s.venue.stages.length);
    for (let i = 0; i < st.count; i++) if (st.state[i] === AgentState.Watch) out[st.purpose[i]!]!++;
    return out;
  }

  private countEnRoute(): void {
    const st = this.s.store;
    this.enRoute.fill(0);
    const routing = this.s.world.routing;
    for (let i = 0; i < st.count; i++) {
      if (st.state[i] === AgentState.Walk && routing.travel(st.target[i]!, st.x[i]!, st.y[i]!) < QUEUE_IN_SIGHT_M) this.enRoute[st.purpose[i]!]! += 1;
    }
  }

  private goToFacility(i: number): void {
    const s = this.s, st = s.store;
    let u = s.rngJourneys.next() * this.kindWeightTotal;
    let kind = this.kinds[this.kinds.length - 1]!;
    for (const k of this.kinds) { if (u < k.weight) { kind = k; break; } u -= k.weight; }
    // The facility of that kind that is soonest done: the walk there (s at 1 m/s) plus its queue.
    const t = s.timeS;
    let best = -1, bestT = Infinity, bestWait = 0;
    for (const f of kind.facilities) {
      // Queued (served in turn) and still walking there (counted once a simulated second).
      const wait = Math.max(0, this.facilityFreeS[f]! - t) + this.enRoute[f]! * this.facilityServiceS[f]!;
      const tt = s.world.routing.travel(s.world.routing.facilityTarget[f]!, st.x[i]!, st.y[i]!) + wait;
      if (tt < bestT) { bestT = tt; best = f; bestWait = wait; }
    }
    if (best < 0 || bestWait > s.scenario.facilities.maxWaitS) return; // balks: stays where they are
    st.state[i] = AgentState.Walk;
    st.purpose[i] = best;
    st.target[i] = s.world.routing.facilityTarget[best]!;
    st.comfortGap[i] = 0;
  }

  /** Sends agent i to a gate chosen by `strategy`; it waits in place when no gate is open. */
  startExit(i: number, strategy: ExitStrategy): void {
    const s = this.s, st = s.store;
    this.leaveExitQueue(i);
    const g = this.chooseExit(i, strategy);
    st.comfortGap[i] = 0;
    if (g < 0) { st.state[i] = AgentState.Wait; st.untilS[i] = Infinity; st.target[i] = -1; return; }
    st.state[i] = AgentState.Exit;
    st.untilS[i] = 0;
    st.purpose[i] = g;
    st.target[i] = s.world.routing.gateTarget[g]!;
    s.gateLoad[g]!++;
    s.exitGateOf[st.id[i]!] = g;
    s.exitStrategyOf[st.id[i]!] = EXIT_STRATEGIES.indexOf(strategy);
  }

  /**
   * After density-aware rerouting: people heading out by the nearest or least-loaded rule look
   * again (the fields now price in the crowd) and switch exit when another is better.
   */
  reconsiderExits(): void {
    const s = this.s, st = s.store;
    for (let i = 0; i < st.count; i++) {
      if (st.state[i] !== AgentState.Exit || st.done[i] === 1 || st.untilS[i] === AT_DOOR) continue;
      const k = s.exitStrategyOf[st.id[i]!]!;
      const strategy = EXIT_STRATEGIES[k];
      if (strategy !== 'nearest' && strategy !== 'least-loaded') continue;
      const current = st.purpose[i]!;
      s.gateLoad[current]!--;
      const g = this.chooseExit(i, strategy);
      s.gateLoad[current]!++;
      if (g < 0 || g === current) continue;
      s.gateLoad[current]!--;
      s.gateLoad[g]!++;
      st.purpose[i] = g;
      st.target[i] = s.world.routing.gateTarget[g]!;
      s.exitGateOf[st.id[i]!] = g;
    }
  }

  private leaveExitQueue(i: number): void {
    const st = this.s.store;
    if (st.state[i] === AgentState.Exit) this.s.gateLoad[st.purpose[i]!]!--;
  }

  private chooseExit(i: number, strategy: ExitStrategy): number {
    const s = this.s, st = s.store, gates = s.venue.gates, routing = s.world.routing;
    const x = st.x[i]!, y = st.y[i]!;
    if (strategy === 'assigned') {
      const group = s.groups[s.groupOf[st.id[i]!]!]!;
      if (group.exitGate >= 0 && this.isOpenExit(group.exitGate, x, y)) return group.exitGate;
      const entry = s.entryGateOf[st.id[i]!]!;
      if (group.exitGate < 0 && entry >= 0 && this.isOpenExit(entry, x, y)) return entry;
    }
    if (strategy === 'random') {
      let n = 0;
      for (let g = 0; g < gates.length; g++) if (this.isOpenExit(g, x, y)) n++;
      let k = s.rngJourneys.int(n);
      for (let g = 0; g < gates.length; g++) if (this.isOpenExit(g, x, y) && k-- === 0) return g;
      return -1;
    }
    let best = -1, bestCost = Infinity;
    for (let g = 0; g < gates.length; g++) {
      if (!this.isOpenExit(g, x, y)) continue;
      let cost = routing.travel(routing.gateTarget[g]!, x, y);
      if (strategy === 'least-loaded') cost = cost / st.freeSpeed[i]! + s.gateLoad[g]! / (EXIT_FLOW_PPMS * gates[g]!.widthM);
      if (cost < bestCost) { bestCost = cost; best = g; }
    }
    return best;
  }

  /** Gate g can be left through from (x, y): open, not entry-only (unless evacuating), reachable. */
  private isOpenExit(g: number, x: number, y: number): boolean {
    const s = this.s, routing = s.world.routing;
    return s.gateClosed[g] === 0
      && (s.venue.gates[g]!.direction !== 'in' || s.evacuation !== null)
      && routing.travel(routing.gateTarget[g]!, x, y) < Infinity;
  }

  private startEvacuation(strategy: ExitStrategy, premovementS: readonly [number, number], closed: readonly string[]): void {
    const s = this.s, st = s.store;
    s.evacuation = { atS: s.timeS, strategy };
    s.venue.gates.forEach((g, k) => { if (closed.includes(g.id)) s.gateClosed[k] = 1; });
    for (let i = 0; i < st.count; i++) {
      if (st.done[i] === 1) continue;
      this.leaveExitQueue(i);
      st.state[i] = AgentState.Wait;
      st.untilS[i] = s.timeS + s.rngJourneys.uniform(premovementS[0], premovementS[1]);
      st.comfortGap[i] = 0;
    }
  }
}

/**
 * Whether a body of radius `r` at (x, y) comes within GATE_REACH_M of the gate's line in front of
 * the opening (where it overlaps the opening's span; never beside it): distance < r + reach.
 */
function reachesGate(g: { ax: number; ay: number; bx: number; by: number; lengthM: number }, x: number, y: number, r: number): boolean {
  const dx = g.bx - g.ax, dy = g.by - g.ay;
  const l2 = dx * dx + dy * dy;
  const t = l2 === 0 ? 0 : ((x - g.ax) * dx + (y - g.ay) * dy) / l2;
  const slack = r / Math.max(1e-9, g.lengthM);
  if (t < -slack || t > 1 + slack) return false;
  const ex = x - g.ax - t * dx, ey = y - g.ay - t * dy;
  const reach = r + GATE_REACH_M;
  // Everyone leaving asks every tick, and Math.hypot is a call V8 does not inline: the squared
  // distance settles all but a hair's breadth (hypot is within a few ulps of the exact distance,
  // the squares within a few ulps of theirs), where hypot decides as it always did.
  const d2 = ex * ex + ey * ey, reach2 = reach * reach;
  if (d2 > reach2 * (1 + 1e-9)) return false;
  if (d2 < reach2 * (1 - 1e-9)) return true;
  return Math.hypot(ex, ey) < reach;
}
