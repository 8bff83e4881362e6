/**
 * Simulator benchmark on the pilot arena (`npm run bench:sim [-- --seconds S] [-- --skip-100k]`).
 * Prints agent-steps per second, the real-time factor and peak memory for three phases of the
 * full event at the default dt, started warm (the venue already full, as at showtime) so that the
 * figures are for the stated crowd sizes:
 *   show   — 20,000 watching the main stage, measured after a 60 s warm-up (most have reached the
 *            stage and settled, some walk to bars and toilets)
 *   switch — the second show starts on the side stage: 20,000 cross the floor
 *   egress — 20,000 leave by the nearest gate
 * and the switch phase with 100,000 people on the pilot arena scaled ×√5 in length (×5 in area).
 * `--full-event [--until S]` instead runs the shipped full event (scenarios/pilot-full-event.yaml:
 * ingress, two shows, interval, egress; 15,000 people) from t = 0 to S (default: its end) and
 * prints the real-time factor per 600 s segment and over the whole; with `--zones` also each
 * floor, tunnel and concourse zone's occupancy / density / mean speed at the segment's end, and
 * with `--reroute S` and `--lanes none|right|left` the scenario's routing overridden and with
 * `--demand-scale K` every demand count multiplied by K (to compare).
 * Targets (one core, default dt): 20,000 agents ≥ 10× real time; 100,000 agents ≥ 1×.
 */
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { createSimulation, DEFAULT_DT_S, DEFAULT_OPERATIONAL, parseScenario, World, type AgentView, type OperationalParams, type ZoneTruth } from '../src/sim/index.ts';
import { loadVenueFile, parseVenue, type Venue } from '../src/venue/index.ts';

const args = process.argv.slice(2);
const seconds = Number(args[args.indexOf('--seconds') + 1] ?? 60) || 60;
const skip100k = args.includes('--skip-100k');
const opt = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
/** `--only show,switch,egress,100k`: run only these phases (default all). */
const only = new Set((opt('--only') ?? 'show,switch,egress,100k').split(','));
/** `--warmup S`: overrides the show's 60 s warm-up (short fixed runs for profiling). */
const warmupOverride = opt('--warmup') !== undefined ? Number(opt('--warmup')) : undefined;
/** `--checksum`: prints a hash of the final positions (to check that an optimisation changed no result). */
const checksum = args.includes('--checksum');
/** `--full-event [--until S]`: the shipped full event from t = 0 instead of the phases. */
const fullEvent = args.includes('--full-event');
const untilS = opt('--until') !== undefined ? Number(opt('--until')) : undefined;
const showZones = args.includes('--zones');
const rerouteS = opt('--reroute') !== undefined ? Number(opt('--reroute')) : undefined;
const lanesOpt = opt('--lanes');
const demandScale = opt('--demand-scale') !== undefined ? Number(opt('--demand-scale')) : 1;
/** `--model JSON`: operational-model overrides for the phases, e.g. '{"stepAround":false}' (what a behaviour costs). */
const modelOverrides = opt('--model') !== undefined ? parseModelOverrides(opt('--model')!) : undefined;
function parseModelOverrides(text: string): Partial<OperationalParams> {
  const o = JSON.parse(text) as unknown;
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new Error(`--model: expected a JSON object of operational-model parameters, got ${text}`);
  // Ranges are checked by the simulation (checkOperationalParams); a misspelt name would be ignored there.
  const unknown = Object.keys(o).filter((k) => !(k in DEFAULT_OPERATIONAL));
  if (unknown.length > 0) throw new Error(`--model: ${unknown.join(', ')} not operational-model parameters (expected some of ${Object.keys(DEFAULT_OPERATIONAL).join(', ')})`);
  return o as Partial<OperationalParams>;
}
let peakRss = 0;
const sampleMemory = (): void => { peakRss = Math.max(peakRss, process.memoryUsage().rss); };

