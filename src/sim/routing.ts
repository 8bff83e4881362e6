/**
 * Routing (tactical layer): one travel-time floor field per target (gate, stage area, facility),
 * computed by fast marching on first use and cached. Optional density-aware rerouting recomputes
 * chosen fields with a slowness raised where the crowd is dense, so that agents choosing a route
 * (or an exit) see queues as longer paths.
 */
import { distanceToSegment, type Venue } from '../venue/index.ts';
import { computeFloorField, type FloorField } from './floor-field.ts';
import type { Lanes } from './lanes.ts';
import type { Raster } from './raster.ts';

export interface RouteTarget {
  readonly name: string;
  readonly cells: Int32Array;
  /** Heading on the target cells (a gate's outward normal), if any. */
  readonly direction?: readonly [number, number];
}

/**
 * Audience areas (density-aware rerouting): a watcher may end up anywhere in its stage's zone or
 * in a standing zone or another stage's front (dark while this stage plays) whose spots are at
 * most this far (path metres) from the stage front: the back of a 120 m arena floor.
 */
const AUDIENCE_REACH_M = 130;
/**
 * What a spot's distance from the front is worth, in metres of walking per metre: a watcher walks
 * up to this much further to stand one metre closer to the stage.
 */
const VIEW_WEIGHT = 0.5;
/**
 * Floor within this distance of a corridor's opening (a tunnel or vomitory mouth) is kept clear:
 * no audience spot, and nobody settles there. Venues steward their tunnel mouths for this reason:
 * an audience standing in a mouth blocks everyone behind it, arriving and leaving, m.
 */
const KEEP_CLEAR_M = 4;

interface Audience {
  readonly cells: Int32Array;
  /** Per cell of `cells`: VIEW_WEIGHT × its path distance from the stage front. */
  readonly penalty: Float32Array;
  readonly targetX: number;
  readonly targetY: number;
}

export class Routing {
  readonly targets: RouteTarget[] = [];
  private readonly fields: (FloorField | null)[] = [];
  readonly gateTarget: Int16Array;
  readonly stageTarget: Int16Array;
  readonly facilityTarget: Int16Array;

  private readonly audiences: (Audience | null)[];
  /** Per raster cell: 1 within KEEP_CLEAR_M of a corridor's opening. */
  readonly keepClear: Uint8Array;
  /** Per target, which way its walkers go through each corridor (lanes.ts), from its plain field. */
  private readonly laneWays: (Int8Array | null)[] = [];
  /** Per target, its static field with lanes kept (lanes.ts): walking directions in lane regions. */
  private readonly laneFields: (FloorField | null)[] = [];

  /** `gateNormals[k]`: unit normal of gate k pointing into the venue. */
  constructor(
    readonly raster: Raster, private readonly venue: Venue, gateNormals: readonly (readonly [number, number])[],
    readonly lanes?: Lanes,
  ) {
    const zoneIndex = new Map(venue.zones.map((z, i) => [z.id, i]));
    this.audiences = venue.stages.map(() => null);
    const h = raster.cellM;
    const corridors = new Set(venue.zones.filter((z) => z.type === 'corridor').map((z) => z.id));
    const mouths = venue.passages.filter((p) => corridors.has(p.from) !== corridors.has(p.to)).map((p) => p.opening);
    this.keepClear = new Uint8Array(raster.cellsX * raster.cellsY);
    this.forWalkable((x, y, c) => {
      if (mouths.some((o) => distanceToSegment(x, y, o) < KEEP_CLEAR_M)) this.keepClear[c] = 1;
    });
    this.gateTarget = Int16Array.from(venue.gates.map((g, k) => {
      const zi = zoneIndex.get(g.zone)!;
      const out: [number, number] = [-gateNormals[k]![0], -gateNormals[k]![1]];
      // Only cells in front of the opening: beside it, walking "out" would press into the wall.
      const inFront = (x: number, y: number): boolean => {
        const [[ax, ay], [bx, by]] = g.opening;
        const len2 = (bx - ax) ** 2 + (by - ay) ** 2;
        const t = ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / len2;
        return t >= 0 && t <= 1;
      };
      return this.add(`gate:${g.id}`, (x, y, c) => raster.zoneOf[c] === zi && inFront(x, y) && distanceToSegment(x, y, g.opening) <= Math.max(0.6, 1.5 * h), out);
    }));
    this.stageTarget = Int16Array.from(venue.stages.map((s) => {
      const zi = zoneIndex.get(s.zone)!;
      let nearest = Infinity;
      this.forWalkable((x, y, c) => { if (raster.zoneOf[c] === zi) nearest = Math.min(nearest, Math.hypot(x - s.position[0], y - s.position[1])); });
      // The front of the audience area: cells within 1 m of the closest reachable distance to the stage.
      return this.add(`stage:${s.id}`, (x, y, c) => raster.zoneOf[c] === zi && Math.hypot(x - s.position[0], y - s.position[1]) <= nearest + 1);
    }));
    this.facilityTarget = Int16Array.from(venue.facilities.map((f) => {
      let nearest = Infinity;
      this.forWalkable((x, y) => { nearest = Math.min(nearest, Math.hypot(x - f.position[0], y - f.position[1])); });
      return this.add(`facility:${f.id}`, (x, y) => Math.hypot(x - f.position[0], y - f.position[1]) <= Math.max(1, nearest + h));
    }));
  }

