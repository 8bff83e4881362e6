/**
 * Plane geometry in venue metres. Polygons are simple (non self-intersecting), given as
 * vertex lists without repeating the first vertex; orientation may be either.
 */
export type Point = readonly [x: number, y: number];
export type Polygon = readonly Point[];
export type Segment = readonly [Point, Point];

export interface Bounds {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

/** Absolute area by the shoelace formula. */
export function polygonArea(poly: Polygon): number {
  return Math.abs(signedArea(poly));
}

export function signedArea(poly: Polygon): number {
  let twice = 0;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i]!;
    const [xj, yj] = poly[j]!;
    twice += xj * yi - xi * yj;
  }
  return twice / 2;
}

export function centroid(poly: Polygon): Point {
  const a = signedArea(poly);
  if (a === 0) {
    const n = poly.length;
    return [poly.reduce((s, p) => s + p[0], 0) / n, poly.reduce((s, p) => s + p[1], 0) / n];
  }
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i]!;
    const [xj, yj] = poly[j]!;
    const cross = xj * yi - xi * yj;
    cx += (xj + xi) * cross;
    cy += (yj + yi) * cross;
  }
  return [cx / (6 * a), cy / (6 * a)];
}

export function bounds(points: Iterable<Point>): Bounds {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of points) {
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  return { minX, minY, maxX, maxY };
}

/** Even-odd ray casting. Points exactly on an edge may fall either side: use `onBoundary` when that matters. */
export function pointInPolygon(x: number, y: number, poly: Polygon): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i]!;
    const [xj, yj] = poly[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function distanceToSegment(x: number, y: number, [a, b]: Segment): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / len2));
  return Math.hypot(x - (a[0] + t * dx), y - (a[1] + t * dy));
}

export function edges(poly: Polygon): Segment[] {
  return poly.map((p, i) => [p, poly[(i + 1) % poly.length]!] as const);
}

/** True when the point lies on the polygon's boundary within `tol` metres. */
export function onBoundary(x: number, y: number, poly: Polygon, tol = 1e-6): boolean {
  return edges(poly).some((e) => distanceToSegment(x, y, e) <= tol);
}

/** True when the whole segment lies on one edge of the polygon (an opening in a wall). */
export function segmentOnBoundary([a, b]: Segment, poly: Polygon, tol = 1e-6): boolean {
  return edges(poly).some((e) => distanceToSegment(a[0], a[1], e) <= tol && distanceToSegment(b[0], b[1], e) <= tol);
}

export function segmentLength([a, b]: Segment): number {
  return Math.hypot(b[0] - a[0], b[1] - a[1]);
}

/** Proper intersection of two segments (touching at endpoints or collinear overlap is not counted). */
export function segmentsCross([p1, p2]: Segment, [p3, p4]: Segment): boolean {
  const d1 = orient(p3, p4, p1);
  const d2 = orient(p3, p4, p2);
  const d3 = orient(p1, p2, p3);
  const d4 = orient(p1, p2, p4);
  return d1 * d2 < 0 && d3 * d4 < 0;
}

function orient(a: Point, b: Point, c: Point): number {
  const v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  return Math.abs(v) < 1e-9 ? 0 : Math.sign(v);
}

export function isSimplePolygon(poly: Polygon): boolean {
  const es = edges(poly);
  for (let i = 0; i < es.length; i++) {
    for (let j = i + 1; j < es.length; j++) {
      if (segmentsCross(es[i]!, es[j]!)) return false;
    }
  }
  return true;
}

/**
 * True when the interiors of two simple polygons overlap. Shared edges (adjacent zones) do not
 * count. Checked by crossing edges, and by an interior sample point of either lying in the other.
 */
export function polygonsOverlap(a: Polygon, b: Polygon): boolean {
  for (const ea of edges(a)) for (const eb of edges(b)) if (segmentsCross(ea, eb)) return true;
  // No proper crossing: the polygons are disjoint, adjacent, nested or overlap along collinear
  // edges. Probe interior points, vertices and edge midpoints of each against the other.
  const strictlyInside = ([x, y]: Point, q: Polygon): boolean => pointInPolygon(x, y, q) && !onBoundary(x, y, q, 1e-9);
  const probes = (p: Polygon): Point[] => [
    interiorPoint(p),
    ...p,
    ...edges(p).map(([s, e]): Point => [(s[0] + e[0]) / 2, (s[1] + e[1]) / 2]),
  ];
  return probes(a).some((pt) => strictlyInside(pt, b)) || probes(b).some((pt) => strictlyInside(pt, a));
}

/** A point strictly inside the polygon (centroid when that works, else a nudged edge midpoint). */
export function interiorPoint(poly: Polygon): Point {
  const c = centroid(poly);
  if (pointInPolygon(c[0], c[1], poly) && !onBoundary(c[0], c[1], poly, 1e-9)) return c;
  for (const [a, b] of edges(poly)) {
    const mx = (a[0] + b[0]) / 2;
    const my = (a[1] + b[1]) / 2;
    const nx = -(b[1] - a[1]);
    const ny = b[0] - a[0];
    const len = Math.hypot(nx, ny) || 1;
    for (const s of [1e-3, -1e-3]) {
      const px = mx + (s * nx) / len;
      const py = my + (s * ny) / len;
      if (pointInPolygon(px, py, poly)) return [px, py];
    }
  }
  return c;
}
