/**
 * What the stream needs from the venue, compiled once into flat indexes: for every sensor the
 * zones it informs and how, for every zone its sources and its boundaries (passages and gates)
 * with the sensors that count people across them.
 *
 * Direction of a line count: a line on passage p counts `in` as from → to, so `in` is inflow
 * for `p.to` and outflow for `p.from`; a line on a gate counts `in` as entering the gate's zone
 * from outside. Ticket scans count entries through their gate.
 */
import type { ReadingKind, SensorId, ZoneId } from '../contracts/index.ts';
import { interiorPoint, polygonArea, type Point, type Polygon, type Segment, type Sensor, type Venue, type Zone } from '../venue/index.ts';

export interface SourceTopo {
  readonly index: number;
  readonly id: SensorId;
  readonly kind: ReadingKind;
  readonly periodMs: number;
  /** Zones this source informs and the sign of its `in` count for each (+1 inflow, −1 outflow). */
  readonly zones: readonly { readonly zone: number; readonly sign: 1 | -1 }[];
  /** Fields per pane (see panes.ts); tracks sources add an in/out pair per boundary of their zone. */
  readonly stride: number;
  /** People in the zone per unit a level source counts: people per Wi-Fi device, zone area / covered area for tracks, else 1. */
  readonly scale: number;
  /** tracks: the covered polygon, its area, and the zone area it stands for. */
  readonly coverage: Polygon | null;
  readonly coverageAreaSqm: number;
  readonly zoneAreaSqm: number;
  /** tracks: share of the zone's area the camera sees, in (0, 1]; 1 for every other kind. */
  readonly coverageFraction: number;
  /** tracks: the openings of its zone's boundaries, in the zone's boundary order, with the side the zone lies on. */
  readonly crossings: readonly CrossingLine[];
}

export interface CrossingLine {
  readonly segment: Segment;
  /** Sign of the zone interior relative to the segment a → b (cross product), +1 or −1. */
  readonly insideSign: 1 | -1;
}

export interface BoundaryTopo {
  readonly id: string;
  readonly kind: 'passage' | 'gate';
  /** line_count sources on this boundary, with the sign of their `in` for this zone. */
  readonly lines: readonly { readonly source: number; readonly sign: 1 | -1 }[];
  /** ticket_scan sources on this gate (entries = inflow). */
  readonly tickets: readonly number[];
  /** tracks sources of this zone and the boundary slot their crossings are counted in. */
  readonly trackSlot: number;
  /**
   * The one source whose counts integrate occupancy across this boundary (never two, or the
   * same people would be counted twice): a line counter, else ticket scans on an entry-only gate.
   */
  readonly integrator: { readonly source: number; readonly sign: 1 | -1 } | null;
}

export interface ZoneTopo {
  readonly index: number;
  readonly zone: Zone;
  /** Sources that give an absolute head count: zone_count, tracks, wifi_count. */
  readonly levelSources: readonly number[];
  /** Every source informing the zone, in venue order (for `ZoneState.sources`). */
  readonly sources: readonly number[];
  readonly boundaries: readonly BoundaryTopo[];
  /** True when every boundary has an integrator: occupancy can be integrated from the counts. */
  readonly closed: boolean;
  /** The integrating sources of a closed zone. */
  readonly integrators: readonly { readonly source: number; readonly sign: 1 | -1 }[];
  /** The counted region (see `RegionTopo`) this zone belongs to, or −1. */
  readonly region: number;
}

/**
 * A counted region: zones joined by passages nobody counts (open barriers, plaza mouths), whose
 * outer boundary is counted everywhere (each outer passage and gate has an integrator). The people
 * in it are then Σ sign·(in − out) over its outer counters: a conservation law that holds
 * whatever happens inside, which binds the estimates of its zones (Σ zones = region total).
 * A region of one zone is a closed zone; only regions of two or more zones are listed.
 */
