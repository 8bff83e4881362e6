/**
 * Forecast inference cost for a 500-zone venue (the target: 500 zones under 20 ms p99 per forecast
 * of every zone). A 25 × 20 grid of 10 m × 10 m zones with 4 m passages between neighbours and a
 * stage; every model observes 15 minutes of seeded noisy states (one observe per second), then
 * forecasts every second for 5 more minutes (300 forecasts), after 30 unmeasured warm-up forecasts
 * in the minute before (the first calls run unoptimised code: a one-off cost of a long-running
 * worker, not its steady state). A full GC runs before each model, so
 * that one model's old garbage is not collected in the next one's timings (the serving worker
 * holds one model). Prints p50/p99/max of forecast() and mean observe().
 * The learned model is included when its artifact exists (models/forecast/learned-v1.json, or the
 * file in CROWDFLOW_FORECAST_ARTIFACT). Wall time suffers from other processes on a shared machine,
 * so the process CPU time of each call is printed too (it includes GC on helper threads), with the
 * load average at the start, and (on Linux) the worker thread's own CPU time and its time waiting
 * for a core (thread-sched.ts): a slow call with a long wait was the machine, not the code. For the
 * slowest 5 % of calls it also prints how many had a GC of the worker's heap inside them, and for
 * how long (PerformanceObserver 'gc' entries, on the calls' clock).
 * Measured in a worker thread with the forecast worker's heap limits,
 * as served; the posting of states to the worker is measured on the main thread, where it happens.
 * The learned model is measured as the worker serves it: its flat columns, copied out to be
 * transferred (forecast-columns.ts; `--records` measures its forecast() records instead), and the
 * main thread's building of the records from them is printed at the end.
 * The learned model serves its p50 combined with the physics by recent skill; `--net-only` measures
 * the net alone (skillWeighting off), to see what the weighting costs. `--only NAME` measures the
 * models whose name starts with NAME. `--gap-ms N` idles N ms after each measured forecast, as the
 * served worker idles between its forecasts (every 5 s): its incremental GC then runs between calls
 * instead of inside them (default 0: back to back, the harsher measure).
 * Run: `npm run bench -- forecast` (or `npx tsx bench/forecast.ts [--net-only] [--only learned] [--gap-ms 200]`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { parseArgs } from 'node:util';
import { runInNewContext } from 'node:vm';
import { isMainThread, Worker, workerData } from 'node:worker_threads';
import { asEpochMs, asPeople, asPeoplePerSqm, asRatio, seededRandom, type EpochMs } from '../src/contracts/index.ts';
import { stateCodec } from '../src/runtime/forecast-state-codec.ts';
import { FORECAST_WORKER_RESOURCE_LIMITS } from '../src/runtime/forecast-service.ts';
import {
  createDampedHoltForecaster, createLastValueForecaster, createLinearTrendForecaster, createPhysicsForecaster,
  allocColumns, copyColumns, createLearnedForecaster, forecastsFromColumns, createTimeOfDayForecaster, type Forecaster,
} from '../src/forecast/index.ts';
import { stateOf } from '../src/forecast/test-fixtures.ts';
import { parseVenue, type Venue } from '../src/venue/index.ts';
import { watchGc } from './gc-watch.ts';
import { percentile } from './stats.ts';
import { threadSched } from './thread-sched.ts';

const COLS = 25, ROWS = 20, CELL_M = 10;

function gridVenue(): Venue {
  const id = (c: number, r: number) => `z-${c}-${r}`;
  const zones: string[] = [], passages: string[] = [];
  for (let r = 0; r < ROWS; r++) {
    for (let c = 0; c < COLS; c++) {
      const x = c * CELL_M, y = r * CELL_M;
      zones.push(`  - { id: ${id(c, r)}, type: standing, capacity: 300, polygon: [[${x}, ${y}], [${x + CELL_M}, ${y}], [${x + CELL_M}, ${y + CELL_M}], [${x}, ${y + CELL_M}]] }`);
      if (c + 1 < COLS) passages.push(`  - { id: p-${id(c, r)}-e, from: ${id(c, r)}, to: ${id(c + 1, r)}, opening: [[${x + CELL_M}, ${y + 3}], [${x + CELL_M}, ${y + 7}]] }`);
      if (r + 1 < ROWS) passages.push(`  - { id: p-${id(c, r)}-n, from: ${id(c, r)}, to: ${id(c, r + 1)}, opening: [[${x + 3}, ${y + CELL_M}], [${x + 7}, ${y + CELL_M}]] }`);
    }
  }
  return parseVenue(`schema: crowdflow.venue/v1
id: bench-grid
name: Bench grid
capacity: 150000
zones:
${zones.join('\n')}
passages:
${passages.join('\n')}
gates:
  - { id: gate-0, name: Gate, zone: ${id(0, 0)}, opening: [[0, 3], [0, 7]], direction: in, serviceRatePerMin: 120 }
stages:
  - { id: stage, name: Stage, zone: ${id(COLS - 1, ROWS >> 1)}, position: [${COLS * CELL_M - 1}, ${(ROWS >> 1) * CELL_M + 5}] }
sensors:
${zones.map((_, k) => `  - { id: cam-${k}, kind: zone_count, zone: ${id(k % COLS, Math.floor(k / COLS))} }`).join('\n')}
`, '<bench-grid>');
}

/**
 * The inference measurement runs as it is served: in a worker thread with the forecast worker's
 * heap limits (a worker's heap, not the main thread's, sets the GC pauses that make the p99).
 */
