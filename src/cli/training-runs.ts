/**
 * Simulator run directories for training and backtests (I/O; the replay and scoring are pure, in
 * src/forecast). A run dir is what `crowdflow simulate --out DIR` writes: readings.jsonl,
 * ground-truth.jsonl, summary.json, plus scenario.json when generateRuns made it. Files are read
 * line by line (readline), never whole: a 4 h run's readings are over a gigabyte.
 *
 * generateRuns simulates scenario variants (src/forecast/training/variants.ts) one at a time and
 * writes each as such a run dir, plus scenario.json (the varied scenario, its venue path made
 * absolute) and training.json (venue, variant draws, onsets by the backtest's definition).
 */
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { CrowdflowError, SensorReading, type EpochMs } from '../contracts/index.ts';
import { findOnsets, TruthSeries, varyScenario, type GroundTruthRow, type Variation } from '../forecast/index.ts';
import { createVirtualSensors } from '../sensors/index.ts';
import { createSimulation, loadScenarioFile, parseScenario, scenarioStartMs, type ScenarioSpec } from '../sim/index.ts';
import { loadVenueFile } from '../venue/index.ts';
import { JsonlWriter } from './jsonl-writer.ts';

/** The files of one run directory (null where absent). */
export interface RunFiles {
  readonly dir: string;
  readonly readings: string;
  readonly groundTruth: string | null;
  /** The scenario the run used, as JSON (written by generateRuns). */
  readonly scenario: string | null;
  readonly summary: string | null;
}

/** Locates a run dir's files; throws CF_ERR_NOT_FOUND when it has no readings.jsonl. */
export function runFiles(dir: string): RunFiles {
  const at = (name: string): string | null => (existsSync(join(dir, name)) ? join(dir, name) : null);
  const readings = at('readings.jsonl');
  if (readings === null) throw new CrowdflowError('CF_ERR_NOT_FOUND', `${dir}: expected a run directory with readings.jsonl`);
  return { dir, readings, groundTruth: at('ground-truth.jsonl'), scenario: at('scenario.json'), summary: at('summary.json') };
}

/** Counts of what a reader skipped, filled in as it goes. */
export interface ReadCounts { lines: number; invalid: number }

/** One parsed JSON value per non-blank line; a line that is not JSON is an error with its file and line. */
export async function* jsonlValues(file: string): AsyncGenerator<unknown> {
  let n = 0;
  const input = createReadStream(file, 'utf8');
  try {
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      n++;
      if (line.trim() === '') continue;
      let value: unknown;
      try { value = JSON.parse(line); } catch {
        throw new CrowdflowError('CF_ERR_READING_JSON', `${file}:${n}: expected one JSON object per line`);
      }
      yield value;
    }
  } finally {
    input.destroy(); // also when the consumer stops early
  }
}

/**
 * Valid crowdflow.reading/v1 records of a readings file (or a run dir), in file (arrival) order.
 * Invalid records are skipped and counted in `counts.invalid`.
 */
export async function* readRunReadings(fileOrDir: string, counts: ReadCounts = { lines: 0, invalid: 0 }): AsyncGenerator<SensorReading> {
  const file = fileOrDir.endsWith('.jsonl') ? fileOrDir : runFiles(fileOrDir).readings;
  for await (const raw of jsonlValues(file)) {
    counts.lines++;
    const r = SensorReading.safeParse(raw);
    if (r.success) yield r.data; else counts.invalid++;
  }
}

