/**
 * Loads and checks a venue YAML file. Every error names the file, the path inside it, the line
 * and what was expected, e.g.
 * `venues/x.yaml:42:7 zones[3].polygon: a polygon needs at least 3 points`.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { CrowdflowError, type PassageId, type GateId, type ZoneId } from '../contracts/index.ts';
import {
  bounds, centroid, isSimplePolygon, onBoundary, polygonArea, polygonsOverlap, pointInPolygon, segmentLength, segmentOnBoundary,
} from './geometry.ts';
import { VenueSpec } from './schema.ts';
import type { Facility, Gate, Gateway, Passage, Sensor, Stage, Venue, Zone } from './model.ts';
import { formatPath, issueAt, locator, type YamlIssue } from './yaml-locations.ts';

export type VenueIssue = YamlIssue;

export class VenueError extends CrowdflowError {
  constructor(readonly file: string, readonly issues: readonly VenueIssue[]) {
    super('CF_ERR_VENUE', `${file}: ${issues.length} problem(s)\n${issues.map((i) => formatIssue(file, i)).join('\n')}`, issues);
  }
}

export function formatIssue(file: string, i: VenueIssue): string {
  const at = i.line === null ? file : `${file}:${i.line}:${i.column ?? 1}`;
  return `  ${at} ${i.path || '(root)'}: ${i.message}`;
}

export function loadVenueFile(file: string): Venue {
  return parseVenue(readFileSync(file, 'utf8'), file);
}

/** Parses YAML text into a compiled venue, or throws a VenueError listing every problem found. */
export function parseVenue(text: string, file = '<venue>'): Venue {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const locate = locator(doc, lc);
  if (doc.errors.length > 0) {
    throw new VenueError(file, doc.errors.map((e) => {
      const pos = lc.linePos(e.pos[0]);
      return { path: '', line: pos.line, column: pos.col, message: `YAML: ${e.message.split('\n')[0]}` };
    }));
  }
  const parsed = VenueSpec.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new VenueError(file, parsed.error.issues.map((iss) => issueAt(iss.path, zodMessage(iss), locate)));
  }
  const issues: VenueIssue[] = [];
  const venue = compile(parsed.data, (path, message) => issues.push(issueAt(path, message, locate)));
  if (issues.length > 0) throw new VenueError(file, issues);
  return venue;
}

function zodMessage(iss: z.core.$ZodIssue): string {
  if (iss.code === 'unrecognized_keys') return `unknown field(s) ${iss.keys.join(', ')}`;
  return iss.message;
}

type Report = (path: readonly PropertyKey[], message: string) => void;

