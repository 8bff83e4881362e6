/**
 * `crowdflow backtest`: replays recorded readings through the stream processor and every forecaster
 * (the baselines, physics, and learned models given with --model) and prints the JSON report of
 * src/forecast's runBacktestStream: one recording, or several run dirs pooled (aggregateReports),
 * with the targets checked per model. This file does the I/O; the scoring is pure. Files
 * are streamed line by line, one run at a time, so memory does not grow with their length.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CrowdflowError } from '../../contracts/index.ts';
import {
  aggregateReports, checkTargets, createDampedHoltForecaster, createLastValueForecaster, createLearnedForecaster,
  createLinearTrendForecaster, createPhysicsForecaster, createTimeOfDayForecaster, parseLearnedArtifact, planPhases, runBacktestStream, scenarioForecastInputs,
  type AggregateReport, type BacktestReport, type Forecaster, type LearnedArtifact, type LearnedForecaster, type PhysicsOptions,
  type TargetChecks, type ZoneScore,
} from '../../forecast/index.ts';
import { loadScenarioFile, parseScenario, scenarioStartMs, ScenarioError, type Scenario } from '../../sim/index.ts';
import { loadVenueFile, VenueError, type Venue } from '../../venue/index.ts';
import { intFlag, parseFlags } from '../args.ts';
import type { Command } from '../command.ts';
import { readRunGroundTruth, readRunReadings, runFiles, type ReadCounts } from '../training-runs.ts';

/** t = 0 of a scenario without `startAt` (the simulate command's default). */

export const backtestCommand: Command = {
  name: 'backtest',
  summary: 'score every forecaster (and the naive baselines) on recorded readings or simulator run dirs',
  usage: `crowdflow backtest --venue FILE --readings FILE [options]
crowdflow backtest --runs DIR [DIR...] [options]

Replays recorded readings (JSONL of crowdflow.reading/v1, in arrival order) through the stream
processor; every model observes the zone states each second and forecasts every --every seconds.
Prints a JSON report: MAE and WAPE per horizon for each model (last value, linear trend, damped
Holt, time-of-day profile, physics cell-transmission, and each --model), congestion-onset recall,
precision and lead time, and per model whether the issue's targets are met (at 10 min WAPE <= 0.6 x
last value's; recall >= 0.9, median lead >= 300 s, precision >= 0.8). With a scenario, each model's
error at the longest horizon is also given per phase of the plan (byPhase: ingress, show N,
interval N, egress; by the time forecast for). Definitions: docs/FORECAST.md.

Options:
  --venue FILE          the venue (required with --readings; with --runs, default: each run's own)
  --readings FILE       recorded readings, JSONL
  --ground-truth FILE   the simulator's ground-truth.jsonl; without it the replayed states are the truth
  --runs DIR...         simulator run dirs (crowdflow simulate --out, or generated training runs):
                        readings.jsonl, ground-truth.jsonl if present, scenario.json if present;
                        each is scored, then all are pooled
  --truth T             ground (default: the ground truth where there is one) or states
  --scenario FILE       a crowdflow.scenario/v1 giving the physics and learned models the stage
                        schedule, the arrival curves and t = 0 (startAt); a run dir's scenario.json
                        is used when this is not given
  --model FILE          a learned model artifact (crowdflow train); repeatable
  --horizon D           longest horizon: 1m..10m, or seconds as 600s (default 10m)
  --every S             seconds between forecasts (default 30)
  --warmup S            seconds replayed before the first scored forecast (default 300)
  --alarm-p P           P(congestion) at or above which a forecast is an alarm (default 0.5)
  --by-zone             also each model's error at the longest horizon per zone (and phase): byZone
  --out FILE            also write the report to FILE
  --quiet               no target table on stderr`,
  async run(argv) {
    const { values, positionals } = parseFlags(argv, {
      venue: { type: 'string' }, readings: { type: 'string' }, 'ground-truth': { type: 'string' }, scenario: { type: 'string' },
      runs: { type: 'string', multiple: true }, truth: { type: 'string' }, model: { type: 'string', multiple: true },
      horizon: { type: 'string' }, every: { type: 'string' }, warmup: { type: 'string' }, 'alarm-p': { type: 'string' },
      out: { type: 'string' }, quiet: { type: 'boolean' }, 'by-zone': { type: 'boolean' },
    });
    if (values.help) { console.log(this.usage); return 0; }
    const runDirs = [...(values.runs ?? []), ...(values.runs ? positionals : [])];
    if (positionals.length > 0 && !values.runs) { console.error(`unexpected argument ${positionals[0]} (run dirs follow --runs)`); return 2; }
    if ((!values.venue || !values.readings) && runDirs.length === 0) {
      console.error('usage: crowdflow backtest --venue FILE --readings FILE [options], or --runs DIR... (see --help)');
      return 2;
    }
    try {
      const truthMode = values.truth ?? 'ground';
      if (truthMode !== 'ground' && truthMode !== 'states') throw new CrowdflowError('CF_ERR_RANGE', `--truth ${truthMode}: expected ground or states`);
      const settings: Settings = {
        horizonMin: parseHorizonMin(values.horizon ?? '10m'),
        alarmP: values['alarm-p'] === undefined ? 0.5 : Number(values['alarm-p']),
        forecastEveryS: intFlag('every', values.every, 30, 1, 3600),
        warmupS: intFlag('warmup', values.warmup, 300, 0, 86_400),
        artifacts: (values.model ?? []).map(readArtifact),
        useGroundTruth: truthMode === 'ground',
        byZone: values['by-zone'] ?? false,
      };
      let out: unknown;
      let table: string;
      if (runDirs.length === 0) {
        const venue = loadVenueFile(values.venue!);
        const scenario = values.scenario ? loadScenarioFile(values.scenario, venue) : null;
        const { report, invalid } = await scoreRecording(venue, values.readings!, values['ground-truth'], scenario, settings);
        const targets = Object.fromEntries(report.models.map((m) => [m.model, checkTargets(m, report.horizonMin)]));
        out = { ...report, invalidReadings: invalid, scenario: values.scenario ?? null, targets };
        table = targetTable(`${report.venueId} (${report.truth}, ${report.onsets} onsets)`, report.models.map((m) => ({ model: m.model, targets: targets[m.model]!, congestion: m.congestion })));
      } else {
        const { aggregate, runs } = await scoreRuns(runDirs, values.venue, values.scenario, settings);
        out = { aggregate, runs };
        table = targetTable(`${aggregate.runs} run(s) of ${aggregate.venues.join(', ')} (${aggregate.onsets} onsets)`, aggregate.models);
      }
      const text = JSON.stringify(out, null, 2);
      if (values.out) writeFileSync(values.out, text + '\n');
      console.log(text);
      if (!values.quiet) console.error(table);
      return 0;
    } catch (e) {
      if (e instanceof CrowdflowError || e instanceof VenueError || e instanceof ScenarioError) { console.error(e.message); return 1; }
      throw e;
    }
  },
};

