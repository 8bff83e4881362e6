/**
 * The mutable state of one run, shared by the systems of a tick (arrivals, journeys, operational
 * model, truth). Per-agent data of the active agents lives in the AgentStore (by slot); per-person
 * records that outlive an agent's presence (group, profile, spawn and exit times) live here (by id).
 */
import type { Venue } from '../venue/index.ts';
import { AgentStore } from './agents.ts';
import { NeighbourGrid } from './neighbour-grid.ts';
import type { OperationalParams } from './params.ts';
import type { AgentMix } from './profiles.ts';
import { Rng } from './rng.ts';
import type { Scenario } from './scenario-load.ts';
import type { ExitStrategy } from './scenario-schema.ts';
import type { World } from './world.ts';

export interface GroupInfo {
  readonly id: string;
  readonly mix: AgentMix;
  /** Gate index for the `assigned` exit strategy, or -1. */
  readonly exitGate: number;
}

export class SimState {
  readonly store: AgentStore;
  readonly grid: NeighbourGrid;
  /** Random streams, one per system, so that adding draws in one does not shift the others. */
  readonly rngArrivals: Rng;
  readonly rngJourneys: Rng;
  readonly rngSensors: Rng;
  timeS = 0;
  tick = 0;
  nextId = 0;
  // Per person (by id).
  groupOf: Uint16Array;
  profileOf: Uint8Array;
  entryGateOf: Int16Array;
  spawnS: Float32Array;
  exitS: Float32Array;
  exitGateOf: Int16Array;
  /** Comfort distance kept at a stage, m. */
  comfortOf: Float32Array;
  /** Index into EXIT_STRATEGIES when the person only wants to leave (initial 'exit' populations), else -1. */
  leaveWith: Int8Array;
  /** Index into EXIT_STRATEGIES of the strategy that chose the person's current exit, or -1. */
  exitStrategyOf: Int8Array;
  // Per gate.
  readonly gateClosed: Uint8Array;
  /** Agents currently heading to each gate to leave (for the least-loaded strategy). */
  readonly gateLoad: Int32Array;
  readonly gateEntries: Int32Array;
  readonly gateEntriesReduced: Int32Array;
  readonly gateExits: Int32Array;
  // Per zone and passage.
  readonly zoneCount: Int32Array;
  readonly passageIn: Int32Array;
  readonly passageOut: Int32Array;
  evacuation: { atS: number; strategy: ExitStrategy } | null = null;

  constructor(
    readonly venue: Venue,
    readonly world: World,
    readonly scenario: Scenario,
    readonly params: OperationalParams,
    readonly dtS: number,
    seed: number,
    readonly groups: readonly GroupInfo[],
    expectedAgents: number,
  ) {
    this.store = new AgentStore(expectedAgents);
    this.grid = new NeighbourGrid(venue.bounds, params.cutoffM / 2);
    const root = new Rng(seed);
    this.rngArrivals = root.fork();
    this.rngJourneys = root.fork();
    this.rngSensors = root.fork();
    const cap = Math.max(16, expectedAgents);
    this.groupOf = new Uint16Array(cap);
    this.profileOf = new Uint8Array(cap);
    this.entryGateOf = new Int16Array(cap).fill(-1);
    this.spawnS = new Float32Array(cap).fill(NaN);
    this.exitS = new Float32Array(cap).fill(NaN);
    this.exitGateOf = new Int16Array(cap).fill(-1);
    this.comfortOf = new Float32Array(cap);
    this.leaveWith = new Int8Array(cap).fill(-1);
    this.exitStrategyOf = new Int8Array(cap).fill(-1);
    const ng = venue.gates.length;
    this.gateClosed = new Uint8Array(ng);
    this.gateLoad = new Int32Array(ng);
    this.gateEntries = new Int32Array(ng);
    this.gateEntriesReduced = new Int32Array(ng);
    this.gateExits = new Int32Array(ng);
    this.zoneCount = new Int32Array(venue.zones.length);
    this.passageIn = new Int32Array(venue.passages.length);
    this.passageOut = new Int32Array(venue.passages.length);
  }

  comfortGapOf(slot: number): number {
    return this.comfortOf[this.store.id[slot]!]!;
  }

  /** Reserves a person id; grows the per-id records when the plan underestimated (rare, at spawn). */
  newId(): number {
    const id = this.nextId++;
    if (id >= this.groupOf.length) {
      const n = this.groupOf.length * 2;
      const g16 = (a: Uint16Array): Uint16Array => { const b = new Uint16Array(n); b.set(a); return b; };
      const f32 = (a: Float32Array): Float32Array => { const b = new Float32Array(n).fill(NaN); b.set(a); return b; };
      const i16 = (a: Int16Array): Int16Array => { const b = new Int16Array(n).fill(-1); b.set(a); return b; };
      this.groupOf = g16(this.groupOf);
      const p = new Uint8Array(n); p.set(this.profileOf); this.profileOf = p;
      this.entryGateOf = i16(this.entryGateOf);
      this.exitGateOf = i16(this.exitGateOf);
      this.spawnS = f32(this.spawnS);
      this.exitS = f32(this.exitS);
      this.comfortOf = f32(this.comfortOf);
      const lw = new Int8Array(n).fill(-1); lw.set(this.leaveWith); this.leaveWith = lw;
      const es = new Int8Array(n).fill(-1); es.set(this.exitStrategyOf); this.exitStrategyOf = es;
    }
    return id;
  }
}