  private forWalkable(fn: (x: number, y: number, c: number) => void): void {
    const r = this.raster;
    for (let cy = 0; cy < r.cellsY; cy++) {
      for (let cx = 0; cx < r.cellsX; cx++) {
        const c = cy * r.cellsX + cx;
        if (r.walkable[c]) fn(r.centreX(cx), r.centreY(cy), c);
      }
    }
  }

  /** Registers a target from a cell predicate; returns its field index. */
  add(name: string, accept: (x: number, y: number, cell: number) => boolean, direction?: readonly [number, number]): number {
    const cells: number[] = [];
    this.forWalkable((x, y, c) => { if (accept(x, y, c)) cells.push(c); });
    this.targets.push({ name, cells: Int32Array.from(cells), ...(direction ? { direction } : {}) });
    this.fields.push(null);
    this.laneWays.push(null);
    this.laneFields.push(null);
    return this.targets.length - 1;
  }

  field(index: number): FloorField {
    let f = this.fields[index];
    if (!f) {
      const t = this.targets[index]!;
      f = computeFloorField(this.raster, t.cells, t.name, undefined, t.direction);
      if (this.lanes) {
        const ways = this.lanes.waysFor(f);
        this.laneWays[index] = ways;
        const cost = this.lanes.costFor(ways);
        this.laneFields[index] = cost ? computeFloorField(this.raster, t.cells, t.name, cost, t.direction) : f;
      }
      this.fields[index] = f;
    }
    return f;
  }

  /** Computes every field now (startup), so that the first ticks do not pay for them. */
  precomputeAll(): void {
    for (let i = 0; i < this.targets.length; i++) this.field(i);
  }

  /** Replaces a field by one computed with a per-cell slowness factor (density-aware rerouting). */
  recompute(index: number, extraCost: Float32Array): void {
    const t = this.targets[index]!;
    this.fields[index] = computeFloorField(this.raster, t.cells, t.name, extraCost, t.direction);
  }

  /**
   * Replaces stage k's field by one that ends wherever its audience still has room (`roomy` per
   * raster cell), each spot starting at VIEW_WEIGHT × its distance from the front: newcomers fill
   * the free spot that is best for walk plus view, not the back of a blocked tunnel. With no
   * room anywhere the field leads to the front, as the static one does.
   */
  recomputeStage(k: number, extraCost: Float32Array, roomy: Uint8Array): void {
    const index = this.stageTarget[k]!;
    const a = this.audience(k);
    const cells: number[] = [], start: number[] = [];
    for (let j = 0; j < a.cells.length; j++) {
      if (roomy[a.cells[j]!]) { cells.push(a.cells[j]!); start.push(a.penalty[j]!); }
    }
    const t = this.targets[index]!;
    const f = cells.length > 0
      ? computeFloorField(this.raster, cells, t.name, extraCost, undefined, start)
      : computeFloorField(this.raster, t.cells, t.name, extraCost);
    // Where the field is flat (a spot no better than those around it) a watcher faces the stage.
    this.fields[index] = { ...f, targetX: a.targetX, targetY: a.targetY };
  }

  /**
   * Target `index`'s way through each corridor and its static field with lanes kept (lanes.ts);
   * null without lanes. From the static fields, so rerouting leaves lanes as they are.
   */
  lanesOf(index: number): { readonly ways: Int8Array; readonly field: FloorField } | null {
    if (!this.lanes) return null;
    this.field(index);
    return { ways: this.laneWays[index]!, field: this.laneFields[index]! };
  }

  /** Stage k's audience area, from its static field (computed before any rerouting replaces it). */
  private audience(k: number): Audience {
    const known = this.audiences[k];
    if (known) return known;
    const index = this.stageTarget[k]!;
    const front = this.field(index), r = this.raster;
    const own = this.venue.zones.findIndex((z) => z.id === this.venue.stages[k]!.zone);
    const cells: number[] = [], penalty: number[] = [];
    for (let c = 0; c < r.zoneOf.length; c++) {
      const zi = r.zoneOf[c]!, tf = front.travel[c]!;
      if (!r.walkable[c] || zi < 0 || !(tf < Infinity) || this.keepClear[c]) continue;
      const type = this.venue.zones[zi]!.type;
      if (zi === own || ((type === 'standing' || type === 'stage_front') && tf <= AUDIENCE_REACH_M)) {
        cells.push(c);
        penalty.push(VIEW_WEIGHT * tf);
      }
    }
    const a = { cells: Int32Array.from(cells), penalty: Float32Array.from(penalty), targetX: front.targetX, targetY: front.targetY };
    this.audiences[k] = a;
    return a;
  }

  isComputed(index: number): boolean {
    return this.fields[index] !== null;
  }

  /** Travel time (m at unit speed) from (x, y) to the target; Infinity when unreachable. */
  travel(index: number, x: number, y: number): number {
    return this.field(index).travel[this.raster.cellOf(x, y)]!;
  }

  /** True when the target has at least one walkable cell. */
  reachable(index: number): boolean {
    return this.targets[index]!.cells.length > 0;
  }
}