export interface RegionTopo {
  readonly index: number;
  /** Stable name for checkpoints: its zone ids joined by '+'. */
  readonly id: string;
  readonly zones: readonly number[];
  /** The integrators of its outer boundary, with their sign for the region. */
  readonly integrators: readonly { readonly source: number; readonly sign: 1 | -1 }[];
}

export interface Topology {
  readonly venue: Venue;
  readonly sources: readonly SourceTopo[];
  readonly zones: readonly ZoneTopo[];
  readonly regions: readonly RegionTopo[];
  readonly sourceById: ReadonlyMap<string, SourceTopo>;
  readonly zoneIndex: ReadonlyMap<ZoneId, number>;
}

/** Fields shared by every source's pane; a tracks source appends two per boundary of its zone. */
export const BASE_STRIDE = 16;

export function buildTopology(venue: Venue): Topology {
  const zoneIndex = new Map<ZoneId, number>(venue.zones.map((z, i) => [z.id, i]));
  const sources: SourceTopo[] = venue.sensors.map((s, index) => sourceTopo(venue, s, index, zoneIndex));
  const open: ZoneTopo[] = venue.zones.map((zone, index) => zoneTopo(venue, zone, index, sources));
  const regions = countedRegions(venue, open, zoneIndex);
  const regionOf = new Map<number, number>();
  for (const r of regions) for (const z of r.zones) regionOf.set(z, r.index);
  const zones = open.map((z) => ({ ...z, region: regionOf.get(z.index) ?? -1 }));
  return { venue, sources, zones, regions, sourceById: new Map(sources.map((s) => [s.id, s])), zoneIndex };
}

/**
 * Joins zones across passages without an integrator (union-find), then keeps the groups of two or
 * more zones whose every outer boundary has one. A counted passage inside a group (a loop) is
 * internal: its counts move people within the region and do not change its total.
 */
function countedRegions(venue: Venue, zones: readonly ZoneTopo[], zoneIndex: ReadonlyMap<ZoneId, number>): RegionTopo[] {
  const parent = zones.map((z) => z.index);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  for (const z of zones) {
    for (const b of z.boundaries) {
      if (b.kind !== 'passage' || b.integrator !== null) continue;
      const p = venue.passageById.get(b.id as never)!;
      parent[root(zoneIndex.get(p.from)!)] = root(zoneIndex.get(p.to)!);
    }
  }
  const groups = new Map<number, number[]>();
  for (const z of zones) {
    const r = root(z.index);
    groups.set(r, [...(groups.get(r) ?? []), z.index]);
  }
  const regions: RegionTopo[] = [];
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const inside = new Set(members);
    const integrators: { source: number; sign: 1 | -1 }[] = [];
    let counted = true;
    for (const zi of members) {
      for (const b of zones[zi]!.boundaries) {
        if (b.kind === 'passage') {
          const p = venue.passageById.get(b.id as never)!;
          if (inside.has(zoneIndex.get(p.from)!) && inside.has(zoneIndex.get(p.to)!)) continue;
        }
        if (b.integrator === null) counted = false;
        else integrators.push(b.integrator);
      }
    }
    if (!counted || integrators.length === 0) continue;
    regions.push({ index: regions.length, id: members.map((z) => zones[z]!.zone.id).join('+'), zones: members, integrators });
  }
  return regions;
}

function boundaryOpenings(venue: Venue, zone: Zone): { id: string; kind: 'passage' | 'gate'; opening: Segment }[] {
  return [
    ...zone.passageIds.map((id) => ({ id: String(id), kind: 'passage' as const, opening: venue.passageById.get(id)!.opening })),
    ...zone.gateIds.map((id) => ({ id: String(id), kind: 'gate' as const, opening: venue.gateById.get(id)!.opening })),
  ];
}

