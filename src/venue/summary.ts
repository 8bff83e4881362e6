/** The JSON view of a venue that the console draws (no sensor details beyond their kind and target). */
import type { Venue } from './model.ts';

export interface VenueSummary {
  id: string;
  name: string;
  capacity: number;
  bounds: Venue['bounds'];
  zones: Array<{ id: string; name: string; type: string; polygon: Venue['zones'][number]['polygon']; areaSqm: number; capacity: number; congestionDensity: number }>;
  passages: Array<{ id: string; from: string; to: string; opening: Venue['passages'][number]['opening']; widthM: number }>;
  gates: Array<{ id: string; name: string; zone: string; opening: Venue['gates'][number]['opening']; direction: string }>;
  stages: Array<{ id: string; name: string; zone: string; position: Venue['stages'][number]['position'] }>;
  facilities: Array<{ id: string; name: string; kind: string; zone: string; position: Venue['facilities'][number]['position'] }>;
  walls: Venue['walls'];
}

export function venueSummary(v: Venue): VenueSummary {
  return {
    id: v.id,
    name: v.name,
    capacity: v.capacity,
    bounds: v.bounds,
    zones: v.zones.map((z) => ({ id: z.id, name: z.name, type: z.type, polygon: z.polygon, areaSqm: z.areaSqm, capacity: z.capacity, congestionDensity: z.congestionDensity })),
    passages: v.passages.map((p) => ({ id: p.id, from: p.from, to: p.to, opening: p.opening, widthM: p.widthM })),
    gates: v.gates.map((g) => ({ id: g.id, name: g.name, zone: g.zone, opening: g.opening, direction: g.direction })),
    stages: v.stages.map((s) => ({ id: s.id, name: s.name, zone: s.zone, position: s.position })),
    facilities: v.facilities.map((f) => ({ id: f.id, name: f.name, kind: f.kind, zone: f.zone, position: f.position })),
    walls: v.walls,
  };
}