export async function benchForecast(opts: BenchForecastOptions = {}): Promise<void> {
  const worker = new Worker(new URL('../src/runtime/worker-entry.mjs', import.meta.url), {
    workerData: { entry: import.meta.url, benchForecastWorker: true, ...opts }, resourceLimits: FORECAST_WORKER_RESOURCE_LIMITS,
  });
  await new Promise<void>((resolveDone, reject) => {
    worker.on('error', reject);
    worker.on('exit', (code) => (code === 0 ? resolveDone() : reject(new Error(`forecast bench worker exited with ${code}`))));
  });
}

export interface BenchForecastOptions {
  /** The learned model without skill weighting (`--net-only`). */
  readonly netOnly?: boolean;
  /** The learned model's records (`forecast()`) instead of the flat columns the worker serves (`--records`). */
  readonly records?: boolean;
  /** Idle this long after each measured forecast, ms (`--gap-ms`; default 0). */
  readonly gapMs?: number;
  /** Only the models whose name starts with this (`--only`). */
  readonly only?: string;
}

async function measureForecast(): Promise<void> {
  const { gapMs = 0, only, netOnly = false, records = false } = workerData as BenchForecastOptions;
  const venue = gridVenue();
  const start = Date.UTC(2026, 5, 1, 18);
  const physicsOpts = {
    originMs: start, schedule: [{ stage: 'stage', startS: 0, endS: 1080 }],
    arrivals: [{ gate: 'gate-0', count: 5000, curve: [[0, 0], [3600, 1]] as [number, number][] }],
  };
  const models: Forecaster[] = [
    createLastValueForecaster(venue), createLinearTrendForecaster(venue), createDampedHoltForecaster(venue), createTimeOfDayForecaster(venue),
    createPhysicsForecaster(venue, physicsOpts),
  ];
  const artifact = process.env.CROWDFLOW_FORECAST_ARTIFACT ?? resolve(import.meta.dirname, '..', 'models', 'forecast', 'learned-v1.json');
  // As the worker serves it: the learned model's flat columns, copied out to be transferred
  // (forecast-columns.ts); the records are built on the main thread. `--records`: forecast() instead.
  const served = new Map<Forecaster, (ts: EpochMs) => number>();
  if (existsSync(artifact)) {
    const learned = await createLearnedForecaster(venue, JSON.parse(readFileSync(artifact, 'utf8')), { ...physicsOpts, skillWeighting: !netOnly });
    models.push(learned);
    if (!records) served.set(learned, (ts) => copyColumns(learned.forecastColumns(ts)).rows);
  }
  else console.log(`  (no learned model: ${artifact} not found)`);
  const rnd = seededRandom(42);
  const level = venue.zones.map(() => 50 + 200 * rnd());
  // One state object per zone, updated in place: the harness must not be the garbage the timings measure.
  const states = venue.zones.map((z) => stateOf(venue, z.id, start, 0));
  const statesAt = (s: number, ts: EpochMs) => {
    states.forEach((st, i) => {
      const occ = Math.max(0, level[i]! * (1 + 0.3 * Math.sin(s / 300 + i)) + 5 * (rnd() - 0.5));
      st.ts = ts;
      st.occupancy = asPeople(occ);
      st.density = asPeoplePerSqm(occ / venue.zones[i]!.areaSqm);
    });
    return states;
  };
  console.log(`forecast: ${venue.zones.length} zones, ${venue.passages.length} passages; forecast() of every zone, 10 horizons; in a worker with the forecast worker's heap limits; load average ${loadavg()[0]!.toFixed(1)} on this machine`);
  setFlagsFromString('--expose-gc');
  const fullGc = runInNewContext('gc') as () => void;
  const measured = only ? models.filter((m) => m.name.startsWith(only)) : models;
  if (measured.length === 0) throw new Error(`--only ${only}: no model's name starts with it (${models.map((m) => m.name).join(', ')})`);
  // Every GC of this worker's heap, on the calls' clock: a slow call with a GC inside was the GC.
  const gc = watchGc();
  for (const m of measured) {
    fullGc();
    const calls: { start: number; ms: number }[] = [];
    let observeMs = 0, observes = 0;
    const forecastMs: number[] = [];
    const forecastCpuMs: number[] = [];
    const threadCpuMs: number[] = [], threadWaitMs: number[] = [];
    const allocated: number[] = [];
    for (let s = 0; s < 1200; s++) {
      const ts = asEpochMs(start + s * 1000);
      const states = statesAt(s, ts);
      const t0 = performance.now();
      m.observe(states, ts);
      observeMs += performance.now() - t0;
      observes++;
      if (s >= 840 && s < 900 && s % 2 === 0) m.forecast(ts); // warm-up, not measured
      if (s >= 900) {
        const c1 = process.cpuUsage();
        const h1 = process.memoryUsage().heapUsed;
        const s1 = threadSched();
        const t1 = performance.now();
        const rows = served.get(m)?.(ts) ?? m.forecast(ts).length;
        forecastMs.push(performance.now() - t1);
        calls.push({ start: t1, ms: forecastMs.at(-1)! });
        const s2 = threadSched();
        if (s1 && s2) { threadCpuMs.push(s2.cpuMs - s1.cpuMs); threadWaitMs.push(s2.waitMs - s1.waitMs); }
        // Heap growth over the call; a call during which a GC ran shrinks it and is left out.
        const grown = process.memoryUsage().heapUsed - h1;
        if (grown > 0) allocated.push(grown);
        const c = process.cpuUsage(c1);
        forecastCpuMs.push((c.user + c.system) / 1000);
        if (rows !== venue.zones.length) throw new Error(`${m.name}: ${rows} forecasts for ${venue.zones.length} zones`);
        // Served, forecasts come every 5 s and the worker idles between them (its GC tasks run
        // then); back to back (gap 0) every collection falls inside some call.
        if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
      }
    }
    forecastMs.sort((a, b) => a - b);
    forecastCpuMs.sort((a, b) => a - b);
    allocated.sort((a, b) => a - b);
    threadCpuMs.sort((a, b) => a - b);
    threadWaitMs.sort((a, b) => a - b);
    const f = (x: number) => x.toFixed(2);
    const thread = threadCpuMs.length > 0
      ? `; this thread: cpu p50 ${f(percentile(threadCpuMs, 0.5))} ms  p99 ${f(percentile(threadCpuMs, 0.99))} ms, waiting for a core p99 ${f(percentile(threadWaitMs, 0.99))} ms  max ${f(threadWaitMs.at(-1)!)} ms`
      : '';
    await gc.settle();
    const slowMs = percentile(forecastMs, 0.95);
    const slow = calls.filter((c) => c.ms >= slowMs).map((c) => gc.inside(c.start, c.ms));
    const slowGc = slow.map((g) => g.ms).sort((a, b) => a - b);
    const majors = slow.filter((g) => g.major).length;
    const gcLine = `; the slowest 5 % (≥ ${f(slowMs)} ms, ${slow.length} calls): ${slowGc.filter((g) => g > 0).length} with a GC inside (${majors} a mark-compact), GC in them p50 ${f(percentile(slowGc, 0.5))} ms  max ${f(slowGc.at(-1) ?? 0)} ms`;
    console.log(`  ${`${m.name}@${m.version}`.padEnd(22)} forecast wall p50 ${f(percentile(forecastMs, 0.5))} ms  p99 ${f(percentile(forecastMs, 0.99))} ms  max ${f(forecastMs.at(-1)!)} ms; cpu p50 ${f(percentile(forecastCpuMs, 0.5))} ms  p99 ${f(percentile(forecastCpuMs, 0.99))} ms  (n=${forecastMs.length})${thread}${gcLine}; ~${(percentile(allocated, 0.5) / 1e6).toFixed(1)} MB allocated per call; observe mean ${f(observeMs / observes)} ms`);
  }
  gc.stop();
}