function sourceTopo(venue: Venue, s: Sensor, index: number, zoneIndex: ReadonlyMap<ZoneId, number>): SourceTopo {
  const zones: { zone: number; sign: 1 | -1 }[] = [];
  if (s.kind === 'line_count' && s.passage !== undefined) {
    const p = venue.passageById.get(s.passage)!;
    zones.push({ zone: zoneIndex.get(p.from)!, sign: -1 }, { zone: zoneIndex.get(p.to)!, sign: 1 });
  } else {
    for (const z of s.zoneIds) zones.push({ zone: zoneIndex.get(z)!, sign: 1 });
  }
  let coverage: Polygon | null = null;
  let crossings: CrossingLine[] = [];
  let zoneAreaSqm = 0;
  let coverageAreaSqm = 0;
  if (s.kind === 'tracks') {
    const zone = venue.zoneById.get(s.zone)!;
    coverage = s.coverage ?? zone.polygon;
    zoneAreaSqm = zone.areaSqm;
    // A camera over the whole zone stands for its walkable area (which may override the polygon's).
    coverageAreaSqm = s.coverage === undefined ? zone.areaSqm : polygonArea(s.coverage);
    const inside = interiorPoint(zone.polygon);
    crossings = boundaryOpenings(venue, zone).map(({ opening }) => ({ segment: opening, insideSign: sideOf(opening, inside) >= 0 ? 1 : -1 }));
  }
  return {
    index,
    id: s.id,
    kind: s.kind,
    periodMs: s.periodMs,
    zones,
    stride: BASE_STRIDE + 2 * crossings.length,
    scale: s.kind === 'wifi_count' ? s.peoplePerDevice : coverage === null ? 1 : zoneAreaSqm / coverageAreaSqm,
    coverage,
    coverageAreaSqm,
    zoneAreaSqm,
    coverageFraction: coverage === null ? 1 : Math.min(1, coverageAreaSqm / zoneAreaSqm),
    crossings,
  };
}

function zoneTopo(venue: Venue, zone: Zone, index: number, sources: readonly SourceTopo[]): Omit<ZoneTopo, 'region'> & { region: number } {
  const mine = sources.filter((s) => s.zones.some((z) => z.zone === index));
  const levelSources = mine.filter((s) => s.kind === 'zone_count' || s.kind === 'tracks' || s.kind === 'wifi_count').map((s) => s.index);
  const boundaries: BoundaryTopo[] = boundaryOpenings(venue, zone).map((b, slot) => {
    const sensorsOn = venue.sensors.filter((s) =>
      (s.kind === 'line_count' && (b.kind === 'passage' ? s.passage === b.id : s.gate === b.id)) ||
      (s.kind === 'ticket_scan' && b.kind === 'gate' && s.gate === b.id));
    const lines = sensorsOn.filter((s) => s.kind === 'line_count').map((s) => {
      const src = sources.find((x) => x.id === s.id)!;
      return { source: src.index, sign: src.zones.find((z) => z.zone === index)!.sign };
    });
    const tickets = sensorsOn.filter((s) => s.kind === 'ticket_scan').map((s) => sources.find((x) => x.id === s.id)!.index);
    const entryOnlyGate = b.kind === 'gate' && venue.gateById.get(b.id as never)!.direction === 'in';
    const integrator = lines[0] ?? (entryOnlyGate && tickets[0] !== undefined ? { source: tickets[0], sign: 1 as const } : null);
    return { id: b.id, kind: b.kind, lines, tickets, trackSlot: slot, integrator };
  });
  const closed = boundaries.every((b) => b.integrator !== null) && boundaries.length > 0;
  return {
    index,
    zone,
    levelSources,
    sources: mine.map((s) => s.index),
    boundaries,
    closed,
    integrators: closed ? boundaries.map((b) => b.integrator!) : [],
    region: -1,
  };
}

/** Cross product sign of p relative to the directed segment a → b (0 on the line). */
export function sideOf([a, b]: Segment, p: Point): number {
  return (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
}
