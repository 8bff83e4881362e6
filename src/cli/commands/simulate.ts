/**
 * `crowdflow simulate`: runs a scenario and writes what happened (ground truth per zone per
 * second), what the venue's sensors would have reported (readings) and a summary; optionally a
 * self-contained HTML replay.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { startSimFeedWorker } from '../../runtime/sim-feed.ts';
import { CrowdflowError, type EpochMs } from '../../contracts/index.ts';
import { createVirtualSensors } from '../../sensors/index.ts';
import { createSimulation, loadScenarioFile, scenarioStartMs, ScenarioError } from '../../sim/index.ts';
import { replayFrame, replayPage, type ReplayFrame } from '../../sim/replay-page.ts';
import { loadVenueFile, VenueError } from '../../venue/index.ts';
import { intFlag, parseFlags } from '../args.ts';
import type { Command } from '../command.ts';
import { JsonlWriter } from '../jsonl-writer.ts';

const MAX_REPLAY_FRAMES = 900;
const MAX_REPLAY_AGENTS = 4000;

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'run a crowd simulation scenario and write ground truth, sensor readings and a summary',
  usage: `crowdflow simulate --scenario FILE --out DIR [options]

Runs a crowdflow.scenario/v1 over its venue and writes
  DIR/ground-truth.jsonl  per second: each zone's occupancy, density, mean speed, and the
                          cumulative crossings of every passage and gate
  DIR/readings.jsonl      what the venue's sensors would send (crowdflow.reading/v1), with the
                          scenario's noise, bias, latency and dropout
  DIR/summary.json        run figures, exit times per agent group, gate queues, peak densities
  DIR/replay.html         with --html: a self-contained replay page

Options:
  --scenario FILE   the scenario (required)
  --venue FILE      the venue (default: the scenario's \`venue\`, relative to the scenario)
  --out DIR         output directory (required; created)
  --duration S      simulated seconds (default: the scenario's durationS)
  --seed N          random seed (default: the scenario's seed)
  --dt S            time step in seconds, in [0.005, 0.1] (default: the scenario's dtS)
  --html            also write replay.html
  --quiet           no progress bar
  --live            instead of writing files, feed a running crowdflow over MQTT in real time:
                    its virtual sensors publish with their own keys, exactly as real ones
    --mqtt URL        the server's broker (default mqtt://127.0.0.1:1883)
    --keys FILE       the server's sensor-keys.json (written in its data dir on first start)
                    Real time only: a server checks event times against its own clock, so an
                    accelerated night is \`crowdflow start --speed N\`, where the server follows
                    the simulation's clock.`,
  async run(argv) {
    const { values } = parseFlags(argv, {
      scenario: { type: 'string' }, venue: { type: 'string' }, out: { type: 'string' },
      duration: { type: 'string' }, seed: { type: 'string' }, dt: { type: 'string' },
      html: { type: 'boolean' }, quiet: { type: 'boolean' }, live: { type: 'boolean' },
      mqtt: { type: 'string' }, keys: { type: 'string' },
    }, false);
    if (values.help) { console.log(this.usage); return 0; }
    if (values.live) {
      if (!values.scenario || !values.keys) {
        console.error('usage: crowdflow simulate --live --scenario FILE --keys sensor-keys.json [--mqtt URL] [--seed N]');
        return 2;
      }
      return runLive({ scenarioFile: values.scenario, venueFile: values.venue, keysFile: values.keys, mqttUrl: values.mqtt ?? 'mqtt://127.0.0.1:1883', seed: values.seed });
    }
    if (!values.scenario || !values.out) {
      console.error('usage: crowdflow simulate --scenario FILE --out DIR [--duration S] [--seed N] [--html]');
      return 2;
    }
    try {
      return runSimulation({
        scenarioFile: values.scenario, venueFile: values.venue, outDir: values.out,
        duration: values.duration, seed: values.seed, dt: values.dt, html: values.html === true, quiet: values.quiet === true,
      });
    } catch (e) {
      if (e instanceof ScenarioError || e instanceof VenueError || e instanceof CrowdflowError) {
        console.error(e.message);
        return 1;
      }
      throw e;
    }
  },
};

interface RunArgs {
  scenarioFile: string; venueFile: string | undefined; outDir: string;
  duration: string | undefined; seed: string | undefined; dt: string | undefined; html: boolean; quiet: boolean;
}

function runSimulation(a: RunArgs): number {
  // Peek at the scenario's venue path before the venue-checked load.
  const venueFile = a.venueFile ?? venuePathOf(a.scenarioFile);
  const venue = loadVenueFile(venueFile);
  const scenario = loadScenarioFile(a.scenarioFile, venue);
  const durationS = a.duration === undefined ? scenario.durationS : intFlag('duration', a.duration, 0, 1, 30 * 86_400);
  const seed = intFlag('seed', a.seed, scenario.seed, 0, 2 ** 31 - 1);
  const dtS = a.dt === undefined ? scenario.dtS : Number(a.dt);
  const wallStart = performance.now();
  const sim = createSimulation(venue, scenario, { seed, dtS });
  const setupS = (performance.now() - wallStart) / 1000;
  const startMs = scenarioStartMs(scenario);
  const sensors = createVirtualSensors(venue, sim, { ...scenario.sensors, seed: seed ^ 0x5eed, startEpochMs: startMs });
  mkdirSync(a.outDir, { recursive: true });
  const truthOut = new JsonlWriter(join(a.outDir, 'ground-truth.jsonl'));
  const readingsOut = new JsonlWriter(join(a.outDir, 'readings.jsonl'));
  const frames: ReplayFrame[] = [];
  const frameEveryS = Math.max(1, Math.ceil(durationS / MAX_REPLAY_FRAMES));
  const progress = new Progress(durationS, a.quiet || !process.stderr.isTTY);
  let agentSteps = 0;
  let peakRssBytes = 0;
  const runStart = performance.now();
  let positions = new Float32Array(0);
  for (let t = 1; t <= durationS; t++) {
    while (sim.timeS < t - sim.dtS / 2) {
      agentSteps += sim.agentCount;
      sim.step();
    }
    const ts = startMs + t * 1000;
    truthOut.write({
      tS: t,
      ts,
      agents: sim.agentCount,
      zones: sim.zoneTruth().map((z) => ({
        zoneId: z.zoneId, occupancy: z.occupancy, densityPpsm: round3(z.densityPpsm), meanSpeedMps: round3(z.meanSpeedMps),
      })),
      crossings: sim.crossings(),
    });
    for (const r of sensors.read(ts as EpochMs)) readingsOut.write(r);
    if (a.html && (t - 1) % frameEveryS === 0) {
      if (positions.length < 2 * sim.agentCount) positions = new Float32Array(4 * sim.agentCount);
      frames.push(replayFrame(t, sim.positions(positions), MAX_REPLAY_AGENTS));
    }
    if (t % 60 === 0) peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss);
    progress.update(t, sim.agentCount);
  }
  progress.done();
  truthOut.close();
  readingsOut.close();
  const runS = (performance.now() - runStart) / 1000;
  const summary = {
    ...sim.summary(),
    run: {
      scenarioFile: a.scenarioFile,
      venueFile,
      setupS: round3(setupS),
      wallClockS: round3(runS),
      realTimeFactor: round3(durationS / runS),
      agentStepsPerS: Math.round(agentSteps / runS),
      peakRssMb: Math.round(Math.max(peakRssBytes, process.memoryUsage().rss) / 1e6),
      groundTruthLines: truthOut.lines,
      readings: readingsOut.lines,
    },
  };
  writeFileSync(join(a.outDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  if (a.html) writeFileSync(join(a.outDir, 'replay.html'), replayPage(venue, frames, `${scenario.name ?? scenario.id} — crowdflow replay`));
  console.log(`${scenario.id}: ${durationS} s simulated in ${runS.toFixed(1)} s (${(durationS / runS).toFixed(1)}× real time), `
    + `${summary.agentsSpawned} agents, ${summary.agentsExited} exited; wrote ${a.outDir}/ground-truth.jsonl, readings.jsonl, summary.json${a.html ? ', replay.html' : ''}`);
  return 0;
}

function venuePathOf(scenarioFile: string): string {
  const text = readScenarioVenueField(scenarioFile);
  if (!text) throw new CrowdflowError('CF_ERR_SCENARIO', `${scenarioFile}: no \`venue\` field; pass --venue FILE`);
  return resolve(dirname(scenarioFile), text);
}

function readScenarioVenueField(file: string): string | undefined {
  // The venue path is needed before the scenario can be checked against the venue.
  const m = /^venue:\s*["']?([^"'\n#]+?)["']?\s*(#.*)?$/m.exec(readText(file));
  return m?.[1];
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new CrowdflowError('CF_ERR_SCENARIO', `${file}: cannot read (${(e as Error).message})`);
  }
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

/** A one-line progress bar on stderr, redrawn at most 10 times a second. */
class Progress {
  private lastDraw = 0;
  private readonly started = performance.now();

