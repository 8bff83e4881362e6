/** A small line-count-only venue and state builders for the forecast tests and benchmark (not public). */
import {
  asEpochMs, asPeople, asPeoplePerSqm, asRatio, ZONE_STATE_SCHEMA,
  type DurationMs, type EpochMs, type SourceUse, type ZoneState,
} from '../contracts/index.ts';
import { parseVenue, type Venue } from '../venue/index.ts';

/**
 * plaza (20×10, ticket gate in the west wall) → hall (20×10) → pit (10×10, a stage) in a row,
 * 4 m passages between them; counting lines on the gate and both passages, nothing else.
 */
export function lineOnlyVenue(): Venue {
  return parseVenue(LINE_ONLY_VENUE_YAML, '<tiny-line>');
}

export const LINE_ONLY_VENUE_YAML = `schema: crowdflow.venue/v1
id: tiny-line
name: Tiny line-count venue
capacity: 2000
congestionDensity: 4
zones:
  - { id: plaza, type: entry, capacity: 600, polygon: [[0, 0], [20, 0], [20, 10], [0, 10]] }
  - { id: hall, type: concourse, capacity: 600, polygon: [[20, 0], [40, 0], [40, 10], [20, 10]] }
  - { id: pit, type: stage_front, capacity: 300, congestionDensity: 3, polygon: [[40, 0], [50, 0], [50, 10], [40, 10]] }
passages:
  - { id: p-plaza-hall, from: plaza, to: hall, opening: [[20, 3], [20, 7]] }
  - { id: p-hall-pit, from: hall, to: pit, opening: [[40, 3], [40, 7]] }
gates:
  - { id: gate-w, name: West gate, zone: plaza, opening: [[0, 3], [0, 7]], direction: in, serviceRatePerMin: 240 }
stages:
  - { id: stage, name: Stage, zone: pit, position: [49, 5] }
sensors:
  - { id: lc-gate, kind: line_count, gate: gate-w }
  - { id: lc-plaza-hall, kind: line_count, passage: p-plaza-hall }
  - { id: lc-hall-pit, kind: line_count, passage: p-hall-pit }
`;

/** A fused state with the fields the forecasters read; the rest neutral. */
export function stateOf(venue: Venue, zoneId: string, tsMs: number, occupancy: number | null, sources: readonly SourceUse[] = []): ZoneState {
  const zone = venue.zones.find((z) => z.id === zoneId)!;
  return {
    schema: ZONE_STATE_SCHEMA, venueId: venue.id, zoneId: zone.id, ts: asEpochMs(tsMs), windowMs: 30_000 as DurationMs,
    occupancy: occupancy === null ? null : asPeople(occupancy),
    density: occupancy === null ? null : asPeoplePerSqm(occupancy / zone.areaSqm),
    inflowPerMin: null, outflowPerMin: null, speed: null, speedEstimated: false, surgeRate: 0,
    pressure: asRatio(0), coherence: asRatio(0), capacityUtilisation: null, sources: [...sources], confidence: asRatio(1),
    status: occupancy === null ? 'unknown' : 'ok',
  };
}

/** Feeds `seconds` of states, occupancy from `occ(zoneIndex, second)`, one observe per second. */
export function feed(
  model: { observe(states: readonly ZoneState[], ts: EpochMs): void },
  venue: Venue, startMs: number, seconds: number, occ: (zoneIndex: number, s: number) => number | null,
  sources: (zoneIndex: number, s: number) => readonly SourceUse[] = () => [],
): EpochMs {
  let ts = asEpochMs(startMs);
  for (let s = 0; s < seconds; s++) {
    ts = asEpochMs(startMs + s * 1000);
    model.observe(venue.zones.map((z, i) => stateOf(venue, z.id, ts, occ(i, s), sources(i, s))), ts);
  }
  return ts;
}

export { seededRandom } from '../contracts/index.ts';