/** The ground truth (per second: every zone's occupancy) of a ground-truth file or a run dir. */
export async function* readRunGroundTruth(fileOrDir: string): AsyncGenerator<GroundTruthRow> {
  const file = fileOrDir.endsWith('.jsonl') ? fileOrDir : runFiles(fileOrDir).groundTruth;
  if (file === null) throw new CrowdflowError('CF_ERR_NOT_FOUND', `${fileOrDir}: expected ground-truth.jsonl in the run directory`);
  let n = 0;
  for await (const raw of jsonlValues(file)) {
    n++;
    const row = raw as Partial<GroundTruthRow>;
    if (typeof row.ts !== 'number' || !Array.isArray(row.zones)) {
      throw new CrowdflowError('CF_ERR_READING_SCHEMA', `${file}: row ${n}: expected { ts: number, zones: [{ zoneId, occupancy }] }`);
    }
    // Keep only what the truth needs (the rows also carry speeds and cumulative crossings).
    yield { ts: row.ts, zones: row.zones.map((z) => ({ zoneId: z.zoneId, occupancy: z.occupancy })) };
  }
}

/** The run's scenario.json (the scenario object as generateRuns wrote it), or null. */
export function readRunScenario(dir: string): unknown {
  const f = runFiles(dir).scenario;
  return f === null ? null : JSON.parse(readFileSync(f, 'utf8')) as unknown;
}

/** One run to generate: a venue, a base scenario of it, and a variant seed (0: the base itself). */
export interface RunPlan {
  readonly venueFile: string;
  readonly scenarioFile: string;
  readonly variantSeed: number;
}

export interface GenerateOptions {
  readonly plans: readonly RunPlan[];
  /** Runs go to outDir/<venue id>/<variant>/ ("base" or "v<seed>"). */
  readonly outDir: string;
  /** Longest simulated run, s (default 5400): bounds the cost of one run. */
  readonly maxDurationS?: number;
  /** Leave a run whose training.json exists (default true), so an interrupted generation resumes. */
  readonly skipExisting?: boolean;
  /** Called after each run (progress, or a list others can start from). */
  readonly onRun?: (run: GeneratedRun) => void;
  /** Progress lines (default: none). */
  readonly log?: (line: string) => void;
}

/** What training.json holds. */
export interface GeneratedRun {
  readonly dir: string;
  readonly venueId: string;
  readonly venueFile: string;
  readonly baseScenarioFile: string;
  readonly scenarioId: string;
  readonly variation: Variation;
  readonly durationS: number;
  readonly agentsSpawned: number;
  readonly readings: number;
  /** Congestion onsets in the ground truth (src/forecast/backtest/onsets.ts, 60 s re-arm), per zone. */
  readonly onsets: number;
  readonly onsetsByZone: Record<string, number>;
  readonly wallClockS: number;
  /** True when the run was already there and not simulated again. */
  readonly skipped: boolean;
}

/** `count` plans over the given (venue, base scenario) pairs in turn, variant seeds drawn from `seed`; the first plan of each pair is its base when `includeBase`. */
export function planRuns(pairs: readonly { venueFile: string; scenarioFile: string }[], count: number, seed: number, includeBase = true): RunPlan[] {
  if (pairs.length === 0) throw new CrowdflowError('CF_ERR_RANGE', 'planRuns: expected at least one (venue, scenario) pair');
  const plans: RunPlan[] = [];
  for (let i = 0; i < count; i++) {
    const pair = pairs[i % pairs.length]!;
    const round = Math.floor(i / pairs.length);
    // Distinct, reproducible variant seeds: seed·1000 + round (never 0 unless it is the base).
    const variantSeed = includeBase && round === 0 ? 0 : ((seed * 1000 + round) % (2 ** 31 - 1)) || 1;
    plans.push({ ...pair, variantSeed });
  }
  return plans;
}

/** Simulates every plan, one at a time, into its run dir; returns what each produced. */
export async function generateRuns(opts: GenerateOptions): Promise<GeneratedRun[]> {
  const out: GeneratedRun[] = [];
  for (const plan of opts.plans) {
    const run = generateRun(plan, opts);
    out.push(run);
    opts.onRun?.(run);
    // Let pending I/O and timers run between simulations.
    await new Promise<void>((r) => setImmediate(r));
  }
  return out;
}

