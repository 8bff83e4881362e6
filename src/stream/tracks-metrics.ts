/**
 * Metrics of one camera frame of anonymised tracks (PedPy / JPSreport conventions):
 * - classic density in a measurement polygon M: N / A(M), N counting the people strictly inside
 *   (a point on the boundary is outside, as in JPSreport / PedPy, so adjacent areas never share one);
 * - mean speed: the mean of the individual speeds of the people inside M;
 * - flow coherence: |mean velocity vector| / mean speed, in [0, 1] (1 = everyone walks the same way);
 * - crowd pressure (Helbing, Johansson & Al-Abideen 2007, Phys. Rev. E 75, 046109):
 *   P(r) = ρ(r) · Var_t(V(r)): the local density times the variance *over time* of the local
 *   mean velocity V(r) at a place. Not the spread of individual velocities, which is large in any
 *   calm crowd: it is the local flow itself that must fluctuate (stop-and-go, turbulence). The
 *   local density and velocity are Gaussian-weighted (R = 0.7 m) at places on a 1 m grid, the
 *   temporal mean and variance exponential averages with time constant
 *   `PRESSURE_TIME_CONSTANT_S`, carried from frame to frame. A frame's pressure is the highest
 *   over places with at least `PRESSURE_MIN_DENSITY` on average: danger is local;
 * - crossings of counting lines between consecutive frames of the same track.
 */
import type { Point, Polygon } from '../venue/index.ts';
import type { CrossingLine } from './topology.ts';

/** Spacing of the places where the local velocity field is evaluated (m). */
export const PRESSURE_CELL_M = 1;
/** R of the Gaussian kernel f(d) = exp(−d²/R²) / (πR²) of the local averages (m), as in Helbing et al. 2007. */
export const PRESSURE_KERNEL_R_M = 0.7;
/** People farther than this from a place do not count toward it (3R: weight < 1e-4). */
const KERNEL_CUTOFF_M = 3 * PRESSURE_KERNEL_R_M;
/**
 * Time constant of the temporal mean and variance of the local velocity (s): short enough that a
 * crowd slowly speeding up or slowing down is not mistaken for fluctuation, long enough to see
 * stop-and-go (periods of seconds).
 */
export const PRESSURE_TIME_CONSTANT_S = 2;
/** A place needs this local density on average (p/m²) for its pressure to count: a lone runner is no crowd. */
export const PRESSURE_MIN_DENSITY = 0.5;
/** A cell empty for this long is forgotten (s), which bounds the memory. */
const CELL_FORGET_S = 5 * PRESSURE_TIME_CONSTANT_S;
/**
 * Pressure at which the normalised pressure reaches 1 (s⁻²). Helbing et al. 2007 report crowd
 * turbulence from about 0.02 s⁻², which therefore reads 0.2; the CrowdSafe guide's boost for
 * pressure above 0.3 starts at 1.5 × that onset. The Jülich bottleneck run AO_300 (dense, 2–4
 * p/m², but orderly) reads about 0.2–0.5 in its steady phase.
 */
export const PRESSURE_FULL_SCALE_PER_S2 = 0.1;
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

/** What a camera's previous frame left: the position of each track, and the pressure cells. */
export interface PreviousFrame {
  readonly ts: number;
  readonly tracks: ReadonlyMap<string, TrackMemory>;
  readonly cells: ReadonlyMap<number, CellMemory>;
}
export type TrackMemory = Point;
/**
 * Exponential averages of one pressure cell: mean local velocity (vx, vy), mean of its squared
 * magnitude (v2), mean density (rho, p/m²), and when it last held someone (lastSeen, ms).
 */
export type CellMemory = readonly [vx: number, vy: number, v2: number, rho: number, lastSeen: number];

export interface FrameMetrics {
  /** People inside the measurement polygon. */
  readonly count: number;
  /** Mean speed of the people inside with a known velocity (m/s), null when none. */
  readonly meanSpeed: number | null;
  /** Raw crowd pressure (s⁻²): the highest local value, 0 with nobody; null for a frame older than the previous one. */
  readonly pressure: number | null;
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
  const cells = new Map<number, number[]>(); // this frame: place → [Σf (density), Σf over people with a velocity, Σf·vx, Σf·vy]
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
    const hasV = !(Number.isNaN(vx) || Number.isNaN(vy));
    splat(cells, t.x, t.y, hasV ? vx : 0, hasV ? vy : 0, hasV);
    if (!hasV) continue;
    withV++;
    speedSum += Math.hypot(vx, vy);
    sumVx += vx;
    sumVy += vy;
  }
  const meanSpeed = withV > 0 ? speedSum / withV : null;
  const coherence = meanSpeed !== null && meanSpeed >= COHERENCE_MIN_SPEED
    ? Math.min(1, Math.hypot(sumVx, sumVy) / withV / meanSpeed)
    : null;
  const { pressure, cellMemory } = localPressure(cells, ts, prev);
  return { count, meanSpeed, pressure, coherence, crossings, memory: { ts, tracks: memory, cells: cellMemory } };
}

