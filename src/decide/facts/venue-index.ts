/**
 * Lookups the decision engine needs from the venue, built once per venue object: neighbours
 * through passages, the stages of each audience zone, and the evacuation gate order of each zone
 * (fewest passages first, then straight-line distance from the zone's centroid).
 */
import type { Venue, Zone } from '../../venue/index.ts';

export interface VenueIndex {
  readonly zoneById: ReadonlyMap<string, Zone>;
  readonly neighbours: ReadonlyMap<string, readonly string[]>;
  readonly stagesOfZone: ReadonlyMap<string, readonly string[]>;
  /** Gates usable as exits (direction out or both), nearest first. */
  readonly exitsByDistance: ReadonlyMap<string, readonly string[]>;
  readonly stageIds: readonly string[];
}

const cache = new WeakMap<Venue, VenueIndex>();

export function venueIndex(venue: Venue): VenueIndex {
  let idx = cache.get(venue);
  if (!idx) {
    idx = build(venue);
    cache.set(venue, idx);
  }
  return idx;
}

function build(venue: Venue): VenueIndex {
  const adj = new Map<string, Set<string>>(venue.zones.map((z) => [z.id, new Set<string>()]));
  for (const p of venue.passages) {
    adj.get(p.from)?.add(p.to);
    adj.get(p.to)?.add(p.from);
  }
  const neighbours = new Map([...adj].map(([k, v]) => [k, [...v].sort()]));
  const stagesOfZone = new Map<string, string[]>();
  for (const s of venue.stages) stagesOfZone.set(s.zone, [...(stagesOfZone.get(s.zone) ?? []), s.id]);
  const exitGates = venue.gates.filter((g) => g.direction !== 'in');
  const exitsByDistance = new Map<string, string[]>();
  for (const z of venue.zones) {
    const hops = bfsHops(z.id, neighbours);
    const ranked = exitGates
      .filter((g) => hops.has(g.zone))
      .map((g) => {
        const mx = (g.opening[0][0] + g.opening[1][0]) / 2;
        const my = (g.opening[0][1] + g.opening[1][1]) / 2;
        return { id: g.id, hops: hops.get(g.zone)!, dist: Math.hypot(mx - z.centroid[0], my - z.centroid[1]) };
      })
      .sort((a, b) => a.hops - b.hops || a.dist - b.dist || a.id.localeCompare(b.id));
    exitsByDistance.set(z.id, ranked.map((g) => g.id));
  }
  return {
    zoneById: new Map(venue.zones.map((z) => [z.id, z])),
    neighbours,
    stagesOfZone,
    exitsByDistance,
    stageIds: venue.stages.map((s) => s.id),
  };
}

function bfsHops(start: string, neighbours: ReadonlyMap<string, readonly string[]>): Map<string, number> {
  const hops = new Map<string, number>([[start, 0]]);
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const at = queue[i]!;
    for (const n of neighbours.get(at) ?? []) {
      if (hops.has(n)) continue;
      hops.set(n, hops.get(at)! + 1);
      queue.push(n);
    }
  }
  return hops;
}
