/**
 * Metrics of one camera frame of anonymised tracks (PedPy / JPSreport conventions):
 * - classic density in a measurement polygon M: N / A(M), N counting the people strictly inside
 *   (a point on the boundary is outside, as in JPSreport / PedPy, so adjacent areas never share one);
 * - mean speed: the mean of the individual speeds of the people inside M;
 * - flow coherence: |mean velocity vector| / mean speed, in [0, 1] (1 = everyone walks the same way);
 * - crowd pressure (Helbing, Johansson & Al-Abideen 2007, Phys. Rev. E 75, 046109):
 *   P = ρ · Var(V), local density times the local variance of velocities. The paper uses
 *   Gaussian-weighted local averages; here "local" is a square cell of `PRESSURE_CELL_M`
 *   (about the paper's R ≈ 0.7 m kernel support), which keeps a frame O(n);
 * - crossings of counting lines between consecutive frames of the same track.
 */
import type { Point, Polygon } from '../venue/index.ts';
import type { CrossingLine } from './topology.ts';

/** Side of the local cells for crowd pressure (m). */
export const PRESSURE_CELL_M = 2;
/**
 * Pressure at which the normalised pressure reaches 1 (s⁻²). Helbing et al. 2007 observed crowd
 * turbulence once P exceeded about 0.02 s⁻²; we map that onset to 0.5, so 1 means twice it.
 */
export const PRESSURE_FULL_SCALE_PER_S2 = 0.04;
/** Below this mean speed (m/s) a crowd is standing and its direction is undefined: coherence 0. */
export const COHERENCE_MIN_SPEED = 0.05;
/** Longest gap between two frames over which a velocity is still derived (ms). */
export const MAX_VELOCITY_GAP_MS = 5_000;

export interface TrackPoint {
  readonly trackId: string;
  readonly x: number;
  readonly y: number;
  readonly vx?: number | undefined;
  readonly vy?: number | undefined;
}

/** What a camera's previous frame left: the position of each track. */
export interface PreviousFrame {
  readonly ts: number;
  readonly tracks: ReadonlyMap<string, TrackMemory>;
}
export type TrackMemory = Point;

export interface FrameMetrics {
  /** People inside the measurement polygon. */
  readonly count: number;
  /** Mean speed of the people inside with a known velocity (m/s), null when none. */
  readonly meanSpeed: number | null;
  /** Raw crowd pressure (s⁻²) over the people inside, 0 when no velocities. */
  readonly pressure: number;
  /** null when the crowd inside stands still or has no velocities. */
  readonly coherence: number | null;
  /** Crossings per line: [in₀, out₀, in₁, out₁, …], "in" = into the zone. */
  readonly crossings: Float64Array;
  /** This frame as the next one's previous frame. */
  readonly memory: PreviousFrame;
}

export function normalisePressure(pressurePerS2: number): number {
  return Math.min(1, Math.max(0, pressurePerS2 / PRESSURE_FULL_SCALE_PER_S2));
}

/**
 * Velocity of a track: its own when the camera gives one, else the backward difference from its
 * previous position; NaN when it cannot be known. (Smoothing the difference was tried on the
 * Jülich bottleneck data and only added lag: the plain difference is within 0.03 m/s on average
 * of the reference's central difference over 10 frames.)
 */
function velocity(t: TrackPoint, ts: number, prev: PreviousFrame | null): [number, number] {
  if (t.vx !== undefined && t.vy !== undefined) return [t.vx, t.vy];
  if (prev === null) return [NaN, NaN];
  const dtMs = ts - prev.ts;
  if (!(dtMs > 0 && dtMs <= MAX_VELOCITY_GAP_MS)) return [NaN, NaN];
  const p = prev.tracks.get(t.trackId);
  if (p === undefined) return [NaN, NaN];
  return [((t.x - p[0]) * 1000) / dtMs, ((t.y - p[1]) * 1000) / dtMs];
}

