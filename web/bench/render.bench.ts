/**
 * What one second of console updates costs in JavaScript, without a browser: applying a
 * snapshot to the state and rendering the map and the zone list for a venue of N zones
 * (server-side rendering: React's work without the DOM's). Prints medians over many runs.
 *   npx tsx web/bench/render.bench.ts [zones=200]
 */
import { createElement } from 'react';
import { performance } from 'node:perf_hooks';
import { render } from '../src/test-support/render.ts';
import { snapshot, snapshotZone } from '../src/test-support/fixtures.ts';
import { initialConsoleState, reduceConsole } from '../src/state/index.ts';
import { VenueMap } from '../src/map/index.ts';
import { ZoneList } from '../src/components/index.ts';
import type { ConsoleMessage, VenueSummary } from '../src/api/index.ts';

const zoneCount = Number(process.argv[2] ?? 200);
const cols = Math.ceil(Math.sqrt(zoneCount * 2));
const zones = Array.from({ length: zoneCount }, (_, k) => {
  const i = k % cols;
  const j = Math.floor(k / cols);
  return {
    id: `z-${k}`, name: `Zone ${k}`, type: 'standing', areaSqm: 500, capacity: 1000, congestionDensity: 4,
    polygon: [[i * 25, j * 20], [i * 25 + 25, j * 20], [i * 25 + 25, j * 20 + 20], [i * 25, j * 20 + 20]],
  };
});
const venue = {
  id: 'bench', name: 'Bench grid', capacity: zoneCount * 1000,
  bounds: { minX: 0, minY: 0, maxX: cols * 25, maxY: Math.ceil(zoneCount / cols) * 20 },
  zones, passages: [], gates: [], stages: [], facilities: [], walls: [],
} as unknown as VenueSummary;

// Seeded so that every run measures the same work (LCG, Numerical Recipes constants).
let seed = 7;
const rand = (): number => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
const levels = ['SAFE', 'CAUTION', 'WARNING', 'CRITICAL'];
const snapshots = Array.from({ length: 50 }, (_, t) =>
  snapshot(t * 1000, zones.map((z) => (rand() < 0.05 ? snapshotZone(z.id, null, null, 'unknown') : snapshotZone(z.id, rand() * 6, levels[Math.floor(rand() * 4)]!)))));

function median(label: string, runs: number, fn: (i: number) => void): void {
  for (let i = 0; i < 5; i++) fn(i);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(34)} median ${times[Math.floor(runs / 2)]!.toFixed(3)} ms  p90 ${times[Math.floor(runs * 0.9)]!.toFixed(3)} ms`);
}

let state = initialConsoleState;
let clock = 0;
/** The i-th snapshot with an ever later event time, so the reducer never drops it as a straggler. */
const next = (i: number): ConsoleMessage => ({ ...snapshots[i % snapshots.length]!, ts: (clock += 1000) }) as ConsoleMessage;
console.log(`venue of ${zoneCount} zones, ${snapshots.length} distinct snapshots`);
median('reduce one snapshot', 500, (i) => {
  state = reduceConsole(state, { type: 'message', message: next(i), receivedAtMs: i });
});
median('render map (SSR)', 100, (i) => {
  const s = reduceConsole(state, { type: 'message', message: next(i), receivedAtMs: i });
  // SSR keeps no memo between renders: this includes the venue geometry the browser computes once.
  render(createElement(VenueMap, {
    venue, zones: s.zones, agentFrames: null, showAgents: false, selectedZoneId: null, onSelectZone: () => undefined, snapshotReceivedAtMs: i,
  }));
});
median('render zone list (SSR)', 100, (i) => {
  const s = reduceConsole(state, { type: 'message', message: next(i), receivedAtMs: i });
  render(createElement(ZoneList, { venue, zones: s.zones, stale: false, selectedZoneId: null, onSelectZone: () => undefined }));
});
