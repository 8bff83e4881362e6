/**
 * Simulator run directories for training and backtests (I/O; the replay and scoring are pure, in
 * src/forecast). A run dir is what `crowdflow simulate --out DIR` writes: readings.jsonl,
 * ground-truth.jsonl, summary.json, plus scenario.json when generateRuns made it. Files are read
 * line by line (readline), never whole: a 4 h run's readings are over a gigabyte.
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CrowdflowError, SensorReading } from '../contracts/index.ts';
import type { GroundTruthRow } from '../forecast/index.ts';

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
