/**
 * One simulation run: a thin orchestrator of named systems in a fixed order per tick
 * (after JuPedSim): arrivals (remove, spawn) → neighbour grid (and, every second, the store
 * reordered by cell) → journeys (and steering) → operational model →
 * commit → truth (zones, crossings) → clock. Deterministic for a given venue, scenario and seed.
 * The grid, steering, step and zone search run in the WebAssembly kernel (kernel/kernel.ts).
 */
import { CrowdflowError, type GateId } from '../contracts/index.ts';
import type { Venue } from '../venue/index.ts';
import { Arrivals } from './arrivals.ts';
import { Journeys } from './journeys.ts';
import { OperationalModel } from './operational-model.ts';
import { RerouteInputs } from './reroute-inputs.ts';
import { checkDt, checkOperationalParams, DEFAULT_OPERATIONAL, type OperationalParams } from './params.ts';
import type { Scenario } from './scenario-load.ts';
import { SimState, type GroupInfo } from './state.ts';
import { buildSummary, type SimSummary } from './summary.ts';
import { Truth, type CrossingTruth, type ZoneTruth } from './truth.ts';
import { World } from './world.ts';

/**
 * Every this many seconds the agent store is reordered by neighbour-grid cell, so that memory
 * order follows space (agents walk ≤ 2 m in that time, about two cells). Slot order only
 * changes which agent the journeys visit first, so a seed still fixes the run.
 */
const REORDER_EVERY_S = 1;

export interface SimulationOptions {
  readonly seed?: number;
  readonly dtS?: number;
  readonly model?: Partial<OperationalParams>;
  /** A prebuilt world for the same venue and routing cell size (saves the floor fields). */
  readonly world?: World;
}

/**
 * Read-only view of the active agents (slots 0..count-1), for virtual sensors and exports. The
 * arrays are views on the simulator kernel's memory: valid until the next step (a spawn may grow
 * that memory and detach them), so take a fresh view each time instead of keeping one.
 */
export interface AgentView {
  readonly count: number;
  readonly id: Int32Array;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly vx: Float32Array;
  readonly vy: Float32Array;
  /** Desired direction (unit, or zero while the agent holds still: settled, served, waiting). */
  readonly desX: Float32Array;
  readonly desY: Float32Array;
  /** Zone index (into venue.zones) or -1. */
  readonly zone: Int16Array;
}

export interface Simulation {
  readonly venue: Venue;
  readonly scenario: Scenario;
  readonly dtS: number;
  readonly timeS: number;
  readonly agentCount: number;
  /** Advances one time step. */
  step(): void;
  /** Steps until timeS ≥ tS (no step when already there). */
  advanceTo(tS: number): void;
  /** x0, y0, x1, y1, … of the active agents; reuses `out` when it is large enough. */
  positions(out?: Float32Array): Float32Array;
  zoneTruth(): ZoneTruth[];
  crossings(): CrossingTruth[];
  /** Cumulative entries per gate, with how many had reduced mobility (ticket categories). */
  gateEntries(): { gateId: GateId; entries: number; reducedMobility: number }[];
  agents(): AgentView;
  summary(): SimSummary;
}

export function createSimulation(venue: Venue, scenario: Scenario, opts: SimulationOptions = {}): Simulation {
  return new SimulationRun(venue, scenario, opts);
}

class SimulationRun implements Simulation {
  private readonly s: SimState;
  private readonly journeys: Journeys;
  private readonly arrivals: Arrivals;
  private readonly model: OperationalModel;
  private readonly truth: Truth;
  private readonly stepsPerSecond: number;
  private readonly rerouteEverySteps: number;
  private readonly reorderEverySteps: number;
  private rerouteInputs: RerouteInputs | null = null;