function compile(spec: VenueSpec, report: Report): Venue {
  const seen = new Map<string, string>();
  const unique = (kind: string, id: string, path: PropertyKey[]): void => {
    const prev = seen.get(`${kind}:${id}`);
    if (prev) report(path, `duplicate ${kind} id "${id}" (first at ${prev})`);
    else seen.set(`${kind}:${id}`, formatPath(path));
  };

  const zonePassages = new Map<ZoneId, PassageId[]>();
  const zoneGates = new Map<ZoneId, GateId[]>();
  spec.zones.forEach((z, i) => {
    unique('zone', z.id, ['zones', i, 'id']);
    zonePassages.set(z.id, []);
    zoneGates.set(z.id, []);
    if (!isSimplePolygon(z.polygon)) report(['zones', i, 'polygon'], 'polygon edges cross each other; expected a simple polygon');
    if (polygonArea(z.polygon) < 1e-6) report(['zones', i, 'polygon'], 'polygon has no area');
  });
  for (let i = 0; i < spec.zones.length; i++) {
    for (let j = i + 1; j < spec.zones.length; j++) {
      const a = spec.zones[i]!;
      const b = spec.zones[j]!;
      if (polygonsOverlap(a.polygon, b.polygon)) report(['zones', j, 'polygon'], `overlaps zone "${a.id}"; zones must not overlap`);
    }
  }
  const zoneSpec = new Map(spec.zones.map((z) => [z.id, z]));
  const zoneRef = (id: ZoneId, path: PropertyKey[]): boolean => {
    if (zoneSpec.has(id)) return true;
    report(path, `unknown zone "${id}"; expected one of ${[...zoneSpec.keys()].join(', ')}`);
    return false;
  };

  const passages: Passage[] = spec.passages.map((p, i) => {
    unique('passage', p.id, ['passages', i, 'id']);
    for (const side of ['from', 'to'] as const) {
      if (zoneRef(p[side], ['passages', i, side])) {
        if (!segmentOnBoundary(p.opening, zoneSpec.get(p[side])!.polygon, 1e-3)) {
          report(['passages', i, 'opening'], `opening must lie on one edge of zone "${p[side]}"`);
        }
      }
    }
    if (p.from === p.to) report(['passages', i, 'to'], 'a passage joins two different zones');
    zonePassages.get(p.from)?.push(p.id);
    zonePassages.get(p.to)?.push(p.id);
    return { id: p.id, from: p.from, to: p.to, opening: p.opening, widthM: p.widthM ?? segmentLength(p.opening) };
  });

  const gates: Gate[] = spec.gates.map((g, i) => {
    unique('gate', g.id, ['gates', i, 'id']);
    if (zoneRef(g.zone, ['gates', i, 'zone']) && !segmentOnBoundary(g.opening, zoneSpec.get(g.zone)!.polygon, 1e-3)) {
      report(['gates', i, 'opening'], `opening must lie on one edge of zone "${g.zone}"`);
    }
    zoneGates.get(g.zone)?.push(g.id);
    return {
      id: g.id, name: g.name ?? g.id, zone: g.zone, opening: g.opening, direction: g.direction,
      serviceRatePerMin: g.serviceRatePerMin, widthM: g.widthM ?? segmentLength(g.opening),
    };
  });

  const stages: Stage[] = spec.stages.map((s, i) => {
    unique('stage', s.id, ['stages', i, 'id']);
    zoneRef(s.zone, ['stages', i, 'zone']);
    return { id: s.id, name: s.name ?? s.id, zone: s.zone, position: s.position };
  });

  const facilities: Facility[] = spec.facilities.map((f, i) => {
    unique('facility', f.id, ['facilities', i, 'id']);
    if (zoneRef(f.zone, ['facilities', i, 'zone'])) {
      const poly = zoneSpec.get(f.zone)!.polygon;
      if (!pointInPolygon(f.position[0], f.position[1], poly)) report(['facilities', i, 'position'], `position must be inside zone "${f.zone}"`);
    }
    return { id: f.id, name: f.name ?? f.id, kind: f.kind, zone: f.zone, position: f.position, serviceRatePerMin: f.serviceRatePerMin };
  });

  const passageById = new Map(passages.map((p) => [p.id, p]));
  const gateById = new Map(gates.map((g) => [g.id, g]));
  const sensors: Sensor[] = spec.sensors.map((s, i) => {
    unique('sensor', s.id, ['sensors', i, 'id']);
    let zoneIds: ZoneId[] = [];
    if (s.kind === 'line_count') {
      if (s.passage !== undefined) {
        const p = passageById.get(s.passage);
        if (p) zoneIds = [p.from, p.to];
        else report(['sensors', i, 'passage'], `unknown passage "${s.passage}"`);
      } else if (s.gate !== undefined) {
        const g = gateById.get(s.gate);
        if (g) zoneIds = [g.zone];
        else report(['sensors', i, 'gate'], `unknown gate "${s.gate}"`);
      }
    } else if (s.kind === 'ticket_scan') {
      const g = gateById.get(s.gate);
      if (g) zoneIds = [g.zone];
      else report(['sensors', i, 'gate'], `unknown gate "${s.gate}"`);
    } else if (zoneRef(s.zone, ['sensors', i, 'zone'])) {
      zoneIds = [s.zone];
      const poly = zoneSpec.get(s.zone)!.polygon;
      if (s.kind === 'tracks' && s.coverage) {
        const outside = s.coverage.findIndex(([x, y]) => !pointInPolygon(x, y, poly) && !onBoundary(x, y, poly, 1e-3));
        if (outside >= 0) report(['sensors', i, 'coverage', outside], `coverage must lie inside zone "${s.zone}"`);
      }
    }
    return { ...s, zoneIds };
  });

  const sensorIds = new Set(sensors.map((x) => x.id));
  const gateways: Gateway[] = spec.gateways.map((g, i) => {
    // Gateways and sensors share one credential namespace.
    unique('sensor', g.id, ['gateways', i, 'id']);
    g.sensors.forEach((id, k) => {
      if (!sensorIds.has(id)) report(['gateways', i, 'sensors', k], `unknown sensor "${id}"`);
    });
    return { id: g.id, name: g.name ?? g.id, sensors: new Set(g.sensors) };
  });

  const zones: Zone[] = spec.zones.map((z) => ({
    id: z.id,
    name: z.name ?? z.id,
    type: z.type,
    polygon: z.polygon,
    areaSqm: z.areaSqm ?? polygonArea(z.polygon),
    capacity: z.capacity,
    congestionDensity: z.congestionDensity ?? spec.congestionDensity,
    centroid: centroid(z.polygon),
    passageIds: zonePassages.get(z.id) ?? [],
    gateIds: zoneGates.get(z.id) ?? [],
  }));

  return {
    id: spec.id,
    name: spec.name,
    capacity: spec.capacity,
    timezone: spec.timezone,
    congestionDensity: spec.congestionDensity,
    zones,
    passages,
    gates,
    stages,
    facilities,
    sensors,
    gateways,
    walls: spec.walls,
    bounds: bounds(spec.zones.flatMap((z) => z.polygon)),
    zoneById: new Map(zones.map((z) => [z.id, z])),
    passageById,
    gateById,
    sensorById: new Map(sensors.map((s) => [s.id, s])),
    gatewayById: new Map(gateways.map((g) => [g.id, g])),
  };
}