/** The pilot arena with every coordinate multiplied by `k` and capacities by k². */
function scaledPilot(k: number): Venue {
  const spec = parse(readFileSync('venues/pilot-arena.yaml', 'utf8')) as Record<string, unknown>;
  const scale = (v: unknown): unknown => (typeof v === 'number' ? v * k : Array.isArray(v) ? v.map(scale) : v);
  const withScaled = (items: unknown, keys: string[]): unknown => (items as Record<string, unknown>[]).map((o) => {
    const out = { ...o };
    for (const key of keys) if (key in out) out[key] = scale(out[key]);
    if (typeof out.capacity === 'number') out.capacity = Math.round(out.capacity * k * k);
    return out;
  });
  spec.id = `pilot-arena-x${(k * k).toFixed(0)}`;
  spec.capacity = Math.round((spec.capacity as number) * k * k);
  spec.zones = withScaled(spec.zones, ['polygon']);
  spec.passages = withScaled(spec.passages, ['opening']);
  spec.gates = withScaled(spec.gates, ['opening']);
  spec.stages = withScaled(spec.stages, ['position']);
  spec.facilities = withScaled(spec.facilities, ['position']);
  spec.walls = scale(spec.walls);
  spec.sensors = withScaled(spec.sensors, ['coverage']);
  return parseVenue(stringify(spec), `pilot-arena ×${(k * k).toFixed(0)}`);
}

/** Initial population spread over the floor and concourses in proportion to zone capacity. */
function population(venue: Venue, total: number): { zone: string; count: number }[] {
  const zones = venue.zones.filter((z) => ['standing', 'stage_front', 'concourse', 'facility'].includes(z.type));
  const cap = zones.reduce((t, z) => t + z.capacity, 0);
  const out = zones.map((z) => ({ zone: z.id as string, count: Math.floor((total * z.capacity) / cap) }));
  out[0]!.count += total - out.reduce((t, p) => t + p.count, 0);
  return out;
}

type Phase = 'show' | 'switch' | 'egress';

function scenarioFor(venue: Venue, total: number, phase: Phase): Record<string, unknown> {
  const schedule = phase === 'show' ? [{ stage: 'main-stage', startS: 0, endS: 3600 }]
    : phase === 'switch' ? [{ stage: 'main-stage', startS: 0, endS: 5 }, { stage: 'side-stage', startS: 5, endS: 3600 }]
      : [{ stage: 'main-stage', startS: 0, endS: 5 }];
  return {
    schema: 'crowdflow.scenario/v1', id: `bench-${phase}-${total}`, durationS: 3600, seed: 42, dtS: DEFAULT_DT_S,
    agents: { vulnerableShare: 0.03, radiusM: [0.16, 0.2], comfortGapM: [0.05, 0.5] },
    initial: population(venue, total).map((p) => ({ ...p, group: 'audience' })),
    schedule,
    reactionSpreadS: 30,
    egress: { strategy: 'nearest', spreadS: 30 },
    routing: { cellM: 0.5 },
  };
}

function runPhase(venue: Venue, world: World, total: number, phase: Phase): void {
  const t0 = performance.now();
  const sim = createSimulation(venue, parseScenario(scenarioFor(venue, total, phase), venue), { world, ...(modelOverrides ? { model: modelOverrides } : {}) });
  const setupS = (performance.now() - t0) / 1000;
  // A show is measured in its steady state: the audience has reached the stage and settled.
  const warmupS = warmupOverride ?? (phase === 'show' ? 60 : 0);
  sim.advanceTo(warmupS);
  let agentSteps = 0;
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  while (sim.timeS < warmupS + seconds - 1e-9) {
    agentSteps += sim.agentCount;
    sim.step();
    if (sim.timeS % 1 < sim.dtS / 2) sampleMemory();
  }
  const wallS = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  sampleMemory();
  const meanAgents = agentSteps / Math.round(seconds / sim.dtS);
  console.log([
    `${phase.padEnd(6)} ${String(total).padStart(6)} agents (mean ${Math.round(meanAgents)})`,
    `${(agentSteps / wallS / 1e6).toFixed(2)} M agent-steps/s`,
    `${(seconds / wallS).toFixed(2)}× real time`,
    // CPU time of this process: less sensitive than the wall clock to other work on the machine.
    `${(seconds / cpuS).toFixed(2)}× per CPU-second`,
    `setup ${setupS.toFixed(1)} s`,
    `peak RSS ${(peakRss / 1e6).toFixed(0)} MB`,
    ...(checksum ? [`positions ${positionHash(sim.agents())}`] : []),
  ].join(' | '));
}

