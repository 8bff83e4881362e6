import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Alert, Recommendation } from '../contracts/index.ts';
import { createDecisionEngine, parsePlaybook, type MlPolicy } from './index.ts';
import { input, PILOT_PLAYBOOK, T0, VENUE, forecastOf } from './test-fixtures.ts';

const clock = { now: () => 0 };

test('a quiet venue yields no alerts and no recommendations, in rules mode', async () => {
  const e = createDecisionEngine({ playbook: PILOT_PLAYBOOK, ...clock });
  const t = await e.tick(input(T0));
  assert.deepEqual(t.alerts, []);
  assert.deepEqual(t.recommendations, []);
  assert.equal(t.mode, 'rules');
});

test('a congested tunnel raises an alert and the tunnel playbook with its trace', async () => {
  const e = createDecisionEngine({ playbook: PILOT_PLAYBOOK, ...clock });
  const t = await e.tick(input(T0, { 'tunnel-n1': { density: 6.5, speed: 0.1, occupancy: 195, surgeRate: 0.2 } }));
  assert.equal(t.alerts.length, 1);
  const a = Alert.parse(t.alerts[0]);
  assert.equal(a.zoneId, 'tunnel-n1');
  assert.ok(a.triggers.includes('extreme_density') && a.triggers.includes('stagnation_with_density'), a.triggers.join());
  for (const r of t.recommendations) Recommendation.parse(r);
  const redirect = t.recommendations.find((r) => r.explanation.ruleId === 'tunnel-n1-congested' && r.action.type === 'redirect_flow');
  assert.ok(redirect, t.recommendations.map((r) => r.explanation.ruleId).join());
  assert.equal(redirect.action.params.to, 'tunnel-n2');
  assert.equal(redirect.source, 'rules');
  assert.ok(redirect.explanation.trace.some((s) => s.fact === 'zone.densityRatio' && s.result === true && s.actual === 6.5 / 3));
  // Sorted by priority, highest first.
  const prios = t.recommendations.map((r) => r.priority);
  assert.deepEqual(prios, [...prios].sort((x, y) => y - x));
});

test('the same rule does not repeat within its cooldown, but does when the level rises', async () => {
  const e = createDecisionEngine({ playbook: PILOT_PLAYBOOK, ...clock });
  const busy = { 'entry-nw': { density: 3.3, speed: 1.0, occupancy: 1980 } };
  const first = await e.tick(input(T0, busy));
  assert.ok(first.recommendations.some((r) => r.explanation.ruleId === 'meter-entry-gate' && r.action.params.gate === 'gate-nw'));
  const again = await e.tick(input(T0 + 1000, busy));
  assert.ok(!again.recommendations.some((r) => r.explanation.ruleId === 'meter-entry-gate'));
  const later = await e.tick(input(T0 + 301_000, busy));
  assert.ok(later.recommendations.some((r) => r.explanation.ruleId === 'meter-entry-gate'));
});

test('a zone unknown for 30 s gets no alert but a steward dispatch to go and look', async () => {
  const e = createDecisionEngine({ playbook: PILOT_PLAYBOOK, ...clock });
  const blind = { 'food-court': { status: 'unknown' as const, density: null, occupancy: null, speed: null, confidence: 0 } };
  const first = await e.tick(input(T0, blind));
  assert.deepEqual(first.alerts, []);
  assert.deepEqual(first.recommendations, [], 'a brief dropout is not worth a steward');
  assert.deepEqual((await e.tick(input(T0 + 29_000, blind))).recommendations, []);
  const t = await e.tick(input(T0 + 30_000, blind));
  assert.deepEqual(t.alerts, []);
  const look = t.recommendations.filter((r) => r.zoneId === 'food-court');
  assert.equal(look.length, 1);
  assert.equal(look[0]!.action.type, 'dispatch_stewards');
  assert.equal(look[0]!.action.params.zone, 'food-court');
  assert.equal(look[0]!.level, 'CAUTION');
  assert.ok(look[0]!.explanation.trace.some((s) => s.fact === 'zone.unknownForS' && s.actual === 30));
  // Seen again, then lost again: the clock restarts.
  await e.tick(input(T0 + 31_000));
  assert.deepEqual((await e.tick(input(T0 + 32_000, blind))).recommendations, []);
});

test('predicted congestion recommends before the zone is dangerous', async () => {
  const e = createDecisionEngine({ playbook: PILOT_PLAYBOOK, ...clock });
  const t = await e.tick(input(T0, { 'field-w': { density: 2.5, speed: 0.8, occupancy: 5250 } }, [forecastOf('field-w', T0, 0.85, 6)]));
  const recs = t.recommendations.filter((r) => r.explanation.ruleId === 'predicted-congestion-floor');
  assert.ok(recs.length >= 1);
  assert.ok(t.alerts.some((a) => a.triggers.includes('predicted_congestion')));
});

