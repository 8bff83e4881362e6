import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Recommendation } from '../../contracts/index.ts';
import { createDecisionEngine, createForecastPolicy, type MlPolicy } from '../index.ts';
import { fakeClock, forecastOf, input, PILOT_PLAYBOOK, T0 } from '../test-fixtures.ts';

/** A tunnel the playbook reacts to, so every tick has rule decisions to keep. */
const busyTunnel = (ts: number) => input(ts, { 'tunnel-s2': { density: 3.5, speed: 0.3, occupancy: 105 } }, [forecastOf('entry-nw', ts, 0.65, 5)]);
const settings = { recommendationCooldownMs: 0, ml: { budgetMs: 500, minConfidence: 0.6, failuresToOpen: 3, probeIntervalMs: 30_000 } };

const hanging: MlPolicy = { name: 'hangs', propose: () => new Promise(() => {}) };
const throwing: MlPolicy = { name: 'throws', propose: () => { throw new Error('model file corrupt'); } };

/** Runs a tick on the fake clock, advancing time until the tick settles. */
async function tickOn(clock: ReturnType<typeof fakeClock>, engine: ReturnType<typeof createDecisionEngine>, ts: number) {
  let done = false;
  const p = engine.tick(busyTunnel(ts)).finally(() => { done = true; });
  for (let i = 0; i < 100 && !done; i++) {
    await new Promise((r) => setImmediate(r));
    if (!done) clock.advance(100);
  }
  return p;
}

test('a model that hangs: every tick still has the rules decisions, then the circuit opens', async () => {
  const clock = fakeClock();
  const e = createDecisionEngine({ playbook: PILOT_PLAYBOOK, settings, policy: hanging, now: clock.now, delay: clock.delay });
  const modes: string[] = [];
  for (let k = 0; k < 5; k++) {
    const t = await tickOn(clock, e, T0 + k * 1000);
    assert.ok(t.recommendations.some((r) => r.explanation.ruleId === 'tunnel-s2-congested'), `tick ${k} has the rules' decisions`);
    assert.ok(t.recommendations.every((r) => r.source === 'rules'));
    modes.push(t.mode);
  }
  assert.deepEqual(modes, ['rules', 'rules', 'rules (ml circuit open)', 'rules (ml circuit open)', 'rules (ml circuit open)']);
  const ml = e.status().ml!;
  assert.equal(ml.circuit, 'open');
  assert.equal(ml.failures.timeout, 1, 'the first call overran its budget');
  assert.equal(ml.failures.busy, 2, 'the next calls found it still hanging and did not pile up');
  assert.equal(clock.pending(), 0, 'no timer left behind');
});

test('a model that hung once is abandoned after the probe interval, so the circuit can close again', async () => {
  const clock = fakeClock();
  let hang = true;
  const sticky: MlPolicy = { name: 'sticky', propose: (inp, sig) => (hang ? hanging.propose(inp, sig) : createForecastPolicy().propose(inp, sig)) };
  const e = createDecisionEngine({ playbook: PILOT_PLAYBOOK, settings, policy: sticky, now: clock.now, delay: clock.delay });
  for (let k = 0; k < 3; k++) await tickOn(clock, e, T0 + k * 1000);
  assert.equal(e.status().ml!.circuit, 'open');
  hang = false; // the model is back, but its first call never answers
  clock.advance(30_000);
  const probe = await tickOn(clock, e, T0 + 40_000);
  assert.equal(probe.mode, 'ml+rules', 'the hung call was abandoned and a fresh one answered');
  assert.equal(e.status().ml!.circuit, 'closed');
});

test('a model that throws: rules decide, the circuit opens, a probe after the interval closes it when the model recovers', async () => {
  const clock = fakeClock();
  let broken = true;
  const flaky: MlPolicy = {
    name: 'flaky',
    propose: (inp, signal) => (broken ? throwing.propose(inp, signal) : createForecastPolicy().propose(inp, signal)),
  };
  const e = createDecisionEngine({ playbook: PILOT_PLAYBOOK, settings, policy: flaky, now: clock.now, delay: clock.delay });
  const modes: string[] = [];
  for (let k = 0; k < 4; k++) {
    const t = await tickOn(clock, e, T0 + k * 1000);
    assert.ok(t.recommendations.length > 0);
    modes.push(t.mode);
  }
  assert.deepEqual(modes, ['rules', 'rules', 'rules (ml circuit open)', 'rules (ml circuit open)']);
  assert.equal(e.status().ml!.failures.error, 3);
  assert.match(e.status().ml!.lastFailure ?? '', /model file corrupt/);
  broken = false;
  // Still open before the probe interval: the model is not even called.
  const calls = e.status().ml!.calls;
  assert.equal((await tickOn(clock, e, T0 + 5000)).mode, 'rules (ml circuit open)');
  assert.equal(e.status().ml!.calls, calls);
  clock.advance(30_000);
  const probe = await tickOn(clock, e, T0 + 40_000);
  assert.equal(probe.mode, 'ml+rules');
  assert.equal(e.status().ml!.circuit, 'closed');
  const ml = probe.recommendations.filter((r) => r.source === 'ml');
  assert.ok(ml.length >= 1, 'the recovered model recommends');
  for (const r of probe.recommendations) Recommendation.parse(r);
});

