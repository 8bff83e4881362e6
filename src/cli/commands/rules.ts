/**
 * `crowdflow rules`: check a playbook, and dry-run it over a recorded run to see what it would
 * have recommended and when. A run directory holds either `zone-states.jsonl` (ZoneState records,
 * optionally with `forecasts.jsonl`) or the simulator's `readings.jsonl`, which is streamed
 * through the same stream processor as live readings, one decision tick per second.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CrowdflowError, SensorReading, ZoneForecast, ZoneState, asEpochMs, type EpochMs, type LoggedReading,
} from '../../contracts/index.ts';
import {
  ACTIONS, createDecisionEngine, createForecastPolicy, FACTS, OPERATORS, parsePlaybook, PlaybookError, VARIABLES, type DecisionTick, type Playbook,
} from '../../decide/index.ts';
import { assessRisk, DEFAULT_RISK_SETTINGS, parsePreset, presetProfile } from '../../risk/index.ts';
import { createStreamProcessor } from '../../stream/index.ts';
import { parseVenue, type Venue } from '../../venue/index.ts';
import { intFlag, parseFlags } from '../args.ts';
import type { Command } from '../command.ts';

const USAGE = `crowdflow rules check FILE [--venue VENUE] [--run DIR] [--limit N] [--ml]
crowdflow rules facts
crowdflow rules preset PRESET [--venue VENUE]

check   Validates a playbook (crowdflow.playbook/v1): structure, facts, operators, actions and
        their parameters, and every zone, gate and stage id against the venue (default
        venues/<playbook venue>.yaml). Every problem is reported with file, line and path.
        With --run DIR, dry-runs it over a recorded run and prints each alert and recommendation
        with its time, rule and the facts that fired it (at most --limit lines, default 200),
        then a summary per rule. DIR holds zone-states.jsonl (+ forecasts.jsonl) or readings.jsonl.
        --ml adds the forecast-driven policy next to the rules (source ml in the output).
facts   Lists the facts, operators, actions and variables a playbook may use.
preset  Shows what a scenario preset (presets/*.yaml) gives each zone of the venue.

Exit code 0 when valid, 1 when not.`;

export const rulesCommand: Command = {
  name: 'rules',
  summary: 'check a playbook and dry-run it over a recorded run',
  usage: USAGE,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub === 'check') return await check(rest);
    if (sub === 'facts') return facts();
    if (sub === 'preset') return preset(rest);
    console.error(USAGE);
    return 2;
  },
};

async function check(argv: readonly string[]): Promise<number> {
  const { positionals, values } = parseFlags(argv, { venue: { type: 'string' }, run: { type: 'string' }, limit: { type: 'string' }, ml: { type: 'boolean' } });
  if (positionals.length !== 1) {
    console.error('usage: crowdflow rules check FILE [--venue VENUE] [--run DIR] [--limit N] [--ml]');
    return 2;
  }
  const file = positionals[0]!;
  const limit = intFlag('limit', values.limit, 200, 0, 1_000_000);
  let playbook: Playbook;
  let venue: Venue;
  try {
    const text = readText(file);
    const venueFile = values.venue ?? join('venues', `${parsePlaybook(text, file).venueId}.yaml`);
    venue = parseVenue(readText(venueFile), venueFile);
    playbook = parsePlaybook(text, file, venue);
  } catch (e) {
    if (e instanceof PlaybookError || e instanceof CrowdflowError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
  const actions = playbook.rules.reduce((n, r) => n + r.then.length, 0);
  console.log(`${file}: valid playbook "${playbook.id}" for venue "${venue.id}": ${playbook.rules.length} rules, ${actions} actions, ${playbook.schedule.length} schedule entries`);
  if (values.run !== undefined) return await dryRun(playbook, venue, values.run, limit, values.ml === true);
  return 0;
}

interface Frame {
  readonly ts: EpochMs;
  readonly states: ZoneState[];
  readonly forecasts: ZoneForecast[];
}

async function dryRun(playbook: Playbook, venue: Venue, dir: string, limit: number, ml: boolean): Promise<number> {
  const frames = loadRun(venue, dir);
  if (frames.length === 0) {
    console.error(`${dir}: no zone states found`);
    return 1;
  }
  const engine = createDecisionEngine({ playbook, now: () => performance.now(), ...(ml ? { policy: createForecastPolicy() } : {}) });
  const t0 = frames[0]!.ts;
  let printed = 0;
  let skipped = 0;
  const perRule = new Map<string, { count: number; firstTs: number }>();
  let alerts = 0;
  const emit = (line: string): void => {
    if (printed < limit) {
      console.log(line);
      printed++;
    } else skipped++;
  };
  // One tick at a time, in order: the engine's cooldowns depend on the sequence.
  for (const f of frames) {
    const byZone = new Map(f.forecasts.map((x) => [x.zoneId, x]));
    const risks = f.states.map((s) => assessRisk(s, DEFAULT_RISK_SETTINGS, byZone.get(s.zoneId)));
    const tick: DecisionTick = await engine.tick({ ts: f.ts, venue, states: f.states, risks, forecasts: f.forecasts });
    const at = `${new Date(f.ts).toISOString().slice(11, 19)} (+${Math.round((f.ts - t0) / 1000)} s)`;
    for (const a of tick.alerts) {
      alerts++;
      emit(`${at} ALERT ${a.message}`);
    }
    for (const r of tick.recommendations) {
      const rule = r.explanation.ruleId ?? r.source;
      const stat = perRule.get(rule) ?? { count: 0, firstTs: f.ts };
      stat.count++;
      perRule.set(rule, stat);
      const params = Object.entries(r.action.params).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`).join(' ');
      emit(`${at} ${r.level.padEnd(8)} ${r.zoneId} ${r.action.type} ${params} [${r.status}${r.source === 'ml' ? ', ml' : ''}] ← ${r.explanation.summary}`);
    }
  }
  if (skipped > 0) console.log(`… ${skipped} more lines (raise --limit)`);
  const span = Math.round((frames.at(-1)!.ts - t0) / 1000);
  console.log(`\ndry run over ${frames.length} ticks (${span} s): ${alerts} alerts, ${[...perRule.values()].reduce((n, s) => n + s.count, 0)} recommendations`);
  for (const [rule, s] of [...perRule].sort((a, b) => a[1].firstTs - b[1].firstTs)) {
    console.log(`  ${rule.padEnd(32)} ${String(s.count).padStart(5)}  first at +${Math.round((s.firstTs - t0) / 1000)} s`);
  }
  const unused = playbook.rules.filter((r) => !perRule.has(r.id)).map((r) => r.id);
  if (unused.length > 0) console.log(`  never fired: ${unused.join(', ')}`);
  return 0;
}

function loadRun(venue: Venue, dir: string): Frame[] {
  const statesFile = join(dir, 'zone-states.jsonl');
  const readingsFile = join(dir, 'readings.jsonl');
  if (existsSync(statesFile)) {
    const states = jsonl(statesFile, ZoneState);
    const forecasts = existsSync(join(dir, 'forecasts.jsonl')) ? jsonl(join(dir, 'forecasts.jsonl'), ZoneForecast) : [];
    const byTs = new Map<number, Frame>();
    for (const s of states) {
      const f = byTs.get(s.ts) ?? { ts: s.ts, states: [], forecasts: [] };
      f.states.push(s);
      byTs.set(s.ts, f);
    }
    const frames = [...byTs.values()].sort((a, b) => a.ts - b.ts);
    // Each forecast joins the first frame at or after it was made.
    const sortedF = [...forecasts].sort((a, b) => a.ts - b.ts);
    let i = 0;
    for (const f of frames) {
      while (i < sortedF.length && sortedF[i]!.ts <= f.ts) f.forecasts.push(sortedF[i++]!);
    }
    return frames;
  }
  if (existsSync(readingsFile)) return streamReadings(venue, jsonl(readingsFile, SensorReading));
  console.error(`${dir}: expected zone-states.jsonl or readings.jsonl`);
  return [];
}

const HOP_MS = 1000;

/** The simulator's readings through the stream processor, in event-time order, one tick per second. */
function streamReadings(venue: Venue, readings: SensorReading[]): Frame[] {
  readings.sort((a, b) => a.ts - b.ts);
  if (readings.length === 0) return [];
  const stream = createStreamProcessor(venue);
  const frames: Frame[] = [];
  let next = Math.ceil(readings[0]!.ts / HOP_MS) * HOP_MS;
  readings.forEach((reading, offset) => {
    while (reading.ts >= next) {
      frames.push({ ts: asEpochMs(next), states: stream.tick(asEpochMs(next)), forecasts: [] });
      next += HOP_MS;
    }
    const logged: LoggedReading = { offset, receivedAt: reading.ts, reading };
    stream.process(logged);
  });
  frames.push({ ts: asEpochMs(next), states: stream.tick(asEpochMs(next)), forecasts: [] });
  return frames;
}

