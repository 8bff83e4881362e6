/**
 * The static world built once from a venue: walls and their grid, the routing raster and floor
 * fields, zone and passage lookup tables, gate geometry. Shared by every run on the venue.
 */
import type { Venue } from '../venue/index.ts';
import { pointInPolygon } from '../venue/index.ts';
import { Lanes, type LaneSide } from './lanes.ts';
import { Raster } from './raster.ts';
import { Routing } from './routing.ts';
import { buildWalls, WallGrid, type WallSet } from './walls.ts';

export interface GateGeometry {
  /** Opening endpoints. */
  readonly ax: number;
  readonly ay: number;
  readonly bx: number;
  readonly by: number;
  readonly lengthM: number;
  /** Unit normal pointing into the venue. */
  readonly inX: number;
  readonly inY: number;
}

export class World {
  readonly walls: WallSet;
  readonly wallGrid: WallGrid;
  readonly raster: Raster;
  readonly routing: Routing;
  /** pairPassage[a * nZones + b]: passage index joining zones a and b, or -1. */
  readonly pairPassage: Int16Array;
  readonly passageFrom: Int16Array;
  readonly gates: GateGeometry[];
  readonly zoneArea: Float64Array;

  /** `lanes`: the side walkers keep to in corridors (lanes.ts), or none. */
  constructor(readonly venue: Venue, cellM: number, readonly lanes: LaneSide = 'none') {
    this.walls = buildWalls(venue);
    this.wallGrid = new WallGrid(this.walls.physical, venue.bounds, 1, 0.6);
    this.raster = new Raster(venue, this.walls.routing, cellM);
    const nz = venue.zones.length;
    const zi = new Map(venue.zones.map((z, i) => [z.id, i]));
    this.pairPassage = new Int16Array(nz * nz).fill(-1);
    this.passageFrom = new Int16Array(venue.passages.length);
    venue.passages.forEach((p, k) => {
      const a = zi.get(p.from)!, b = zi.get(p.to)!;
      this.pairPassage[a * nz + b] = k;
      this.pairPassage[b * nz + a] = k;
      this.passageFrom[k] = a;
    });
    this.zoneArea = Float64Array.from(venue.zones.map((z) => z.areaSqm));
    this.gates = venue.gates.map((g) => {
      const [[ax, ay], [bx, by]] = g.opening;
      const len = Math.hypot(bx - ax, by - ay);
      let nx = -(by - ay) / len, ny = (bx - ax) / len;
      const zone = venue.zoneById.get(g.zone)!;
      const mx = (ax + bx) / 2, my = (ay + by) / 2;
      if (!pointInPolygon(mx + nx * 0.05, my + ny * 0.05, zone.polygon)) { nx = -nx; ny = -ny; }
      return { ax, ay, bx, by, lengthM: len, inX: nx, inY: ny };
    });
    this.routing = new Routing(
      this.raster, venue, this.gates.map((g) => [g.inX, g.inY] as const),
      lanes === 'none' ? undefined : new Lanes(this.raster, venue, lanes),
    );
  }

  /** Distance from a point to the nearest physical wall (within the grid's reach, else reach). */
  wallDistance(x: number, y: number): number {
    const g = this.wallGrid, s = this.walls.physical;
    const c = g.cellOf(x, y);
    let best = 0.6;
    for (let k = g.start[c]!; k < g.start[c + 1]!; k++) {
      const w = g.items[k]!;
      const ax = s[4 * w]!, ay = s[4 * w + 1]!, dx = s[4 * w + 2]! - ax, dy = s[4 * w + 3]! - ay;
      const l2 = dx * dx + dy * dy;
      let t = l2 === 0 ? 0 : ((x - ax) * dx + (y - ay) * dy) / l2;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const d = Math.hypot(x - ax - t * dx, y - ay - t * dy);
      if (d < best) best = d;
    }
    return best;
  }

  /** Index of the zone containing the point (by raster cell), or -1. */
  zoneAt(x: number, y: number): number {
    return this.raster.zoneOf[this.raster.cellOf(x, y)]!;
  }
}