/**
 * The runtime's side of serving: each tick posts every zone's state to the forecast worker. Before:
 * a structured clone of the ZoneState objects on the event loop; now: flat columns filled in one
 * pass (forecast-state-codec.ts) whose buffers are transferred. Both printed, with 2 sources a zone.
 */
export function benchForecastPost(): void {
  const venue = gridVenue();
  const start = Date.UTC(2026, 5, 1, 18);
  const sensorIds = venue.sensors.map((s) => s.id);
  const states = venue.zones.map((z, i) => ({
    ...stateOf(venue, z.id, start + i, 100 + i),
    sources: [0, 1].map((k) => ({ sensorId: sensorIds[(i + k) % sensorIds.length]!, kind: 'zone_count', weight: asRatio(0.5), occupancy: asPeople(100), lastTs: asEpochMs(start), stale: false })),
  }));
  const codec = stateCodec(venue);
  const time = (fn: () => unknown): number[] => {
    const out: number[] = [];
    for (let k = 0; k < 300; k++) {
      const t = performance.now();
      fn();
      out.push(performance.now() - t);
    }
    return out.sort((a, b) => a - b);
  };
  const { port1, port2 } = new MessageChannel();
  const clone = time(() => port1.postMessage(states));
  const flat = time(() => {
    const e = codec.encode(states);
    port1.postMessage(e, codec.transferList(e));
  });
  port1.close();
  port2.close();
  // The learned model's forecasts arrive as flat columns; their records are built on the main thread.
  const cols = { ...allocColumns(venue.zones.length), ts: asEpochMs(start), modelVersion: 'bench@1', rows: venue.zones.length };
  cols.zoneIndex.forEach((_, i) => { cols.zoneIndex[i] = i; });
  cols.etaMs.fill(NaN);
  const build = time(() => forecastsFromColumns(venue, cols));
  const f = (xs: number[]) => `p50 ${percentile(xs, 0.5).toFixed(2)} ms  p99 ${percentile(xs, 0.99).toFixed(2)} ms`;
  console.log(`  posting ${states.length} zone states to the worker (main thread): objects ${f(clone)}; flat columns, transferred ${f(flat)}`);
  console.log(`  building ${venue.zones.length} zones' forecast records from the worker's columns (main thread): ${f(build)}`);
}

if (!isMainThread && (workerData as { benchForecastWorker?: boolean } | null)?.benchForecastWorker) {
  await measureForecast();
} else if (isMainThread && import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { 'net-only': { type: 'boolean' }, records: { type: 'boolean' }, 'gap-ms': { type: 'string' }, only: { type: 'string' } } });
  const gapMs = Number(values['gap-ms'] ?? 0);
  if (!Number.isFinite(gapMs) || gapMs < 0) throw new Error(`--gap-ms ${values['gap-ms']}: expected milliseconds ≥ 0`);
  await benchForecast({ netOnly: values['net-only'] ?? false, records: values.records ?? false, gapMs, ...(values.only ? { only: values.only } : {}) });
  benchForecastPost();
}
