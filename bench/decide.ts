/**
 * Decision benchmark: one decision tick (alerts, playbook over every zone, no model / forecast
 * policy) for a synthetic 500-zone venue with the pilot playbook. Target: < 5 ms per tick.
 * Run: `npm run bench -- decide` (or `npx tsx bench/decide.ts`). Figures only; never fails.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EpochMs, ZoneForecast, ZoneState } from '../src/contracts/index.ts';
import { ZONE_FORECAST_SCHEMA, ZONE_STATE_SCHEMA } from '../src/contracts/index.ts';
import { createDecisionEngine, createForecastPolicy, parsePlaybook, type DecisionEngine, type DecisionInput } from '../src/decide/index.ts';
import { assessRisk, DEFAULT_RISK_SETTINGS } from '../src/risk/index.ts';
import { parseVenue, type Venue } from '../src/venue/index.ts';
import { seededRandom as rng } from '../src/contracts/index.ts';

const COLS = 25;
const ROWS = 20;
const CELL_M = 10;
const TICKS = 400;
const WARMUP = 50;

/** A 25 × 20 grid of 10 m rooms, passages between neighbours, gates on the west and east edges. */
function gridVenue(): Venue {
  const zones: string[] = [];
  const passages: string[] = [];
  const gates: string[] = [];
  const id = (c: number, r: number) => `z-${c}-${r}`;
  const types = ['standing', 'concourse', 'corridor', 'stage_front', 'plaza'];
  for (let r = 0; r < ROWS; r++) {
    for (let c = 0; c < COLS; c++) {
      const x = c * CELL_M;
      const y = r * CELL_M;
      const type = c === 0 || c === COLS - 1 ? 'entry' : types[(c * 7 + r * 3) % types.length];
      zones.push(`  - { id: ${id(c, r)}, type: ${type}, capacity: 400, polygon: [[${x}, ${y}], [${x + CELL_M}, ${y}], [${x + CELL_M}, ${y + CELL_M}], [${x}, ${y + CELL_M}]] }`);
      if (c + 1 < COLS) passages.push(`  - { id: p-${c}-${r}-e, from: ${id(c, r)}, to: ${id(c + 1, r)}, opening: [[${x + CELL_M}, ${y + 2}], [${x + CELL_M}, ${y + 8}]] }`);
      if (r + 1 < ROWS) passages.push(`  - { id: p-${c}-${r}-n, from: ${id(c, r)}, to: ${id(c, r + 1)}, opening: [[${x + 2}, ${y + CELL_M}], [${x + 8}, ${y + CELL_M}]] }`);
    }
    gates.push(`  - { id: g-w-${r}, zone: ${id(0, r)}, opening: [[0, ${r * CELL_M + 2}], [0, ${r * CELL_M + 8}]], serviceRatePerMin: 60 }`);
    gates.push(`  - { id: g-e-${r}, zone: ${id(COLS - 1, r)}, opening: [[${COLS * CELL_M}, ${r * CELL_M + 2}], [${COLS * CELL_M}, ${r * CELL_M + 8}]], serviceRatePerMin: 60 }`);
  }
  const yaml = `schema: crowdflow.venue/v1\nid: bench-grid\nname: Bench grid\ncapacity: 200000\ntimezone: Europe/Paris\nzones:\n${zones.join('\n')}\npassages:\n${passages.join('\n')}\ngates:\n${gates.join('\n')}\nstages:\n  - { id: stage-a, zone: ${id(1, 10)}, position: [12, 105] }\n`;
  return parseVenue(yaml, 'bench-grid.yaml');
}


