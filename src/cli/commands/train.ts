/**
 * `crowdflow train`: replays simulator runs through the stream processor (the backtest's path),
 * builds the learned forecaster's samples, trains it and writes the versioned artifact. This file
 * does the I/O (run dirs, feature cache, artifact); the replay, features and training are pure
 * (src/forecast). TF.js is loaded only when this command runs.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CrowdflowError } from '../../contracts/index.ts';
import { createRunRecorder, decodeRunSamples, encodeRunSamples, FEATURE_COUNT, PHYSICS_MODEL_VERSION, replayStates, scenarioForecastInputs, type RunSamples } from '../../forecast/index.ts';
import { loadScenarioFile, parseScenario, scenarioStartMs, ScenarioError } from '../../sim/index.ts';
import { loadVenueFile, VenueError, type Venue } from '../../venue/index.ts';
import { intFlag, parseFlags } from '../args.ts';
import type { Command } from '../command.ts';
import { generateRuns, planRuns, readRunReadings, readRunScenario, runFiles, type RunFiles } from '../training-runs.ts';

/** Semantic version of the artifacts this command writes (the weights' hash is appended). */
const MODEL_SEMVER = '1.0.0';

export const trainCommand: Command = {
  name: 'train',
  summary: 'train the learned forecaster on simulator runs and write its versioned artifact',
  usage: `crowdflow train --runs DIR... --out FILE [options]
       crowdflow train --generate N [--gen-seed S] [--gen-out DIR] [--pair VENUE:SCENARIO]... --out FILE [options]

Replays each run directory (readings.jsonl, scenario.json as generateRuns writes them; see
crowdflow simulate --out) through the stream processor, builds the learned forecaster's features
every --every seconds after --warmup, labels them with the replayed occupancy 1..10 min later and
the backtest's congestion onsets, trains the net (validation split by run, early stopping) and
writes the artifact (weights, features, normalisation, config, runs, validation metrics). Prints a
JSON summary. Definitions: docs/FORECAST.md.

Options:
  --runs DIR...         run directories (repeat the flag or list them after it)
  --generate N          first simulate N runs (generateRuns: variants of the base scenarios, one at a
                        time; existing runs are kept) and train on them with any --runs
  --gen-seed S          variant seeds (default 1)
  --gen-out DIR         where generated runs go (default data/train)
  --pair V:S            a training venue and its base scenario (repeatable; default the three training
                        venues, venues/{riverside-festival,harbour-stadium,canal-arena}.yaml with
                        scenarios/training/<venue>.yaml; never the held-out pilot arena)
  --max-duration S      longest generated run, s (default 5400)
  --out FILE            the artifact to write (e.g. models/forecast/learned-v1.json) (required)
  --venue FILE          the venue of every run (default: venues/<venueId>.yaml from the run's summary.json)
  --scenario FILE       the scenario of runs without scenario.json (schedule, arrival curves, startAt)
  --validation ID,...   run ids to validate on (default: a seeded quarter of the runs); an id is
                        the run dir's last two path parts, e.g. harbour-stadium/v3
  --epochs N            at most N epochs (default 40; early stopping after --patience)
  --patience N          epochs without validation improvement before stopping (default 5)
  --hidden W,W          hidden layer widths (default 64,64)
  --members N           nets in the ensemble, outputs averaged (default 3)
  --seed S              initial weights, shuffles and split (default 1)
  --every S             seconds between samples (default 30, as the backtest forecasts)
  --warmup S            seconds replayed before the first sample (default 300)
  --precision P         alarm precision the operating point must reach on validation (default 0.85)
  --backend B           wasm (default) or cpu
  --cache DIR           keep each run's samples in DIR and reuse them (replay is the slow part)
  --disable-features F,...  features the net does not see (normalised to 0 in training and serving),
                        e.g. confidence,degraded,stale_source_share: they describe a venue's sensing`,
  async run(argv) {
    const { values, positionals } = parseFlags(argv, {
      runs: { type: 'string', multiple: true }, out: { type: 'string' }, venue: { type: 'string' }, scenario: { type: 'string' }, validation: { type: 'string' },
      epochs: { type: 'string' }, patience: { type: 'string' }, members: { type: 'string' }, hidden: { type: 'string' }, seed: { type: 'string' },
      every: { type: 'string' }, warmup: { type: 'string' }, precision: { type: 'string' }, backend: { type: 'string' }, cache: { type: 'string' },
      generate: { type: 'string' }, 'gen-seed': { type: 'string' }, 'gen-out': { type: 'string' }, pair: { type: 'string', multiple: true },
      'max-duration': { type: 'string' }, 'disable-features': { type: 'string' },
    }, true);
    if (values.help) { console.log(this.usage); return 0; }
    const dirs = [...(values.runs ?? []), ...positionals];
    if ((dirs.length === 0 && values.generate === undefined) || !values.out) { console.error('usage: crowdflow train --runs DIR... --out FILE [options] (see --help)'); return 2; }
    try {
      if (values.generate !== undefined) dirs.push(...await generate(values));
      const { trainLearnedModel, DEFAULT_TRAIN_CONFIG } = await import('../../forecast/learned/train.ts');
      const backend = values.backend ?? 'wasm';
      if (backend !== 'wasm' && backend !== 'cpu') throw new CrowdflowError('CF_ERR_CONFIG', `--backend ${backend}: expected wasm or cpu`);
      const precision = values.precision === undefined ? DEFAULT_TRAIN_CONFIG.targetPrecision : Number(values.precision);
      if (!(precision > 0 && precision < 1)) throw new CrowdflowError('CF_ERR_RANGE', `--precision ${values.precision} not in (0, 1)`);
      const hidden = values.hidden === undefined ? DEFAULT_TRAIN_CONFIG.hidden : values.hidden.split(',').map((w) => intFlag('hidden', w, 64, 1, 512));
      const cfg = {
        ...DEFAULT_TRAIN_CONFIG, hidden, backend: backend as 'wasm' | 'cpu', targetPrecision: precision,
        epochs: intFlag('epochs', values.epochs, DEFAULT_TRAIN_CONFIG.epochs, 1, 1000),
        members: intFlag('members', values.members, DEFAULT_TRAIN_CONFIG.members, 1, 16),
        patience: intFlag('patience', values.patience, DEFAULT_TRAIN_CONFIG.patience, 1, 100),
        seed: intFlag('seed', values.seed, DEFAULT_TRAIN_CONFIG.seed, 0, 2 ** 31 - 1),
        ...(values.validation ? { validationRuns: values.validation.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
        ...(values['disable-features'] ? { disabledFeatures: values['disable-features'].split(',').map((s) => s.trim()).filter(Boolean) } : {}),
      };
      const sampling = { sampleEveryS: intFlag('every', values.every, 30, 1, 3600), warmupS: intFlag('warmup', values.warmup, 300, 0, 86_400) };
      const started = performance.now();
      const runs: RunSamples[] = [];
      for (const dir of dirs) runs.push(await runSamples(dir, { venueFile: values.venue, scenarioFile: values.scenario }, sampling, values.cache));
      const { artifact, epochLog } = await trainLearnedModel(runs, cfg, {
        name: basename(values.out).replace(/\.json$/, ''), semver: MODEL_SEMVER, createdAt: new Date().toISOString(),
      }, (line) => console.error(line));
      mkdirSync(dirname(resolve(values.out)), { recursive: true });
      const text = JSON.stringify(artifact, null, 1) + '\n';
      writeFileSync(values.out, text);
      console.log(JSON.stringify({
        out: values.out, bytes: text.length, version: artifact.version, runs: artifact.trainingRuns, metrics: artifact.metrics,
        epochs: epochLog, seconds: Math.round((performance.now() - started) / 1000),
      }, null, 2));
      return 0;
    } catch (e) {
      if (e instanceof CrowdflowError || e instanceof VenueError || e instanceof ScenarioError) { console.error(e.message); return 1; }
      throw e;
    }
  },
};

async function generate(values: { generate?: string; 'gen-seed'?: string; 'gen-out'?: string; pair?: string[]; 'max-duration'?: string }): Promise<string[]> {
  const count = intFlag('generate', values.generate, 0, 1, 1000);
  const pairs = (values.pair ?? DEFAULT_PAIRS).map((p) => {
    const [venueFile, scenarioFile] = p.split(':');
    if (!venueFile || !scenarioFile) throw new CrowdflowError('CF_ERR_CONFIG', `--pair ${p}: expected VENUE_FILE:SCENARIO_FILE`);
    return { venueFile, scenarioFile };
  });
  const runs = await generateRuns({
    plans: planRuns(pairs, count, intFlag('gen-seed', values['gen-seed'], 1, 0, 2 ** 31 - 1)),
    outDir: values['gen-out'] ?? join('data', 'train'),
    maxDurationS: intFlag('max-duration', values['max-duration'], 5400, 60, 86_400),
    log: (line) => console.error(line),
  });
  return runs.map((r) => r.dir);
}

const DEFAULT_PAIRS = ['riverside-festival', 'harbour-stadium', 'canal-arena'].map((v) => `venues/${v}.yaml:scenarios/training/${v}.yaml`);

/**
 * The code that makes a run's samples (stream, forecast, venue, contracts; tests left out) as a
 * short hash. The samples hold fused states' features and physics paths: a cache written by other
 * code must not be read, and a version constant is only as good as the memory of whoever changes
 * the paths. Null where the sources are not beside this file (a bundled build): the cache is then
 * keyed by the physics version and the feature count alone.
 */
let codeHash: string | null | undefined;
function sampleCodeHash(): string | null {
  if (codeHash !== undefined) return codeHash;
  const src = fileURLToPath(new URL('../../', import.meta.url));
  const hash = createHash('sha256');
  try {
    for (const dir of ['stream', 'forecast', 'venue', 'contracts']) {
      const files = readdirSync(join(src, dir), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort();
      for (const f of files) hash.update(`${dir}/${f}\0`).update(readFileSync(join(src, dir, f)));
    }
  } catch {
    return (codeHash = null);
  }
  return (codeHash = hash.digest('hex').slice(0, 10));
}

/**
 * What identifies a run's data, beyond its id: its readings' size and modification time, and the
 * text of its summary and scenario. A run regenerated under the same id must not be read from a
 * cache of the old one; hashing gigabytes of readings would cost what the cache saves, and a
 * touched file only costs a replay.
 */
function runFingerprint(files: RunFiles): string {
  const st = statSync(files.readings);
  const hash = createHash('sha256').update(`${st.size}:${st.mtimeMs}`);
  for (const f of [files.summary, files.scenario]) hash.update('\0').update(f ? readFileSync(f) : '');
  return hash.digest('hex').slice(0, 10);
}

/** A run's cache file name. The samples hold features and physics paths: a cache made by other code, or of other data, must not be read. */
function cacheName(runId: string, files: RunFiles, sampling: { sampleEveryS: number; warmupS: number }): string {
  const code = sampleCodeHash();
  return `${runId.replace(/[^A-Za-z0-9_.-]/g, '_')}.${runFingerprint(files)}.every${sampling.sampleEveryS}.warmup${sampling.warmupS}.${PHYSICS_MODEL_VERSION}.f${FEATURE_COUNT}${code ? `.${code}` : ''}.json`;
}

/** A run's samples: from the cache when there, else replayed (and cached). */
async function runSamples(dir: string, given: { venueFile?: string | undefined; scenarioFile?: string | undefined }, sampling: { sampleEveryS: number; warmupS: number }, cacheDir: string | undefined): Promise<RunSamples> {
  const runId = runIdOf(dir);
  const files = runFiles(dir);
  const cacheFile = cacheDir ? join(cacheDir, cacheName(runId, files, sampling)) : null;
  if (cacheFile && existsSync(cacheFile)) {
    const cached = decodeRunSamples(JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, unknown>);
    if (cached) { console.error(`${runId}: ${cached.rows} samples from ${cacheFile}`); return { ...cached, runId }; }
  }
  const venue = venueOf(files.summary, given.venueFile);
  const scenarioJson = readRunScenario(dir);
  const scenario = scenarioJson !== null ? parseScenario(scenarioJson as object, venue, join(dir, 'scenario.json'))
    : given.scenarioFile ? loadScenarioFile(given.scenarioFile, venue) : null;
  const started = performance.now();
  let recorder: ReturnType<typeof createRunRecorder> | null = null;
  await replayStates(venue, readRunReadings(files.readings), (states, ts) => {
    recorder ??= createRunRecorder(venue, { ...(scenario ? scenarioForecastInputs(scenario, scenarioStartMs(scenario)) : { originMs: ts }), runId, ...sampling });
    recorder.observe(states, ts);
  });
  if (recorder === null) throw new CrowdflowError('CF_ERR_CONFIG', `${dir}: no readings to replay`);
  const samples = (recorder as ReturnType<typeof createRunRecorder>).finish();
  console.error(`${runId}: ${samples.rows} samples, ${samples.onsets.length} onsets (replayed in ${Math.round((performance.now() - started) / 1000)} s)`);
  if (cacheFile) { mkdirSync(cacheDir!, { recursive: true }); writeFileSync(cacheFile, JSON.stringify(encodeRunSamples(samples))); }
  return samples;
}

/** "…/harbour-stadium/v3" → "harbour-stadium/v3". */
function runIdOf(dir: string): string {
  const parts = resolve(dir).split(/[\\/]/).filter(Boolean);
  return parts.slice(-2).join('/');
}

function venueOf(summaryFile: string | null, venueFile: string | undefined): Venue {
  if (venueFile) return loadVenueFile(venueFile);
  const summary = summaryFile ? JSON.parse(readFileSync(summaryFile, 'utf8')) as { venueId?: string; venueFile?: string } : {};
  const file = summary.venueFile ?? (summary.venueId ? join('venues', `${summary.venueId}.yaml`) : null);
  if (!file || !existsSync(file)) throw new CrowdflowError('CF_ERR_NOT_FOUND', `run venue not found (${file ?? 'no summary.json'}); pass --venue FILE`);
  return loadVenueFile(file);
}

