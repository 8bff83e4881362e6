/**
 * `crowdflow.venue/v1`: the venue as its YAML file describes it. Coordinates in metres.
 *
 * Geometry: zones are rooms that tile the walkable floor; their edges are walls except where a
 * passage (between two zones) or a gate (between a zone and the outside) has an opening, a
 * segment lying on the zone boundary. The simulator, the stream (zone areas, counting lines)
 * and the forecaster (cells and links) all read this one model.
 */
import { z } from 'zod';
import { FacilityId, GateId, PassageId, SensorId, StageId, VenueId, ZoneId } from '../contracts/index.ts';

export const VENUE_SCHEMA = 'crowdflow.venue/v1';

const coord = z.number().finite().min(-100_000).max(100_000);
export const PointSchema = z.tuple([coord, coord]);
const polygon = z.array(PointSchema).min(3, 'a polygon needs at least 3 points');
const opening = z.tuple([PointSchema, PointSchema]);

export const ZONE_TYPES = [
  'entry', 'plaza', 'concourse', 'corridor', 'standing', 'stage_front', 'seating', 'facility', 'exit',
] as const;
export type ZoneType = (typeof ZONE_TYPES)[number];

export const ZoneSpec = z.object({
  id: ZoneId,
  name: z.string().min(1).optional(),
  type: z.enum(ZONE_TYPES),
  polygon,
  /** Overrides the polygon's area, e.g. when part of it is not walkable. */
  areaSqm: z.number().positive().optional(),
  /**
   * Expected capacity in people. The risk score does not use it (capacity utilisation is shown,
   * not scored; see the CrowdSafe guide), but the physics forecaster does: a standing, stage-front
   * or seating zone is forecast to fill to its capacity and no further, unless its count is already
   * more than 10 % over it (src/forecast/models/physics.ts). Set it to what the zone really holds;
   * one set too low flattens that zone's forecast early.
   */
  capacity: z.number().int().positive(),
  /** Density at which this zone counts as congested (p/m²); defaults to the venue's. */
  congestionDensity: z.number().positive().max(10).optional(),
}).strict();

export const PassageSpec = z.object({
  id: PassageId,
  from: ZoneId,
  to: ZoneId,
  opening,
  /** Defaults to the opening's length. */
  widthM: z.number().positive().max(200).optional(),
}).strict();

export const GateSpec = z.object({
  id: GateId,
  name: z.string().min(1).optional(),
  zone: ZoneId,
  opening,
  direction: z.enum(['in', 'out', 'both']).default('both'),
  /** Ticket checks per minute across all its lanes when open for entry. */
  serviceRatePerMin: z.number().positive().max(10_000),
  widthM: z.number().positive().max(200).optional(),
}).strict();

export const StageSpec = z.object({
  id: StageId,
  name: z.string().min(1).optional(),
  /** The audience area in front of it. */
  zone: ZoneId,
  /** Where the performance is, usually just outside the audience zone. */
  position: PointSchema,
}).strict();

export const FacilitySpec = z.object({
  id: FacilityId,
  name: z.string().min(1).optional(),
  kind: z.enum(['bar', 'toilet', 'food', 'first_aid', 'merch']),
  zone: ZoneId,
  position: PointSchema,
  /** Customers served per minute. */
  serviceRatePerMin: z.number().positive().max(10_000).default(10),
}).strict();

const sensorBase = {
  id: SensorId,
  name: z.string().optional(),
  /** Expected period between readings; a source silent for 3 periods is stale. */
  periodMs: z.number().int().min(100).max(3_600_000).default(1000),
};
export const SensorSpec = z.discriminatedUnion('kind', [
  z.object({ ...sensorBase, kind: z.literal('zone_count'), zone: ZoneId }).strict(),
  z.object({
    ...sensorBase,
    kind: z.literal('tracks'),
    zone: ZoneId,
    /** Part of the zone the camera covers; defaults to the whole zone. */
    coverage: polygon.optional(),
  }).strict(),
  z.object({ ...sensorBase, kind: z.literal('line_count'), passage: PassageId.optional(), gate: GateId.optional() })
    .strict()
    .refine((s) => (s.passage === undefined) !== (s.gate === undefined), 'a line_count sensor needs exactly one of passage or gate'),
  z.object({ ...sensorBase, kind: z.literal('ticket_scan'), gate: GateId }).strict(),
  z.object({
    ...sensorBase,
    kind: z.literal('wifi_count'),
    zone: ZoneId,
    /** People per detected device (not everyone carries a phone with Wi-Fi on). */
    peoplePerDevice: z.number().positive().max(10).default(1.4),
  }).strict(),
]);

/**
 * An edge gateway serving a sector of the venue: it may forward readings of these sensors only
 * (it authenticates upstream with its own key, the sensors authenticate to it with theirs).
 */
export const GatewaySpec = z.object({
  id: SensorId,
  name: z.string().optional(),
  sensors: z.array(SensorId).min(1),
}).strict();

export const VenueSpec = z.object({
  schema: z.literal(VENUE_SCHEMA),
  id: VenueId,
  name: z.string().min(1),
  capacity: z.number().int().positive(),
  timezone: z.string().default('UTC'),
  /** Density at which a zone counts as congested (p/m²); CrowdSafe's WARNING band starts near 5. */
  congestionDensity: z.number().positive().max(10).default(4),
  zones: z.array(ZoneSpec).min(1),
  passages: z.array(PassageSpec).default([]),
  gates: z.array(GateSpec).default([]),
  stages: z.array(StageSpec).default([]),
  facilities: z.array(FacilitySpec).default([]),
  sensors: z.array(SensorSpec).default([]),
  gateways: z.array(GatewaySpec).default([]),
  /** Extra interior walls (pillars, barriers) as polylines. */
  walls: z.array(z.array(PointSchema).min(2)).default([]),
}).strict();
export type VenueSpec = z.infer<typeof VenueSpec>;
export type SensorSpec = z.infer<typeof SensorSpec>;
