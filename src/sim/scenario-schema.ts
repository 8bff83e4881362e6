/**
 * `crowdflow.scenario/v1`: a simulation run over a venue: demand (arrivals per gate over time and
 * agent mix), stage schedule, scheduled events, duration, seed, routing and sensor noise.
 * Times are seconds from the start of the run.
 */
import { z } from 'zod';
import { GateId, StageId, ZoneId } from '../contracts/index.ts';
import { LANE_SIDES } from './lanes.ts';

export const SCENARIO_SCHEMA = 'crowdflow.scenario/v1';

const range = (min: number, max: number) => z.tuple([z.number().min(min).max(max), z.number().min(min).max(max)])
  .refine(([a, b]) => a <= b, 'expected [min, max] with min ≤ max');
const timeS = z.number().min(0).max(30 * 86_400);
const share = z.number().min(0).max(1);

export const EXIT_STRATEGIES = ['nearest', 'assigned', 'random', 'least-loaded'] as const;
export type ExitStrategy = (typeof EXIT_STRATEGIES)[number];

export const MixSpec = z.object({
  under30: z.number().min(0).max(1).default(0.5),
  from30to50: z.number().min(0).max(1).default(0.3),
  over50: z.number().min(0).max(1).default(0.2),
  vulnerableShare: share.default(0.05),
  radiusM: range(0.1, 0.4).default([0.16, 0.2]),
  /** Overrides the age-group speeds (not the reduced-mobility ones) with a uniform range, m/s. */
  freeSpeedMps: range(0.1, 3).optional(),
  comfortGapM: range(0, 3).default([0.1, 0.6]),
}).strict();

export const GroupSpec = z.object({
  id: z.string().min(1).max(64),
  mix: MixSpec.partial().optional(),
  /** Exit of this group under the `assigned` strategy. */
  exitGate: GateId.optional(),
}).strict();

export const DemandSpec = z.object({
  gate: GateId,
  count: z.number().int().min(0).max(2_000_000),
  group: z.string().min(1).default('visitors'),
  /** Cumulative share arrived by time: [tS, share] points, piecewise linear, from share 0 to 1. */
  curve: z.array(z.tuple([timeS, share])).min(2),
}).strict();

export const InitialSpec = z.object({
  zone: ZoneId,
  count: z.number().int().min(0).max(2_000_000),
  group: z.string().min(1).default('visitors'),
  /** watch: go to the current or next show; exit: leave after the premovement time; hold: stand still. */
  activity: z.enum(['watch', 'exit', 'hold']).default('watch'),
  premovementS: range(0, 3600).default([0, 0]),
  strategy: z.enum(EXIT_STRATEGIES).optional(),
}).strict();

export const ShowSpec = z.object({
  stage: StageId,
  startS: timeS,
  endS: timeS,
}).strict().refine((s) => s.endS > s.startS, 'endS must be after startS');

export const EventSpec = z.discriminatedUnion('type', [
  z.object({ type: z.literal('stage_switch'), atS: timeS, from: StageId, to: StageId, share: share.default(1) }).strict(),
  z.object({
    type: z.literal('evacuation'),
    atS: timeS,
    strategy: z.enum(EXIT_STRATEGIES).default('nearest'),
    premovementS: range(0, 3600).default([0, 30]),
    closedGates: z.array(GateId).default([]),
  }).strict(),
]);

export const FacilityBehaviourSpec = z.object({
  /** Visits per person per hour while a show is on. */
  showVisitsPerHour: z.number().min(0).max(20).default(0.3),
  /** Visits per person per hour between two shows. */
  intervalVisitsPerHour: z.number().min(0).max(20).default(1.5),
  /**
   * Visits per person per hour before the first show; by default `showVisitsPerHour`. Those who
   * leave their spot on a filling floor have to get out through the crowd still arriving.
   */
  preShowVisitsPerHour: z.number().min(0).max(20).optional(),
  /** Time spent at the facility after being served, s. */
  dwellS: range(0, 3600).default([30, 150]),
  /**
   * People balk at a long queue (Gross & Harris, queueing with balking): a visit whose expected
   * wait at the best facility of its kind (those queued ahead and those within 15 m walking
   * there, over the service rate) exceeds this is not made, s. Without it, demand above the
   * service rate grows queues without bound and the waiting crowd packs the facility's zone.
   */
  maxWaitS: z.number().min(0).max(7200).default(600),
  /** Relative weights of the kinds of facility visited. */
  kindWeights: z.object({
    bar: z.number().min(0).default(0.45),
    toilet: z.number().min(0).default(0.35),
    food: z.number().min(0).default(0.15),
    merch: z.number().min(0).default(0.05),
  }).strict().default({ bar: 0.45, toilet: 0.35, food: 0.15, merch: 0.05 }),
}).strict();