/** Every zone each second; `hotShare` of them dense and slow, some unknown, forecasts for all. */
function inputs(venue: Venue, hotShare: number, seed: number): DecisionInput[] {
  const rand = rng(seed);
  const t0 = Date.UTC(2026, 6, 14, 19, 0, 0);
  const hot = new Set(venue.zones.filter(() => rand() < hotShare).map((z) => z.id));
  const out: DecisionInput[] = [];
  for (let k = 0; k < TICKS + WARMUP; k++) {
    const ts = (t0 + k * 1000) as EpochMs;
    const states: ZoneState[] = venue.zones.map((z) => {
      const unknown = rand() < 0.01;
      const density = hot.has(z.id) ? 3 + rand() * 5 : rand() * 2;
      return {
        schema: ZONE_STATE_SCHEMA, venueId: venue.id, zoneId: z.id, ts, windowMs: 30_000,
        occupancy: unknown ? null : density * z.areaSqm, density: unknown ? null : density,
        inflowPerMin: null, outflowPerMin: null, speed: unknown ? null : Math.max(0, 1.3 - density / 5 + rand() * 0.1),
        speedEstimated: false, surgeRate: rand() * (hot.has(z.id) ? 1.2 : 0.2), pressure: rand() * 0.5, coherence: rand(),
        capacityUtilisation: null, sources: [], confidence: unknown ? 0 : 0.9, status: unknown ? 'unknown' : 'ok',
      } as unknown as ZoneState;
    });
    const forecasts: ZoneForecast[] = venue.zones.map((z) => ({
      schema: ZONE_FORECAST_SCHEMA, venueId: venue.id, zoneId: z.id, ts, modelVersion: 'bench',
      points: [{ horizonMin: 5, occupancy: { p10: 0, p50: 0, p90: 0 }, density: { p10: 1, p50: 2, p90: 3 } }],
      pCongestion: hot.has(z.id) ? 0.8 : rand() * 0.3, congestionThreshold: 4, congestionEta: ts + 300_000,
    }) as unknown as ZoneForecast);
    const byZone = new Map(forecasts.map((f) => [f.zoneId, f]));
    out.push({ ts, venue, states, forecasts, risks: states.map((s) => assessRisk(s, DEFAULT_RISK_SETTINGS, byZone.get(s.zoneId))) });
  }
  return out;
}

function pct(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

async function measure(label: string, engine: DecisionEngine, ticks: readonly DecisionInput[]): Promise<void> {
  const times: number[] = [];
  let recs = 0;
  let alerts = 0;
  for (let k = 0; k < ticks.length; k++) {
    const start = performance.now();
    const t = await engine.tick(ticks[k]!);
    const ms = performance.now() - start;
    if (k >= WARMUP) {
      times.push(ms);
      recs += t.recommendations.length;
      alerts += t.alerts.length;
    }
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((s, x) => s + x, 0) / times.length;
  console.log(`  ${label.padEnd(44)} mean ${mean.toFixed(3)} ms  p50 ${pct(times, 0.5).toFixed(3)}  p99 ${pct(times, 0.99).toFixed(3)}  max ${times.at(-1)!.toFixed(3)}  (${(recs / times.length).toFixed(1)} recs, ${(alerts / times.length).toFixed(1)} alerts per tick)`);
}

export async function benchDecide(): Promise<void> {
  const venue = gridVenue();
  // The pilot playbook without its venue check: rules by zone type apply, pilot-only ids do not.
  const playbook = parsePlaybook(readFileSync(join(import.meta.dirname, '..', 'rules', 'pilot-arena.yaml'), 'utf8'), 'rules/pilot-arena.yaml');
  console.log(`decision tick, ${venue.zones.length} zones, ${playbook.rules.length} rules, ${TICKS} ticks after ${WARMUP} warm-up (target < 5 ms per tick; shared 2-core machine)`);
  for (const [label, hot] of [['quiet venue (2% zones hot)', 0.02], ['busy venue (20% zones hot)', 0.2]] as const) {
    const ticks = inputs(venue, hot, 42);
    await measure(`${label}, rules`, createDecisionEngine({ playbook, now: () => performance.now() }), ticks);
    await measure(`${label}, rules + forecast policy`, createDecisionEngine({ playbook, now: () => performance.now(), policy: createForecastPolicy() }), ticks);
  }
  const one = inputs(venue, 0.2, 7)[0]!;
  const start = performance.now();
  const rounds = 200;
  for (let i = 0; i < rounds; i++) for (const s of one.states) assessRisk(s, DEFAULT_RISK_SETTINGS);
  console.log(`  risk score, ${venue.zones.length} zones                     mean ${((performance.now() - start) / rounds).toFixed(3)} ms per tick`);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchDecide();