interface Settings {
  readonly horizonMin: number;
  readonly alarmP: number;
  readonly forecastEveryS: number;
  readonly warmupS: number;
  readonly artifacts: readonly LearnedArtifact[];
  readonly useGroundTruth: boolean;
  readonly byZone: boolean;
}

/** "10m", "600s" or "10" (minutes) → whole minutes in [1, 10]. */
export function parseHorizonMin(text: string): number {
  const m = /^(\d+)(m|s)?$/.exec(text.trim());
  const min = m ? (m[2] === 's' ? Number(m[1]) / 60 : Number(m[1])) : NaN;
  if (!Number.isInteger(min) || min < 1 || min > 10) throw new CrowdflowError('CF_ERR_RANGE', `--horizon ${text} not a whole number of minutes in [1m, 10m] (e.g. 10m or 600s)`);
  return min;
}

/** One recording: every model built fresh (forecasters keep state), the files streamed. */
async function scoreRecording(venue: Venue, readingsFile: string, groundTruthFile: string | undefined, scenario: Scenario | null, s: Settings): Promise<{ report: BacktestReport; invalid: number }> {
  const counts: ReadCounts = { lines: 0, invalid: 0 };
  const physics: PhysicsOptions = scenario ? scenarioForecastInputs(scenario, scenarioStartMs(scenario)) : { originMs: (await firstReadingTs(readingsFile)) ?? 0 };
  const learned: LearnedForecaster[] = [];
  try {
    for (const a of s.artifacts) learned.push(await createLearnedForecaster(venue, a, physics));
    const models: Forecaster[] = [
      createLastValueForecaster(venue), createLinearTrendForecaster(venue), createDampedHoltForecaster(venue),
      createTimeOfDayForecaster(venue), createPhysicsForecaster(venue, physics), ...learned,
    ];
    const report = await runBacktestStream({
      venue, readings: readRunReadings(readingsFile, counts),
      groundTruth: s.useGroundTruth && groundTruthFile ? readRunGroundTruth(groundTruthFile) : undefined,
      models, horizonMin: s.horizonMin, alarmP: s.alarmP, forecastEveryS: s.forecastEveryS, warmupS: s.warmupS,
      // With a scenario, each model's error is also split by the phases of its plan.
      ...(scenario ? { phases: planPhases(physics) } : {}),
      byZone: s.byZone,
    });
    return { report, invalid: counts.invalid };
  } finally {
    for (const l of learned) l.dispose();
  }
}

interface RunLine {
  readonly dir: string;
  readonly venueId: string;
  readonly truth: string;
  readonly readings: number;
  readonly invalidReadings: number;
  readonly onsets: number;
  readonly models: {
    model: string; wapeH10: number | null; wapeRatioToLastValue: number | null; recall: number | null; precision: number | null; alertPrecision: number | null; medianLeadS: number | null;
    byPhase: { phase: string; wapeOccupancy: number | null; wapeRatioToLastValue: number | null }[];
    byZone?: ZoneScore[];
  }[];
}