export function frameMetrics(
  tracks: readonly TrackPoint[],
  ts: number,
  area: Polygon,
  lines: readonly CrossingLine[],
  prev: PreviousFrame | null,
): FrameMetrics {
  let count = 0;
  let speedSum = 0;
  let withV = 0;
  let sumVx = 0;
  let sumVy = 0;
  const cells = new Map<number, number[]>(); // cell → [n, Σvx, Σvy, Σ(vx²+vy²)]
  const crossings = new Float64Array(2 * lines.length);
  const memory = new Map<string, TrackMemory>();
  for (const t of tracks) {
    if (lines.length > 0 && prev !== null && ts > prev.ts) {
      const p = prev.tracks.get(t.trackId);
      if (p !== undefined) countCrossings(p, [t.x, t.y], lines, crossings);
    }
    const [vx, vy] = velocity(t, ts, prev);
    memory.set(t.trackId, [t.x, t.y]);
    if (!strictlyInside(t.x, t.y, area)) continue;
    count++;
    if (Number.isNaN(vx) || Number.isNaN(vy)) continue;
    withV++;
    speedSum += Math.hypot(vx, vy);
    sumVx += vx;
    sumVy += vy;
    const key = Math.floor(t.x / PRESSURE_CELL_M) * 1_000_003 + Math.floor(t.y / PRESSURE_CELL_M);
    const c = cells.get(key);
    if (c === undefined) cells.set(key, [1, vx, vy, vx * vx + vy * vy]);
    else { c[0]! += 1; c[1]! += vx; c[2]! += vy; c[3]! += vx * vx + vy * vy; }
  }
  const meanSpeed = withV > 0 ? speedSum / withV : null;
  const coherence = meanSpeed !== null && meanSpeed >= COHERENCE_MIN_SPEED
    ? Math.min(1, Math.hypot(sumVx, sumVy) / withV / meanSpeed)
    : null;
  // P = Σ_cells (n_c / N) · ρ_c · Var_c(v): the person-weighted mean of local density × local variance.
  let pressure = 0;
  if (withV > 0) {
    const cellArea = PRESSURE_CELL_M * PRESSURE_CELL_M;
    for (const [n, sx, sy, s2] of cells.values()) {
      if (n! < 2) continue;
      const variance = Math.max(0, s2! / n! - (sx! / n!) ** 2 - (sy! / n!) ** 2);
      pressure += (n! / withV) * (n! / cellArea) * variance;
    }
  }
  return { count, meanSpeed, pressure, coherence, crossings, memory: { ts, tracks: memory } };
}

/**
 * Adds the crossings of the step p0 → p1 to `out`. A point on a line counts as being on its
 * inner side (half-open), so a track that stops exactly on the line is counted once, not zero
 * or two times.
 */
export function countCrossings(p0: Point, p1: Point, lines: readonly CrossingLine[], out: Float64Array): void {
  for (let i = 0; i < lines.length; i++) {
    const { segment: [a, b], insideSign } = lines[i]!;
    const ex = b[0] - a[0];
    const ey = b[1] - a[1];
    const s0 = (ex * (p0[1] - a[1]) - ey * (p0[0] - a[0])) * insideSign;
    const s1 = (ex * (p1[1] - a[1]) - ey * (p1[0] - a[0])) * insideSign;
    const in0 = s0 >= 0;
    const in1 = s1 >= 0;
    if (in0 === in1) continue;
    // Where the step meets the line's carrier, as a fraction along the segment a → b.
    const dx = p1[0] - p0[0];
    const dy = p1[1] - p0[1];
    const den = ex * dy - ey * dx;
    if (den === 0) continue;
    const u = ((p0[0] - a[0]) * dy - (p0[1] - a[1]) * dx) / den;
    if (u < 0 || u > 1) continue;
    out[2 * i + (in1 ? 0 : 1)]! += 1;
  }
}

/**
 * Even-odd ray casting, with points on an edge (within 1e-9 m) outside. Allocation-free: it runs
 * for every track of every frame.
 */
export function strictlyInside(x: number, y: number, poly: Polygon): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const xi = poly[i]![0];
    const yi = poly[i]![1];
    const xj = poly[j]![0];
    const yj = poly[j]![1];
    const ex = xj - xi;
    const ey = yj - yi;
    const cross = ex * (y - yi) - ey * (x - xi);
    if (Math.abs(cross) <= 1e-9 * Math.hypot(ex, ey) && (x - xi) * (x - xj) <= 1e-18 && (y - yi) * (y - yj) <= 1e-18) return false;
    if (yi > y !== yj > y && x < (ex * (y - yi)) / ey + xi) inside = !inside;
  }
  return inside;
}