function jsonl<T>(file: string, schema: { safeParse(x: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }): T[] {
  const out: T[] = [];
  let bad = 0;
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let parsed: ReturnType<typeof schema.safeParse>;
    try {
      parsed = schema.safeParse(JSON.parse(line));
    } catch {
      parsed = { success: false, error: { issues: [{ path: [], message: 'not JSON' }] } };
    }
    if (parsed.success) out.push(parsed.data);
    else if (bad++ < 5) {
      const iss = parsed.error.issues[0]!;
      console.error(`${file}:${i + 1}: skipped: ${iss.path.join('.') || '(record)'}: ${iss.message}`);
    }
  });
  if (bad > 5) console.error(`${file}: ${bad} lines skipped in all`);
  return out;
}

function facts(): number {
  console.log('facts (null when unknown; a null fact satisfies only is_null):');
  for (const [name, f] of Object.entries(FACTS)) console.log(`  ${name.padEnd(26)} ${f.type.padEnd(9)} ${f.doc}`);
  console.log('\noperators:');
  for (const [name, op] of Object.entries(OPERATORS)) console.log(`  ${name.padEnd(13)} on ${op.types.join(', ')}`);
  console.log('\nactions:');
  for (const [name, a] of Object.entries(ACTIONS)) {
    const params = Object.entries(a.params).map(([k, p]) => `${k}${p.required ? '' : '?'}: ${p.type}`).join(', ');
    console.log(`  ${name.padEnd(18)} ${a.doc} (${params})`);
  }
  console.log('\nvariables:');
  for (const [name, t] of Object.entries(VARIABLES)) console.log(`  ${name.padEnd(22)} ${t}`);
  return 0;
}

