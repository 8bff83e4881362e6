import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Polygon } from '../venue/index.ts';
import { countCrossings, frameMetrics, type FrameMetrics, normalisePressure, PRESSURE_FULL_SCALE_PER_S2, strictlyInside, type TrackPoint } from './tracks-metrics.ts';
import type { CrossingLine } from './topology.ts';
import { weidmannSpeed } from '../venue/index.ts';
import { seededRandom } from './test-helpers.ts';

const SQUARE: Polygon = [[0, 0], [10, 0], [10, 10], [0, 10]];
/** A line at y = 5 with the zone below it: walking north is "out". */
const LINE: CrossingLine[] = [{ segment: [[0, 5], [10, 5]], insideSign: -1 }];

test('points on the boundary are outside, as in JPSreport', () => {
  assert.equal(strictlyInside(5, 5, SQUARE), true);
  assert.equal(strictlyInside(0, 5, SQUARE), false);
  assert.equal(strictlyInside(5, 10, SQUARE), false);
  assert.equal(strictlyInside(10, 10, SQUARE), false);
  assert.equal(strictlyInside(11, 5, SQUARE), false);
});

test('a step across a line counts once, in its direction; stopping on the line counts once too', () => {
  const out = new Float64Array(2);
  countCrossings([5, 4], [5, 6], LINE, out);
  assert.deepEqual([...out], [0, 1]);
  countCrossings([5, 6], [5, 4], LINE, out);
  assert.deepEqual([...out], [1, 1]);
  const stop = new Float64Array(2);
  countCrossings([5, 4], [5, 5], LINE, stop); // lands exactly on the line
  countCrossings([5, 5], [5, 6], LINE, stop); // and walks on
  assert.deepEqual([...stop], [0, 1]);
  const beside = new Float64Array(2);
  countCrossings([12, 4], [12, 6], LINE, beside); // past the end of the segment
  assert.deepEqual([...beside], [0, 0]);
});

/** Frames 0.25 s apart of people on a grid, with velocities from `velocity(person, frame)`. */
function frames(n: number, velocity: (i: number, f: number) => [number, number]): { coherence: number | null; pressure: number; count: number; meanSpeed: number | null } {
  const m = lastFrame(n, velocity);
  return { ...m, pressure: m.pressure ?? NaN };
}

function lastFrame(n: number, velocity: (i: number, f: number) => [number, number]): FrameMetrics {
  let prev = null;
  let last = null;
  for (let f = 0; f < n; f++) {
    const tracks: TrackPoint[] = Array.from({ length: 400 }, (_, i) => {
      const [vx, vy] = velocity(i, f);
      return { trackId: `t${i}`, x: 0.25 + (i % 20) * 0.5, y: 0.25 + Math.floor(i / 20) * 0.5, vx, vy };
    });
    last = frameMetrics(tracks, f * 250, SQUARE, [], prev);
    prev = last.memory;
  }
  return last!;
}

test('everyone walking the same way at a steady pace: coherence 1, no pressure', () => {
  const m = frames(40, () => [1, 0]);
  assert.equal(m.count, 400);
  assert.equal(m.meanSpeed, 1);
  assert.equal(m.coherence, 1);
  assert.ok(m.pressure < 1e-12, `pressure ${m.pressure}`);
});

test('a dense crowd starting to move together stays below the turbulence onset', () => {
  // 4 p/m² from standstill to 0.3 m/s (Weidmann allows about 0.16) in 10 s.
  const m = frames(40, (_, f) => [0.0075 * f, 0]);
  assert.ok(m.pressure < 0.02, `pressure ${m.pressure} s⁻² (onset ≈ 0.02)`);
});

test('a turbulent crowd at 4 p/m²: low coherence, high pressure', () => {
  const rnd = seededRandom(1);
  const m = frames(40, () => {
    const a = rnd() * 2 * Math.PI;
    return [0.5 * Math.cos(a), 0.5 * Math.sin(a)];
  });
  assert.ok(m.coherence! < 0.2, `coherence ${m.coherence}`);
  assert.ok(normalisePressure(m.pressure) > 0.5, `pressure ${m.pressure}`);
  assert.equal(normalisePressure(PRESSURE_FULL_SCALE_PER_S2 / 2), 0.5);
  assert.equal(normalisePressure(PRESSURE_FULL_SCALE_PER_S2 * 3), 1);
});

test('velocities are derived from the previous frame when the camera gives none', () => {
  const first = frameMetrics([{ trackId: 'a', x: 1, y: 1 }], 1000, SQUARE, LINE, null);
  assert.equal(first.meanSpeed, null, 'one frame: no speed yet');
  assert.equal(first.coherence, null);
  const second = frameMetrics([{ trackId: 'a', x: 1, y: 3 }], 3000, SQUARE, LINE, first.memory);
  assert.equal(second.meanSpeed, 1);
  const older = frameMetrics([{ trackId: 'a', x: 1, y: 2 }], 2000, SQUARE, LINE, second.memory);
  assert.equal(older.pressure, null, 'a frame older than the previous one has no pressure');
  assert.deepEqual([...older.crossings], [0, 0]);
  const gone = frameMetrics([{ trackId: 'a', x: 1, y: 6 }], 60_000, SQUARE, LINE, second.memory);
  assert.equal(gone.meanSpeed, null, 'too long a gap: no velocity');
  assert.deepEqual([...gone.crossings], [0, 1], 'but the crossing still counts');
});

test('Weidmann speeds match the published table (Weidmann 1993)', () => {
  const table: [number, number][] = [[0.5, 1.30], [1, 1.06], [1.5, 0.81], [2, 0.61], [3, 0.33], [4, 0.16], [5, 0.04]];
  for (const [rho, v] of table) assert.ok(Math.abs(weidmannSpeed(rho) - v) < 0.011, `ρ ${rho}: ${weidmannSpeed(rho)} vs ${v}`);
  assert.equal(weidmannSpeed(0), 1.34);
  assert.equal(weidmannSpeed(6), 0);
});