/** Several run dirs, one at a time; each with its own venue and scenario unless given. */
async function scoreRuns(dirs: readonly string[], venueFile: string | undefined, scenarioFile: string | undefined, s: Settings): Promise<{ aggregate: AggregateReport; runs: RunLine[] }> {
  const reports: BacktestReport[] = [];
  const runs: RunLine[] = [];
  const venues = new Map<string, Venue>();
  const venueOf = (file: string): Venue => venues.get(file) ?? venues.set(file, loadVenueFile(file)).get(file)!;
  for (const dir of dirs) {
    const files = runFiles(dir);
    const scenarioJson = files.scenario ? JSON.parse(readFileSync(files.scenario, 'utf8')) as { venue?: string } : null;
    const vf = venueFile ?? runVenueFile(dir, scenarioJson);
    const venue = venueOf(vf);
    const scenario = scenarioFile ? loadScenarioFile(scenarioFile, venue) : scenarioJson ? parseScenario(scenarioJson, venue, files.scenario!) : null;
    const { report, invalid } = await scoreRecording(venue, files.readings, files.groundTruth ?? undefined, scenario, s);
    reports.push(report);
    runs.push({
      dir, venueId: report.venueId, truth: report.truth, readings: report.readings, invalidReadings: invalid, onsets: report.onsets,
      models: report.models.map((m) => ({
        model: m.model, wapeH10: m.perHorizon[s.horizonMin - 1]?.wapeOccupancy ?? null, wapeRatioToLastValue: m.wapeRatioToLastValue,
        recall: m.congestion.recall, precision: m.congestion.precision, alertPrecision: m.congestion.alertPrecision, medianLeadS: m.congestion.medianLeadS,
        byPhase: m.byPhase.map((p) => ({ phase: p.phase, wapeOccupancy: p.wapeOccupancy, wapeRatioToLastValue: p.wapeRatioToLastValue })),
        ...(m.byZone ? { byZone: m.byZone } : {}),
      })),
    });
  }
  return { aggregate: aggregateReports(reports), runs };
}

/** A run dir's venue: training.json's venueFile, else scenario.json's `venue` (absolute in generated runs), else summary.json's. */
function runVenueFile(dir: string, scenarioJson: { venue?: string } | null): string {
  const candidates: (string | undefined)[] = [];
  const files = runFiles(dir);
  const training = join(dir, 'training.json');
  if (existsSync(training)) candidates.push((JSON.parse(readFileSync(training, 'utf8')) as { venueFile?: string }).venueFile);
  candidates.push(scenarioJson?.venue);
  if (files.summary) candidates.push((JSON.parse(readFileSync(files.summary, 'utf8')) as { run?: { venueFile?: string } }).run?.venueFile);
  const found = candidates.find((f): f is string => typeof f === 'string' && existsSync(f));
  if (!found) throw new CrowdflowError('CF_ERR_NOT_FOUND', `${dir}: no venue file found (training.json, scenario.json, summary.json); pass --venue FILE`);
  return found;
}

function readArtifact(file: string): LearnedArtifact {
  let json: unknown;
  try { json = JSON.parse(readFileSync(file, 'utf8')); } catch (e) {
    throw new CrowdflowError('CF_ERR_CONFIG', `--model ${file}: expected a JSON model artifact (${(e as Error).message})`);
  }
  return parseLearnedArtifact(json);
}

/** Event time of the first valid reading (t = 0 for the physics model when no scenario says). */
async function firstReadingTs(file: string): Promise<number | null> {
  for await (const r of readRunReadings(file)) return r.ts;
  return null;
}

/** The targets per model, for people (the JSON has the same). */
export function targetTable(title: string, models: readonly { model: string; targets: TargetChecks; congestion: { alertPrecision: number | null } }[]): string {
  const cell = (c: { value: number | null; met: boolean | null }, digits: number): string =>
    c.value === null ? 'n/a' : `${c.value.toFixed(digits)} ${c.met ? 'met' : 'NOT met'}`;
  const rows = models.map((m) => [m.model, cell(m.targets.wapeRatio10, 2), cell(m.targets.recall, 2), cell(m.targets.medianLeadS, 0), cell(m.targets.precision, 2), m.targets.allMet ? 'yes' : 'no',
    m.congestion.alertPrecision === null ? 'n/a' : m.congestion.alertPrecision.toFixed(2)]);
  const head = ['model', 'WAPE ratio@10 (<=0.6)', 'recall (>=0.9)', 'median lead s (>=300)', 'precision (>=0.8)', 'all met', 'alert precision (info)'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: readonly string[]): string => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [`targets: ${title}`, line(head), ...rows.map(line)].join('\n');
}