export const NoiseSpec = z.object({
  /** Relative standard deviation of a count (0.05 = 5 %), or of a position in metres for tracks. */
  sigma: z.number().min(0).max(5).default(0),
  /** Relative bias of a count (−0.1 = undercounts by 10 %). */
  bias: z.number().min(-0.9).max(2).default(0),
  latencyMs: z.number().int().min(0).max(600_000).default(0),
  /** Probability that a reading is lost. */
  dropout: share.default(0),
}).strict();

export const ScenarioSpec = z.object({
  schema: z.literal(SCENARIO_SCHEMA),
  id: z.string().min(1).max(64),
  name: z.string().optional(),
  /** The venue file, relative to this scenario file. */
  venue: z.string().optional(),
  durationS: z.number().positive().max(30 * 86_400),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  dtS: z.number().min(0.005).max(0.1).default(0.05),
  /** Wall-clock time of t = 0 for the readings' timestamps (ISO 8601). */
  startAt: z.string().datetime({ offset: true }).optional(),
  agents: MixSpec.default(MixSpec.parse({})),
  groups: z.array(GroupSpec).default([]),
  demand: z.array(DemandSpec).default([]),
  initial: z.array(InitialSpec).default([]),
  schedule: z.array(ShowSpec).default([]),
  events: z.array(EventSpec).default([]),
  facilities: FacilityBehaviourSpec.default(FacilityBehaviourSpec.parse({})),
  /** Agents react to a schedule change (show end, next show) spread over this many seconds. */
  reactionSpreadS: z.number().min(0).max(3600).default(120),
  egress: z.object({
    strategy: z.enum(EXIT_STRATEGIES).default('nearest'),
    /** Departures after the last show spread over this many seconds. */
    spreadS: z.number().min(0).max(7200).default(600),
  }).strict().default({ strategy: 'nearest', spreadS: 600 }),
  routing: z.object({
    cellM: z.number().min(0.1).max(2).default(0.25),
    /** Density-aware rerouting of the exit and stage fields every this many seconds (0: off). */
    rerouteEveryS: z.number().min(0).max(600).default(0),
    /** The side walkers keep to in corridors while people walk both ways (lanes.ts). */
    lanes: z.enum(LANE_SIDES).default('none'),
  }).strict().default({ cellM: 0.25, rerouteEveryS: 0, lanes: 'none' }),
  sensors: z.object({
    noise: z.object({
      line_count: NoiseSpec.optional(),
      zone_count: NoiseSpec.optional(),
      tracks: NoiseSpec.optional(),
      ticket_scan: NoiseSpec.optional(),
      wifi_count: NoiseSpec.optional(),
    }).strict().default({}),
    /**
     * Line counters and ticket gates send their running totals with each interval's count, as
     * most do (a lost reading then loses no count); false: interval counts only.
     */
    counterTotals: z.boolean().default(true),
  }).strict().default({ noise: {}, counterTotals: true }),
}).strict();
export type ScenarioSpec = z.infer<typeof ScenarioSpec>;
export type NoiseSpec = z.infer<typeof NoiseSpec>;
export type EventSpec = z.infer<typeof EventSpec>;

/** Epoch ms of a scenario's t = 0 when it gives no `startAt` (what `crowdflow simulate` stamps). */
export const SCENARIO_DEFAULT_START_MS = Date.UTC(2026, 0, 1);

/** Epoch ms of the scenario's t = 0: its `startAt`, else SCENARIO_DEFAULT_START_MS. */
export function scenarioStartMs(s: { readonly startAt?: string | undefined }): number {
  return s.startAt ? Date.parse(s.startAt) : SCENARIO_DEFAULT_START_MS;
}