test('a model that answers late (blocking past the budget) is an overrun: its output is dropped', async () => {
  const clock = fakeClock();
  const slow: MlPolicy = { name: 'slow', propose: (inp, s) => { clock.advance(700); return createForecastPolicy().propose(inp, s); } };
  const e = createDecisionEngine({ playbook: PILOT_PLAYBOOK, settings, policy: slow, now: clock.now, delay: clock.delay });
  const t = await e.tick(busyTunnel(T0));
  assert.equal(t.mode, 'rules');
  assert.ok(t.recommendations.every((r) => r.source === 'rules'));
  assert.equal(e.status().ml!.failures.timeout, 1);
});

test('bad model output counts as a failure and is not used', async () => {
  const clock = fakeClock();
  const bad: MlPolicy = { name: 'bad', propose: () => [{ zoneId: 'no-such-zone', action: { type: 'announce', params: {} }, confidence: 0.9, summary: 'x' }] };
  const e = createDecisionEngine({ playbook: PILOT_PLAYBOOK, settings, policy: bad, now: clock.now, delay: clock.delay });
  const t = await e.tick(busyTunnel(T0));
  assert.equal(t.mode, 'rules');
  assert.equal(e.status().ml!.failures.invalid, 1);
  const hallucinating: MlPolicy = { name: 'h', propose: () => [{ zoneId: 'entry-nw', action: { type: 'close_gate', params: { gate: 'gate-zz' } }, confidence: 0.9, summary: 'x' }] };
  const e2 = createDecisionEngine({ playbook: PILOT_PLAYBOOK, settings, policy: hallucinating, now: clock.now, delay: clock.delay });
  assert.equal((await e2.tick(busyTunnel(T0))).mode, 'rules');
  assert.match(e2.status().ml!.lastFailure ?? '', /close_gate\.gate: unknown gate "gate-zz"/);
});

test('the forecast policy recommends earlier than the rules; low confidence is advisory only', async () => {
  const clock = fakeClock();
  const e = createDecisionEngine({ playbook: PILOT_PLAYBOOK, settings, policy: createForecastPolicy(), now: clock.now, delay: clock.delay });
  // P = 0.55: below the playbook's 0.7, above the policy's 0.5.
  const inp = input(T0, {}, [forecastOf('entry-nw', T0, 0.55, 8), forecastOf('concourse-w', T0, 0.65, 4), forecastOf('entry-sw', T0, 0.9, 4)]);
  const t = await e.tick(inp);
  assert.equal(t.mode, 'ml+rules');
  assert.ok(!t.recommendations.some((r) => r.source === 'rules' && r.zoneId === 'entry-nw'), 'the rules are silent on entry-nw');
  const meter = t.recommendations.find((r) => r.source === 'ml' && r.zoneId === 'entry-nw');
  assert.ok(meter);
  assert.equal(meter.action.type, 'meter_gate');
  assert.equal(meter.status, 'advisory', 'confidence 0.55 < 0.6');
  assert.equal(meter.requiresApproval, false);
  assert.equal(meter.explanation.ruleId, null);
  assert.ok(meter.explanation.trace.some((s) => s.fact === 'forecast.pCongestion' && s.actual === 0.55));
  const redirect = t.recommendations.find((r) => r.source === 'ml' && r.zoneId === 'concourse-w');
  assert.ok(redirect);
  assert.equal(redirect.status, 'proposed');
  // P = 0.9 on entry-sw: the playbook meters gate-sw itself, so the model's identical proposal is dropped.
  const sw = t.recommendations.filter((r) => r.zoneId === 'entry-sw' && r.action.type === 'meter_gate');
  assert.deepEqual(sw.map((r) => r.source), ['rules']);
});

test('overlapping ticks while the model is still inside its budget are not failures', async () => {
  const clock = fakeClock();
  const slowOk: MlPolicy = {
    name: 'slow-ok',
    propose: (inp, sig) => clock.delay(200, sig).then(() => createForecastPolicy().propose(inp, sig)),
  };
  const e = createDecisionEngine({ playbook: PILOT_PLAYBOOK, settings, policy: slowOk, now: clock.now, delay: clock.delay });
  const first = e.tick(busyTunnel(T0));
  const second = await e.tick(busyTunnel(T0 + 100)); // starts while the first call runs
  assert.equal(second.mode, 'rules');
  assert.ok(second.recommendations.length > 0, 'the overlapping tick still has the rules decisions');
  clock.advance(200);
  assert.equal((await first).mode, 'ml+rules');
  const ml = e.status().ml!;
  assert.equal(ml.consecutiveFailures, 0);
  assert.deepEqual(ml.failures, { error: 0, timeout: 0, invalid: 0, busy: 0 });
});

test('with real timers, a model that hangs for real is cut at the budget', async () => {
  const e = createDecisionEngine({
    playbook: PILOT_PLAYBOOK, settings: { ...settings, ml: { ...settings.ml, budgetMs: 50 } }, policy: hanging, now: () => performance.now(),
  });
  const start = performance.now();
  const t = await e.tick(busyTunnel(T0));
  const took = performance.now() - start;
  assert.equal(t.mode, 'rules');
  assert.ok(t.recommendations.length > 0);
  assert.ok(took >= 45 && took < 1000, `tick took ${took.toFixed(0)} ms`);
  assert.equal(e.status().ml!.failures.timeout, 1);
});
