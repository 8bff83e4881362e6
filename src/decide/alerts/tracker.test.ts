import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Alert } from '../../contracts/index.ts';
import { assessRisk, DEFAULT_RISK_SETTINGS } from '../../risk/index.ts';
import { zoneState, type StateFields } from '../../risk/test-helpers.ts';
import { resolveDecisionSettings } from '../settings.ts';
import { createAlertTracker } from './tracker.ts';

const T0 = 1_800_000_000_000;
const S = resolveDecisionSettings();

/**
 * A zone state with an exact score and no physical trigger: ρ ≤ 4, surge ≤ 0.8, v ≥ 0.2.
 * From the Full Formula: ρ 4 → 0.16, surge 0.8 → 0.12, then velocity 0.3·vi, then coherence.
 */
function stateWithScore(score: number, ts: number, extra: StateFields = {}) {
  if (score < 0.28) {
    return zoneState({ ts, density: (score - 0.12) / 0.04, surgeRate: 0.8, speed: 1.5, occupancy: 10, ...extra });
  }
  const vi = Math.min(1, (score - 0.28) / 0.3);
  const coherence = score > 0.58 ? 0.5 + Math.min(0.1, score - 0.58) / 0.2 : 0;
  const pressure = score > 0.68 ? 0.3 + (score - 0.68) / 0.15 : 0;
  assert.ok(pressure <= 1, `no trigger-free state scores ${score}`);
  return zoneState({ ts, density: 4, surgeRate: 0.8, speed: 0.2 + (1 - vi) * 1.3, coherence, pressure, occupancy: 10, ...extra });
}

function run(scores: number[], stepMs = 1000, extra: StateFields = {}) {
  const tracker = createAlertTracker(() => S);
  const out: Array<Alert | null> = [];
  scores.forEach((score, i) => {
    const st = stateWithScore(score, T0 + i * stepMs, extra);
    const risk = assessRisk(st, DEFAULT_RISK_SETTINGS);
    assert.ok(Math.abs((risk.score ?? NaN) - score) < 1e-9, `fixture score ${risk.score} for ${score}`);
    out.push(tracker.update(risk, st, 'Field west'));
  });
  return out;
}

test('a score hovering at the WARNING threshold raises one alert, not one per crossing', () => {
  const hover = [0.3, 0.51, 0.49, 0.52, 0.48, 0.5, 0.47, 0.51, 0.49];
  const alerts = run(hover, 20_000).filter((a) => a !== null);
  assert.equal(alerts.length, 1, alerts.map((a) => a!.id).join());
  assert.equal(alerts[0]!.level, 'WARNING');
  assert.ok(alerts[0]!.triggers.includes('risk_threshold'));
  Alert.parse(alerts[0]);
});

test('after falling clearly below (beyond the hysteresis) and past the cooldown, a new rise alerts again', () => {
  const alerts = run([0.55, 0.3, 0.3, 0.55], 40_000).filter((a) => a !== null);
  assert.equal(alerts.length, 2);
  assert.equal(alerts[1]!.escalation, false);
});

test('cooldown: a second rise to the same level within 60 s does not alert', () => {
  const alerts = run([0.55, 0.3, 0.55], 20_000).filter((a) => a !== null);
  assert.equal(alerts.length, 1);
});

test('escalation: the level rising inside a cooldown raises an escalation alert', () => {
  const alerts = run([0.55, 0.6, 0.78], 10_000);
  assert.equal(alerts[0]?.level, 'WARNING');
  assert.equal(alerts[0]?.escalation, false);
  assert.equal(alerts[1], null);
  assert.equal(alerts[2]?.level, 'CRITICAL');
  assert.equal(alerts[2]?.escalation, true);
  assert.match(alerts[2]!.message, /ESCALATED to CRITICAL in Field west/);
  // Rising to CRITICAL after the WARNING alert's cooldown is a new alert, not an escalation.
  const late = run([0.55, 0.6, 0.78], 40_000);
  assert.equal(late[2]?.escalation, false);
});

test('a physical trigger alerts at WARNING even with a low score, and holds against flapping', () => {
  const tracker = createAlertTracker(() => S);
  const alerts: Array<Alert | null> = [];
  // Density flickering around 6 p/m² in a fast-moving crowd: score 0.24 (SAFE), extreme_density on and off.
  [6.1, 5.9, 6.1, 5.9, 6.1].forEach((rho, i) => {
    const st = zoneState({ ts: T0 + i * 5000, density: rho, speed: 1.5, occupancy: 50 });
    alerts.push(tracker.update(assessRisk(st, DEFAULT_RISK_SETTINGS), st, 'Tunnel N1'));
  });
  const raised = alerts.filter((a) => a !== null);
  assert.equal(raised.length, 1);
  assert.equal(raised[0]!.level, 'WARNING');
  assert.deepEqual(raised[0]!.triggers, ['extreme_density']);
});

test('an unknown zone never alerts and its episode ends', () => {
  const tracker = createAlertTracker(() => S);
  const unknown = zoneState({ ts: T0, status: 'unknown', density: null });
  assert.equal(tracker.update(assessRisk(unknown, DEFAULT_RISK_SETTINGS), unknown, 'x'), null);
  assert.equal(tracker.effectiveLevel('field-w'), null);
});

test('cooldown and hysteresis follow the settings live', () => {
  let s = S;
  const tracker = createAlertTracker(() => s);
  const at = (score: number, i: number) => {
    const st = stateWithScore(score, T0 + i * 10_000);
    return tracker.update(assessRisk(st, DEFAULT_RISK_SETTINGS), st, 'z');
  };
  assert.ok(at(0.55, 0));
  assert.equal(at(0.3, 1), null);
  assert.equal(at(0.55, 2), null, 'inside 60 s');
  s = { ...S, alertCooldownMs: 5000 };
  assert.equal(at(0.3, 3), null);
  assert.ok(at(0.55, 4), 'cooldown now 5 s');
});