  constructor(readonly venue: Venue, readonly scenario: Scenario, opts: SimulationOptions) {
    const dtS = checkDt(opts.dtS ?? scenario.dtS);
    const params = checkOperationalParams({ ...DEFAULT_OPERATIONAL, ...opts.model });
    const seed = opts.seed ?? scenario.seed;
    if (!Number.isInteger(seed) || seed < 0) throw new CrowdflowError('CF_ERR_RANGE', `\`seed\` ${seed} not an integer in [0, 2147483647]`);
    const world = opts.world ?? new World(venue, scenario.routing.cellM, scenario.routing.lanes);
    if (world.venue !== venue) throw new CrowdflowError('CF_ERR_CONFIG', 'the prebuilt world belongs to another venue');
    if (world.lanes !== scenario.routing.lanes) {
      throw new CrowdflowError('CF_ERR_CONFIG', `the prebuilt world keeps lanes "${world.lanes}", the scenario "${scenario.routing.lanes}"`);
    }
    const groupNames = [...new Set([...scenario.groups.map((g) => g.id), ...scenario.demand.map((d) => d.group), ...scenario.initial.map((p) => p.group)])];
    const groups: GroupInfo[] = groupNames.map((id) => {
      const spec = scenario.groups.find((g) => g.id === id);
      return {
        id,
        mix: { ...scenario.agents, ...spec?.mix },
        exitGate: spec?.exitGate !== undefined ? venue.gates.findIndex((g) => g.id === spec.exitGate) : -1,
      };
    });
    const groupIndex = new Map(groupNames.map((g, i) => [g, i]));
    const expected = scenario.demand.reduce((t, d) => t + d.count, 0) + scenario.initial.reduce((t, p) => t + p.count, 0);
    this.s = new SimState(venue, world, scenario, params, dtS, seed, groups, expected);
    this.dtS = dtS;
    world.routing.precomputeAll();
    this.journeys = new Journeys(this.s);
    this.arrivals = new Arrivals(this.s, this.journeys, groupIndex);
    this.model = new OperationalModel({ store: this.s.store, grid: this.s.grid, walls: world.wallGrid, params, lanes: world.lanes });
    this.truth = new Truth(this.s);
    this.stepsPerSecond = Math.max(1, Math.round(1 / dtS));
    this.reorderEverySteps = Math.max(1, Math.round(REORDER_EVERY_S / dtS));
    this.rerouteEverySteps = scenario.routing.rerouteEveryS > 0 ? Math.max(1, Math.round(scenario.routing.rerouteEveryS / dtS)) : 0;
    this.arrivals.placeInitial(groupIndex);
  }

  readonly dtS: number;

  get timeS(): number {
    return this.s.timeS;
  }

  get agentCount(): number {
    return this.s.store.count;
  }

  step(): void {
    const s = this.s;
    this.arrivals.update();
    s.grid.build(s.store);
    if (s.tick % this.reorderEverySteps === 0) {
      s.store.reorder(s.grid.order);
      s.grid.adoptOrder();
    }
    if (this.rerouteEverySteps > 0 && s.tick > 0 && s.tick % this.rerouteEverySteps === 0) this.reroute();
    this.journeys.update();
    this.model.step(s.dtS);
    s.store.commitPositions();
    this.truth.updateZones();
    s.tick++;
    s.timeS = s.tick * s.dtS;
    if (s.tick % this.stepsPerSecond === 0) this.truth.recordPeaks();
  }

  advanceTo(tS: number): void {
    // A half-step tolerance keeps float drift from adding a step.
    while (this.s.timeS < tS - this.s.dtS / 2) this.step();
  }

  positions(out?: Float32Array): Float32Array {
    const st = this.s.store, n = st.count;
    const buf = out && out.length >= 2 * n ? out : new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      buf[2 * i] = st.x[i]!;
      buf[2 * i + 1] = st.y[i]!;
    }
    return buf.subarray(0, 2 * n);
  }

  zoneTruth(): ZoneTruth[] {
    return this.truth.zoneTruth();
  }

  crossings(): CrossingTruth[] {
    return this.truth.crossings();
  }

  gateEntries(): { gateId: GateId; entries: number; reducedMobility: number }[] {
    return this.venue.gates.map((g, k) => ({ gateId: g.id, entries: this.s.gateEntries[k]!, reducedMobility: this.s.gateEntriesReduced[k]! }));
  }

  agents(): AgentView {
    const st = this.s.store;
    return { count: st.count, id: st.id, x: st.x, y: st.y, vx: st.vx, vy: st.vy, desX: st.desX, desY: st.desY, zone: st.zone };
  }

  summary(): SimSummary {
    return buildSummary(this.s, this.truth, this.arrivals.queues, this.arrivals.turnedAway);
  }

  /**
   * Density-aware rerouting, from the crowd's densities (reroute-inputs.ts): the field of every
   * stage someone is heading for now ends where its audience has room (Routing.recomputeStage);
   * while anyone is leaving, the open gates' fields price in the crowd and people who chose their
   * exit by distance or load choose again. Note that the world (and so its fields) is shared by
   * runs built on it: rerouting runs should not share one.
   */
  private reroute(): void {
    const s = this.s, routing = s.world.routing;
    const watchers = this.journeys.watchersPerStage();
    let anyLeaving = false;
    for (let k = 0; k < this.venue.gates.length; k++) anyLeaving ||= s.gateLoad[k]! > 0;
    if (!anyLeaving && !watchers.some((w) => w > 0)) return;
    const inputs = (this.rerouteInputs ??= new RerouteInputs(s.world.raster, s.grid, this.venue.zones.map((z) => z.capacity)));
    inputs.update(s.store, s.zoneCount);
    for (let k = 0; k < watchers.length; k++) {
      if (watchers[k]! > 0) routing.recomputeStage(k, inputs.stageCost, inputs.roomy);
    }
    if (!anyLeaving) return;
    for (let k = 0; k < this.venue.gates.length; k++) {
      if (s.gateClosed[k] === 0) routing.recompute(routing.gateTarget[k]!, inputs.exitCost);
    }
    this.journeys.reconsiderExits();
  }
}