  constructor(private readonly total: number, private readonly silent: boolean) {}

  update(t: number, agents: number): void {
    if (this.silent) return;
    const now = performance.now();
    if (now - this.lastDraw < 100 && t < this.total) return;
    this.lastDraw = now;
    const width = 30, done = Math.round((t / this.total) * width);
    const rtf = t / ((now - this.started) / 1000);
    process.stderr.write(`\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${t}/${this.total} s  ${agents} agents  ${rtf.toFixed(1)}× real time `);
  }

  done(): void {
    if (!this.silent) process.stderr.write('\n');
  }
}

/** `--live`: the simulator feed worker against an external server, in real time, until the scenario ends or Ctrl+C. */
async function runLive(a: { scenarioFile: string; venueFile: string | undefined; keysFile: string; mqttUrl: string; seed: string | undefined }): Promise<number> {
  const venueFile = a.venueFile ?? venuePathOf(a.scenarioFile);
  const venue = loadVenueFile(venueFile);
  const scenario = loadScenarioFile(a.scenarioFile, venue);
  const keys = JSON.parse(readText(a.keysFile)) as Record<string, string>;
  const missing = venue.sensors.filter((s) => keys[s.id] === undefined).map((s) => s.id);
  if (missing.length > 0) {
    console.error(`${a.keysFile} has no key for ${missing.length} sensor(s) of ${venue.id}: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`);
    return 1;
  }
  const start = Date.now();
  let failed: string | null = null;
  const feed = startSimFeedWorker({
    venueFile, scenarioFile: a.scenarioFile, mqttUrl: a.mqttUrl, keys, speed: 1,
    seed: a.seed === undefined ? scenario.seed : Number(a.seed), startEpochMs: start, wallStartMs: start,
  }, { onError: (m) => { failed = m; } });
  console.log(`feeding ${a.mqttUrl} from ${a.scenarioFile} in real time (${scenario.durationS} s); Ctrl+C stops`);
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const st = feed.status();
      if (st) process.stdout.write(`\r  t = ${Math.floor(st.tS)} s, ${st.agents} agents, ${st.published} readings published   `);
      if (failed !== null || st?.done) done();
    }, 1000);
    const done = (): void => {
      clearInterval(timer);
      process.off('SIGINT', done);
      resolve();
    };
    process.on('SIGINT', done);
  });
  await feed.stop();
  process.stdout.write('\n');
  if (failed !== null) {
    console.error(failed);
    return 1;
  }
  return 0;
}
