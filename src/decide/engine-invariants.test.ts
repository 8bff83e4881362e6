import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Alert, Recommendation } from '../contracts/index.ts';
import type { StateFields } from '../risk/test-helpers.ts';
import { createDecisionEngine, createForecastPolicy, type DecisionTick } from './index.ts';
import { fakeClock, forecastOf, input, PILOT_PLAYBOOK, T0, VENUE } from './test-fixtures.ts';
import { seededRandom as rng } from '../contracts/index.ts';


/** 10 minutes of a random walk of every zone's density, with dropouts and forecasts. */
function scenario(seed: number) {
  const rand = rng(seed);
  const density = new Map(VENUE.zones.map((z) => [z.id, rand() * 2]));
  const ticks = [];
  for (let k = 0; k < 600; k++) {
    const ts = T0 + k * 1000;
    const overrides: Record<string, StateFields> = {};
    const forecasts = [];
    for (const z of VENUE.zones) {
      const d = Math.min(9, Math.max(0, density.get(z.id)! + (rand() - 0.48) * 0.3));
      density.set(z.id, d);
      overrides[z.id] = rand() < 0.02
        ? { status: 'unknown', density: null, occupancy: null, speed: null, confidence: 0 }
        : { density: d, speed: Math.max(0, 1.34 - d / 4), occupancy: d * z.areaSqm, surgeRate: rand() < 0.05 ? rand() * 1.5 : 0, pressure: rand() * 0.7 };
      if (rand() < 0.2) forecasts.push(forecastOf(z.id, ts, rand(), rand() * 15));
    }
    ticks.push(input(ts, overrides, forecasts));
  }
  return ticks;
}

async function runAll(seed: number): Promise<DecisionTick[]> {
  const clock = fakeClock();
  const engine = createDecisionEngine({ playbook: PILOT_PLAYBOOK, policy: createForecastPolicy(), now: clock.now, delay: clock.delay });
  const out: DecisionTick[] = [];
  for (const t of scenario(seed)) out.push(await engine.tick(t));
  return out;
}

test('over 10 random minutes: valid records, unique ids, cooldowns respected, same inputs give the same decisions', async () => {
  const a = await runAll(7);
  const b = await runAll(7);
  assert.deepEqual(a, b, 'deterministic: ids and decisions derive from the inputs only');

  const ids = new Set<string>();
  const lastAlert = new Map<string, number>();
  let alerts = 0;
  let recs = 0;
  for (const tick of a) {
    assert.equal(tick.mode, 'ml+rules');
    for (const al of tick.alerts) {
      Alert.parse(al);
      assert.ok(!ids.has(al.id), `duplicate id ${al.id}`);
      ids.add(al.id);
      const key = `${al.zoneId}|${al.level}`;
      const prev = lastAlert.get(key);
      assert.ok(prev === undefined || al.ts - prev >= 60_000, `${key} alerted twice within the cooldown`);
      lastAlert.set(key, al.ts);
      alerts++;
    }
    for (const r of tick.recommendations) {
      Recommendation.parse(r);
      assert.ok(!ids.has(r.id), `duplicate id ${r.id}`);
      ids.add(r.id);
      if (r.level === 'CRITICAL') assert.equal(r.status, 'pending_approval');
      if (r.source === 'ml' && r.confidence < 0.6) assert.equal(r.status, 'advisory');
      if (r.source === 'rules') assert.ok(r.explanation.ruleId && r.explanation.trace.some((s) => s.result), 'a rule recommendation shows what held');
      recs++;
    }
  }
  assert.ok(alerts > 5 && recs > 20, `the scenario exercises the engine (${alerts} alerts, ${recs} recommendations)`);
});
