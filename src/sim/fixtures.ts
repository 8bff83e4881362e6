/**
 * Small venues built in code for tests and validation runs (RiMEA geometries, crush rooms).
 * A room is one zone; exits are gates on its boundary.
 */
import { stringify } from 'yaml';
import { parseVenue, type Venue } from '../venue/index.ts';

type Pt = [number, number];

export interface RoomSpec {
  readonly id: string;
  readonly polygon: readonly Pt[];
  readonly type?: string;
}

export interface FixtureSpec {
  readonly zones: readonly RoomSpec[];
  readonly passages?: readonly { id: string; from: string; to: string; opening: [Pt, Pt] }[];
  readonly gates?: readonly { id: string; zone: string; opening: [Pt, Pt]; direction?: 'in' | 'out' | 'both'; serviceRatePerMin?: number }[];
  readonly stages?: readonly { id: string; zone: string; position: Pt }[];
  readonly facilities?: readonly { id: string; kind: string; zone: string; position: Pt; serviceRatePerMin: number }[];
  readonly walls?: readonly Pt[][];
}

export function fixtureVenue(id: string, spec: FixtureSpec): Venue {
  const doc = {
    schema: 'crowdflow.venue/v1',
    id,
    name: id,
    capacity: 100_000,
    zones: spec.zones.map((z) => ({ id: z.id, type: z.type ?? 'plaza', capacity: 10_000, polygon: z.polygon })),
    passages: spec.passages ?? [],
    gates: (spec.gates ?? []).map((g) => ({ serviceRatePerMin: 60, direction: 'out', ...g })),
    stages: spec.stages ?? [],
    facilities: (spec.facilities ?? []).map((f) => ({ name: f.id, ...f })),
    walls: spec.walls ?? [],
  };
  return parseVenue(stringify(doc), `<fixture ${id}>`);
}

export function rect(x0: number, y0: number, x1: number, y1: number): Pt[] {
  return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
}

/** A minimal scenario object (parse it with parseScenario). */
export function scenarioObject(id: string, durationS: number, rest: Record<string, unknown> = {}): Record<string, unknown> {
  return { schema: 'crowdflow.scenario/v1', id, durationS, seed: 1, routing: { cellM: 0.2 }, ...rest };
}