function preset(argv: readonly string[]): number {
  const { positionals, values } = parseFlags(argv, { venue: { type: 'string' } });
  if (positionals.length !== 1) {
    console.error('usage: crowdflow rules preset PRESET [--venue VENUE]');
    return 2;
  }
  const p = parsePreset(readText(positionals[0]!), positionals[0]);
  const venueFile = values.venue ?? 'venues/pilot-arena.yaml';
  const venue = parseVenue(readText(venueFile), venueFile);
  console.log(`preset "${p.id}" (${p.name}) on venue "${venue.id}":`);
  console.log(`  ${'zone'.padEnd(14)} ${'type'.padEnd(12)} ${'profile'.padEnd(26)} capacity (venue)  WARNING  CRITICAL p/m²`);
  for (const z of venue.zones) {
    const prof = presetProfile(p, z.type, z.areaSqm);
    if (!prof) {
      console.log(`  ${z.id.padEnd(14)} ${z.type.padEnd(12)} (no profile)`);
      continue;
    }
    console.log(`  ${z.id.padEnd(14)} ${z.type.padEnd(12)} ${prof.label.padEnd(26)} ${String(prof.capacity).padStart(8)} (${String(z.capacity).padStart(5)})  ${prof.warningDensityPpsm.toFixed(2).padStart(7)}  ${prof.criticalDensityPpsm.toFixed(2).padStart(8)}`);
  }
  return 0;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new CrowdflowError('CF_ERR_CONFIG', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
