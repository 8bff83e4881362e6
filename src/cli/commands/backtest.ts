/**
 * `crowdflow backtest`: replays recorded readings through the stream processor and every forecaster
 * and prints the JSON report of src/forecast's runBacktest. This file does the I/O; the scoring is pure.
 */
import { writeFileSync } from 'node:fs';
import { CrowdflowError } from '../../contracts/index.ts';
import {
  createDampedHoltForecaster, createLastValueForecaster, createLinearTrendForecaster, createPhysicsForecaster,
  createTimeOfDayForecaster, runBacktestStream, type Forecaster, type PhysicsOptions,
} from '../../forecast/index.ts';
import { loadScenarioFile, ScenarioError } from '../../sim/index.ts';
import { loadVenueFile, VenueError, type Venue } from '../../venue/index.ts';
import { intFlag, parseFlags } from '../args.ts';
import type { Command } from '../command.ts';
import { readRunGroundTruth, readRunReadings, type ReadCounts } from '../training-runs.ts';

/** t = 0 of a scenario without `startAt` (the simulate command's default). */
const SCENARIO_DEFAULT_START_MS = Date.UTC(2026, 0, 1);

export const backtestCommand: Command = {
  name: 'backtest',
  summary: 'score every forecaster (and the naive baselines) on recorded readings',
  usage: `crowdflow backtest --venue FILE --readings FILE [options]

Replays recorded readings (JSONL of crowdflow.reading/v1, in arrival order) through the stream
processor; every model observes the zone states each second and forecasts every --every seconds.
Prints a JSON report: MAE and WAPE per horizon for each model (last value, linear trend, damped
Holt, time-of-day profile, physics cell-transmission), and congestion-onset recall, precision and
lead time. Definitions: docs/FORECAST.md.

Options:
  --venue FILE          the venue (required)
  --readings FILE       recorded readings, JSONL (required)
  --ground-truth FILE   the simulator's ground-truth.jsonl; without it the replayed states are the truth
  --scenario FILE       a crowdflow.scenario/v1 giving the physics model the stage schedule, the
                        arrival curves and t = 0 (startAt)
  --horizon D           longest horizon: 1m..10m, or seconds as 600s (default 10m)
  --every S             seconds between forecasts (default 30)
  --warmup S            seconds replayed before the first scored forecast (default 300)
  --alarm-p P           P(congestion) at or above which a forecast is an alarm (default 0.5)
  --out FILE            also write the report to FILE`,
  async run(argv) {
    const { values } = parseFlags(argv, {
      venue: { type: 'string' }, readings: { type: 'string' }, 'ground-truth': { type: 'string' }, scenario: { type: 'string' },
      horizon: { type: 'string' }, every: { type: 'string' }, warmup: { type: 'string' }, 'alarm-p': { type: 'string' }, out: { type: 'string' },
    }, false);
    if (values.help) { console.log(this.usage); return 0; }
    if (!values.venue || !values.readings) { console.error('usage: crowdflow backtest --venue FILE --readings FILE [options] (see --help)'); return 2; }
    try {
      const venue = loadVenueFile(values.venue);
      const horizonMin = parseHorizonMin(values.horizon ?? '10m');
      const alarmP = values['alarm-p'] === undefined ? 0.5 : Number(values['alarm-p']);
      const counts: ReadCounts = { lines: 0, invalid: 0 };
      const firstTs = await firstReadingTs(values.readings);
      const physics = physicsOptions(venue, values.scenario, firstTs ?? 0);
      const models: Forecaster[] = [
        createLastValueForecaster(venue), createLinearTrendForecaster(venue), createDampedHoltForecaster(venue),
        createTimeOfDayForecaster(venue), createPhysicsForecaster(venue, physics),
      ];
      // Streamed: neither file is held in memory (a 4 h run's readings are over a gigabyte).
      const report = await runBacktestStream({
        venue, readings: readRunReadings(values.readings, counts),
        groundTruth: values['ground-truth'] ? readRunGroundTruth(values['ground-truth']) : undefined, models, horizonMin, alarmP,
        forecastEveryS: intFlag('every', values.every, 30, 1, 3600), warmupS: intFlag('warmup', values.warmup, 300, 0, 86_400),
      });
      const text = JSON.stringify({ ...report, invalidReadings: counts.invalid, scenario: values.scenario ?? null }, null, 2);
      if (values.out) writeFileSync(values.out, text + '\n');
      console.log(text);
      return 0;
    } catch (e) {
      if (e instanceof CrowdflowError || e instanceof VenueError || e instanceof ScenarioError) { console.error(e.message); return 1; }
      throw e;
    }
  },
};

/** "10m", "600s" or "10" (minutes) → whole minutes in [1, 10]. */
export function parseHorizonMin(text: string): number {
  const m = /^(\d+)(m|s)?$/.exec(text.trim());
  const min = m ? (m[2] === 's' ? Number(m[1]) / 60 : Number(m[1])) : NaN;
  if (!Number.isInteger(min) || min < 1 || min > 10) throw new CrowdflowError('CF_ERR_RANGE', `--horizon ${text} not a whole number of minutes in [1m, 10m] (e.g. 10m or 600s)`);
  return min;
}

function physicsOptions(venue: Venue, scenarioFile: string | undefined, firstTs: number): PhysicsOptions {
  if (!scenarioFile) return { originMs: firstTs };
  const s = loadScenarioFile(scenarioFile, venue);
  return {
    originMs: s.startAt ? Date.parse(s.startAt) : SCENARIO_DEFAULT_START_MS,
    schedule: s.schedule.map((x) => ({ stage: x.stage, startS: x.startS, endS: x.endS })),
    arrivals: s.demand.map((d) => ({ gate: d.gate, count: d.count, curve: d.curve.map(([t, f]) => [t, f] as const) })),
    leaveSpreadS: Math.max(10, s.reactionSpreadS),
  };
}

/** Event time of the first valid reading (t = 0 for the physics model when no scenario says). */
async function firstReadingTs(file: string): Promise<number | null> {
  for await (const r of readRunReadings(file)) return r.ts;
  return null;
}
