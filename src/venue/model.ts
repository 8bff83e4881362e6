/**
 * The compiled venue: the YAML spec with areas computed, references resolved and lookups built.
 * Immutable; every stage reads it, none changes it.
 */
import type {
  FacilityId, GateId, PassageId, SensorId, StageId, VenueId, ZoneId,
} from '../contracts/index.ts';
import type { Bounds, Point, Polygon, Segment } from './geometry.ts';
import type { SensorSpec, ZoneType } from './schema.ts';

export interface Zone {
  readonly id: ZoneId;
  readonly name: string;
  readonly type: ZoneType;
  readonly polygon: Polygon;
  readonly areaSqm: number;
  readonly capacity: number;
  readonly congestionDensity: number;
  readonly centroid: Point;
  /** Passages touching this zone. */
  readonly passageIds: readonly PassageId[];
  readonly gateIds: readonly GateId[];
}

export interface Passage {
  readonly id: PassageId;
  readonly from: ZoneId;
  readonly to: ZoneId;
  readonly opening: Segment;
  readonly widthM: number;
}

export interface Gate {
  readonly id: GateId;
  readonly name: string;
  readonly zone: ZoneId;
  readonly opening: Segment;
  readonly direction: 'in' | 'out' | 'both';
  readonly serviceRatePerMin: number;
  readonly widthM: number;
}

export interface Stage {
  readonly id: StageId;
  readonly name: string;
  readonly zone: ZoneId;
  readonly position: Point;
}

export interface Facility {
  readonly id: FacilityId;
  readonly name: string;
  readonly kind: 'bar' | 'toilet' | 'food' | 'first_aid' | 'merch';
  readonly zone: ZoneId;
  readonly position: Point;
  readonly serviceRatePerMin: number;
}

export type Sensor = SensorSpec & {
  /** Zones whose state this sensor informs (a line on a passage informs both sides). */
  readonly zoneIds: readonly ZoneId[];
};

export interface Gateway {
  readonly id: SensorId;
  readonly name: string;
  readonly sensors: ReadonlySet<SensorId>;
}

export interface Venue {
  readonly id: VenueId;
  readonly name: string;
  readonly capacity: number;
  readonly timezone: string;
  readonly congestionDensity: number;
  readonly zones: readonly Zone[];
  readonly passages: readonly Passage[];
  readonly gates: readonly Gate[];
  readonly stages: readonly Stage[];
  readonly facilities: readonly Facility[];
  readonly sensors: readonly Sensor[];
  readonly gateways: readonly Gateway[];
  readonly walls: readonly (readonly Point[])[];
  readonly bounds: Bounds;
  readonly zoneById: ReadonlyMap<ZoneId, Zone>;
  readonly passageById: ReadonlyMap<PassageId, Passage>;
  readonly gateById: ReadonlyMap<GateId, Gate>;
  readonly sensorById: ReadonlyMap<SensorId, Sensor>;
  readonly gatewayById: ReadonlyMap<SensorId, Gateway>;
}