/** Adds one person's Gaussian weight (and velocity) to the places within the kernel's reach. */
function splat(cells: Map<number, number[]>, x: number, y: number, vx: number, vy: number, hasV: boolean): void {
  const r2 = PRESSURE_KERNEL_R_M * PRESSURE_KERNEL_R_M;
  const norm = 1 / (Math.PI * r2);
  const i0 = Math.ceil((x - KERNEL_CUTOFF_M) / PRESSURE_CELL_M);
  const i1 = Math.floor((x + KERNEL_CUTOFF_M) / PRESSURE_CELL_M);
  const j0 = Math.ceil((y - KERNEL_CUTOFF_M) / PRESSURE_CELL_M);
  const j1 = Math.floor((y + KERNEL_CUTOFF_M) / PRESSURE_CELL_M);
  for (let i = i0; i <= i1; i++) {
    const dx = i * PRESSURE_CELL_M - x;
    for (let j = j0; j <= j1; j++) {
      const dy = j * PRESSURE_CELL_M - y;
      const d2 = dx * dx + dy * dy;
      if (d2 > KERNEL_CUTOFF_M * KERNEL_CUTOFF_M) continue;
      const f = norm * Math.exp(-d2 / r2);
      const key = i * 1_000_003 + j;
      const c = cells.get(key);
      if (c === undefined) cells.set(key, [f, hasV ? f : 0, f * vx, f * vy]);
      else {
        c[0]! += f;
        if (hasV) { c[1]! += f; c[2]! += f * vx; c[3]! += f * vy; }
      }
    }
  }
}

/**
 * Updates the cells' exponential averages with this frame and returns the highest local pressure
 * ρ̄ · (|V|²‾ − |V̄|²) over the cells crowded enough. Cells only move forward in time: a frame older
 * than the previous one leaves them as they were and reports 0.
 */
function localPressure(
  frame: ReadonlyMap<number, number[]>,
  ts: number,
  prev: PreviousFrame | null,
): { pressure: number | null; cellMemory: ReadonlyMap<number, CellMemory> } {
  if (prev !== null && ts <= prev.ts) return { pressure: null, cellMemory: prev.cells };
  const out = new Map<number, CellMemory>();
  let pressure = 0;
  const dtS = prev === null ? 0 : (ts - prev.ts) / 1000;
  const a = 1 - Math.exp(-dtS / PRESSURE_TIME_CONSTANT_S);
  // Cells seen before: decay their density toward this frame's (0 when empty now).
  if (prev !== null) {
    for (const [key, [vx, vy, v2, rho, lastSeen]] of prev.cells) {
      if (frame.has(key)) continue;
      if (ts - lastSeen > CELL_FORGET_S * 1000) continue;
      out.set(key, [vx, vy, v2, rho + a * (0 - rho), lastSeen]);
    }
  }
  for (const [key, [rhoNow, wV, sx, sy]] of frame) {
    const old = prev?.cells.get(key);
    let cell: CellMemory;
    if (!(wV! > 0)) {
      cell = old === undefined ? [0, 0, 0, rhoNow!, ts] : [old[0], old[1], old[2], old[3] + a * (rhoNow! - old[3]), ts];
    } else {
      const vx = sx! / wV!;
      const vy = sy! / wV!;
      const v2 = vx * vx + vy * vy;
      cell = old === undefined || (old[0] === 0 && old[1] === 0 && old[2] === 0)
        ? [vx, vy, v2, old === undefined ? rhoNow! : old[3] + a * (rhoNow! - old[3]), ts]
        : [old[0] + a * (vx - old[0]), old[1] + a * (vy - old[1]), old[2] + a * (v2 - old[2]), old[3] + a * (rhoNow! - old[3]), ts];
    }
    out.set(key, cell);
    if (cell[3] < PRESSURE_MIN_DENSITY) continue;
    const variance = Math.max(0, cell[2] - cell[0] * cell[0] - cell[1] * cell[1]);
    pressure = Math.max(pressure, cell[3] * variance);
  }
  return { pressure, cellMemory: out };
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