/** FNV-1a over the bytes of ids and positions: equal hashes mean (almost surely) identical runs. */
function positionHash(v: AgentView): string {
  let h = 0x811c9dc5;
  for (const a of [v.id, v.x, v.y]) {
    const bytes = new Uint8Array(a.buffer, a.byteOffset, v.count * a.BYTES_PER_ELEMENT);
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** Occupancy / density (p/m²) / mean speed (m/s) of the floor, tunnel and concourse zones. */
function zoneLine(venue: Venue, truth: readonly ZoneTruth[]): string {
  const shown = new Set(venue.zones.filter((z) => ['standing', 'stage_front', 'corridor', 'concourse'].includes(z.type)).map((z) => z.id as string));
  return truth.filter((t) => shown.has(t.zoneId)).map((t) => `${t.zoneId} ${t.occupancy}/${t.densityPpsm.toFixed(1)}/${(t.meanSpeedMps ?? 0).toFixed(2)}`).join(', ');
}

/** The shipped full event from t = 0: real-time factor per 600 s of simulated time and overall. */
function runFullEvent(): void {
  const SEGMENT_S = 600;
  const venue = loadVenueFile('venues/pilot-arena.yaml');
  const file = 'scenarios/pilot-full-event.yaml';
  const spec = parse(readFileSync(file, 'utf8')) as { routing?: object; demand?: { count: number }[] };
  spec.routing = { ...spec.routing, ...(rerouteS !== undefined ? { rerouteEveryS: rerouteS } : {}), ...(lanesOpt ? { lanes: lanesOpt } : {}) };
  spec.demand = spec.demand?.map((d) => ({ ...d, count: Math.round(d.count * demandScale) }));
  const scenario = parseScenario(spec, venue, file);
  const endS = Math.min(untilS ?? scenario.durationS, scenario.durationS);
  const t0 = performance.now();
  const sim = createSimulation(venue, scenario);
  console.log(`bench:sim --full-event — ${scenario.id}, 0–${endS} s of ${scenario.durationS} s, dt ${sim.dtS} s, rerouting every ${scenario.routing.rerouteEveryS} s, lanes ${scenario.routing.lanes}, demand ×${demandScale}, one thread; setup ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  let totalWallS = 0, totalCpuS = 0, totalAgentSteps = 0;
  for (let from = 0; from < endS - 1e-9; from += SEGMENT_S) {
    const to = Math.min(endS, from + SEGMENT_S);
    let agentSteps = 0, steps = 0, most = 0;
    const start = performance.now();
    const cpu0 = process.cpuUsage();
    while (sim.timeS < to - sim.dtS / 2) {
      agentSteps += sim.agentCount;
      most = Math.max(most, sim.agentCount);
      steps++;
      sim.step();
      if (steps % 20 === 0) sampleMemory();
    }
    const wallS = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuS = (cpu.user + cpu.system) / 1e6;
    totalWallS += wallS; totalCpuS += cpuS; totalAgentSteps += agentSteps;
    console.log([
      `${String(from).padStart(5)}–${String(to).padStart(5)} s`,
      `agents mean ${String(Math.round(agentSteps / Math.max(1, steps))).padStart(6)}, max ${String(most).padStart(6)}`,
      `${((to - from) / wallS).toFixed(2)}× real time`,
      `${((to - from) / cpuS).toFixed(2)}× per CPU-second`,
    ].join(' | '));
    if (showZones) console.log(`    ${zoneLine(venue, sim.zoneTruth())}`);
  }
  sampleMemory();
  console.log([
    `whole 0–${endS} s`,
    `${(totalAgentSteps / totalWallS / 1e6).toFixed(2)} M agent-steps/s`,
    `${(endS / totalWallS).toFixed(2)}× real time`,
    `${(endS / totalCpuS).toFixed(2)}× per CPU-second`,
    `wall ${totalWallS.toFixed(0)} s`,
    `peak RSS ${(peakRss / 1e6).toFixed(0)} MB`,
    ...(checksum ? [`positions ${positionHash(sim.agents())}`] : []),
  ].join(' | '));
}

if (fullEvent) runFullEvent();
else runPhases();

function runPhases(): void {
  console.log(`bench:sim — ${seconds} simulated seconds per phase, dt ${DEFAULT_DT_S} s, one thread (figures depend on machine load)`);
  const pilot = loadVenueFile('venues/pilot-arena.yaml');
  let t0 = performance.now();
  const world = new World(pilot, 0.5);
  world.routing.precomputeAll();
  console.log(`pilot arena world (walls, raster, ${world.routing.targets.length} floor fields at 0.5 m): ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  for (const phase of ['show', 'switch', 'egress'] as const) if (only.has(phase)) runPhase(pilot, world, 20_000, phase);
  if (!skip100k && only.has('100k')) {
    const big = scaledPilot(Math.sqrt(5));
    t0 = performance.now();
    const bigWorld = new World(big, 0.5);
    bigWorld.routing.precomputeAll();
    console.log(`pilot arena ×5 world: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    runPhase(big, bigWorld, 100_000, 'switch');
  }
}