test('setPlaybook applies from the next tick; a variable with nothing to point at skips that action and says so', async () => {
  const e = createDecisionEngine({ playbook: PILOT_PLAYBOOK, ...clock });
  const pb = parsePlaybook(`schema: crowdflow.playbook/v1
id: tiny
venue: pilot-arena
rules:
  - id: hold-my-stage
    priority: 5
    cooldownS: 10
    when: { fact: zone.density, op: gt, value: 3 }
    then:
      - { action: hold_stage, stage: $stage, minutes: 3 }
      - { action: dispatch_stewards, count: 2 }
`, 'tiny.yaml', VENUE);
  e.setPlaybook(pb);
  const busy = { 'field-w': { density: 3.5, speed: 0.8, occupancy: 7350 }, 'main-pit': { density: 3.5, speed: 0.8, occupancy: 5250 } };
  const t = await e.tick(input(T0, busy));
  assert.deepEqual(t.recommendations.map((r) => `${r.zoneId}:${r.action.type}`).sort(), [
    'field-w:dispatch_stewards', 'main-pit:dispatch_stewards', 'main-pit:hold_stage',
  ]);
  assert.equal(t.recommendations.find((r) => r.action.type === 'hold_stage')!.action.params.stage, 'main-stage');
  assert.equal(e.status().unresolvedActions, 1, 'field-w has no stage');
  assert.match(e.status().lastError ?? '', /hold-my-stage: hold_stage\.stage: \$stage has no value for zone field-w/);
  assert.equal(e.status().playbook.id, 'tiny');
  // The rule's own 10 s cooldown, not the settings' 300 s.
  assert.equal((await e.tick(input(T0 + 9_000, busy))).recommendations.length, 0);
  assert.equal((await e.tick(input(T0 + 10_000, busy))).recommendations.length, 3);
});

test('ML recommendations at CRITICAL wait for approval like the rules', async () => {
  const policy: MlPolicy = {
    name: 'fixed',
    propose: () => [{ zoneId: 'side-pit', action: { type: 'open_exit', params: { gate: 'gate-e' } }, confidence: 0.9, summary: 'crowd wave' }],
  };
  const e = createDecisionEngine({ playbook: PILOT_PLAYBOOK, policy, ...clock });
  const t = await e.tick(input(T0, { 'side-pit': { density: 7.5, speed: 0.05, occupancy: 11250, pressure: 0.9, surgeRate: 1 } }));
  const ml = t.recommendations.find((r) => r.source === 'ml');
  assert.ok(ml);
  assert.equal(ml.level, 'CRITICAL');
  assert.equal(ml.status, 'pending_approval');
  assert.equal(t.mode, 'ml+rules');
});

test('a zone gets each action once per tick, from the rule of highest priority, naming the others', async () => {
  const e = createDecisionEngine({ playbook: PILOT_PLAYBOOK, ...clock });
  // Extreme density, stagnation and a surge in tunnel S3: three rules ask for stewards there.
  const t = await e.tick(input(T0, { 'tunnel-s3': { density: 6.5, speed: 0.1, occupancy: 195, surgeRate: 1.2 } }));
  const stewards = t.recommendations.filter((r) => r.zoneId === 'tunnel-s3' && r.action.type === 'dispatch_stewards' && r.action.params.zone === 'tunnel-s3');
  assert.equal(stewards.length, 1);
  assert.equal(stewards[0]!.explanation.ruleId, 'extreme-density-anywhere');
  assert.match(stewards[0]!.explanation.summary, /; also stagnation-with-density; also sudden-surge$/);
});

test('an entry plaza is metered while filling and closed at WARNING, never both', async () => {
  const e = createDecisionEngine({ playbook: PILOT_PLAYBOOK, ...clock });
  const filling = await e.tick(input(T0, { 'entry-ne': { density: 3.4, speed: 1.0, occupancy: 2040 } }));
  assert.deepEqual(filling.recommendations.filter((r) => r.zoneId === 'entry-ne' && r.action.params.gate === 'gate-ne').map((r) => r.action.type), ['meter_gate']);
  const full = await e.tick(input(T0 + 1000, { 'entry-ne': { density: 5.5, speed: 0.3, occupancy: 3300, surgeRate: 1 } }));
  assert.deepEqual(full.recommendations.filter((r) => r.zoneId === 'entry-ne' && r.action.params.gate === 'gate-ne').map((r) => r.action.type), ['close_gate']);
});