function generateRun(plan: RunPlan, opts: GenerateOptions): GeneratedRun {
  const venueFile = resolve(plan.venueFile);
  const venue = loadVenueFile(venueFile);
  const { file: _file, ...base } = loadScenarioFile(plan.scenarioFile, venue);
  const { scenario: spec, variation } = varyScenario(base as ScenarioSpec, plan.variantSeed, { maxDurationS: opts.maxDurationS ?? 5400 });
  const dir = join(opts.outDir, venue.id, plan.variantSeed === 0 ? 'base' : `v${plan.variantSeed}`);
  const doneFile = join(dir, 'training.json');
  if ((opts.skipExisting ?? true) && existsSync(doneFile)) {
    return { ...(JSON.parse(readFileSync(doneFile, 'utf8')) as GeneratedRun), dir, skipped: true };
  }
  const scenario = parseScenario({ ...spec, venue: venueFile }, venue, `${plan.scenarioFile}#v${plan.variantSeed}`);
  // Written to a temporary dir and renamed at the end: a run dir that exists is complete.
  const tmp = `${dir}.partial`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const { file: _f, ...scenarioJson } = scenario;
  writeFileSync(join(tmp, 'scenario.json'), JSON.stringify(scenarioJson, null, 2) + '\n');
  opts.log?.(`${venue.id}/${plan.variantSeed === 0 ? 'base' : `v${plan.variantSeed}`}: ${scenario.durationS} s, ${scenario.demand.reduce((n, d) => n + d.count, 0)} people ...`);

  const wallStart = performance.now();
  const sim = createSimulation(venue, scenario, { seed: scenario.seed, dtS: scenario.dtS });
  const startMs = scenarioStartMs(scenario);
  const sensors = createVirtualSensors(venue, sim, { ...scenario.sensors, seed: scenario.seed ^ 0x5eed, startEpochMs: startMs });
  const truthOut = new JsonlWriter(join(tmp, 'ground-truth.jsonl'));
  const readingsOut = new JsonlWriter(join(tmp, 'readings.jsonl'));
  const truth = new TruthSeries(venue, startMs, scenario.durationS + 1);
  for (let t = 1; t <= scenario.durationS; t++) {
    while (sim.timeS < t - sim.dtS / 2) sim.step();
    const ts = startMs + t * 1000;
    const zones = sim.zoneTruth().map((z) => ({ zoneId: z.zoneId, occupancy: z.occupancy, densityPpsm: round3(z.densityPpsm), meanSpeedMps: round3(z.meanSpeedMps) }));
    truthOut.write({ tS: t, ts, agents: sim.agentCount, zones, crossings: sim.crossings() });
    for (const z of zones) truth.set(z.zoneId, ts, z.occupancy);
    for (const r of sensors.read(ts as EpochMs)) readingsOut.write(r);
  }
  truthOut.close();
  readingsOut.close();
  const wallClockS = round3((performance.now() - wallStart) / 1000);
  const summary = sim.summary();
  writeFileSync(join(tmp, 'summary.json'), JSON.stringify({ ...summary, run: { scenarioFile: plan.scenarioFile, venueFile, wallClockS, groundTruthLines: truthOut.lines, readings: readingsOut.lines } }, null, 2) + '\n');
  const onsets = findOnsets(truth);
  const onsetsByZone: Record<string, number> = {};
  for (const o of onsets) { const id = venue.zones[o.zoneIndex]!.id; onsetsByZone[id] = (onsetsByZone[id] ?? 0) + 1; }
  const run: GeneratedRun = {
    dir, venueId: venue.id, venueFile, baseScenarioFile: resolve(plan.scenarioFile), scenarioId: scenario.id, variation,
    durationS: scenario.durationS, agentsSpawned: summary.agentsSpawned, readings: readingsOut.lines,
    onsets: onsets.length, onsetsByZone, wallClockS, skipped: false,
  };
  writeFileSync(join(tmp, 'training.json'), JSON.stringify(run, null, 2) + '\n');
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  opts.log?.(`  ${dir}: ${onsets.length} onsets, ${summary.agentsSpawned} agents, ${readingsOut.lines} readings, ${wallClockS} s wall`);
  return run;
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
