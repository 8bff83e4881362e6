import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Alert, CrowdflowError, Recommendation, type EpochMs } from '../contracts/index.ts';
import {
  acknowledgeAlert, approveRecommendation, createDecisionEngine, expirePending, markDispatched, rejectRecommendation, resolveAlert,
} from './index.ts';
import { input, PILOT_PLAYBOOK, T0 } from './test-fixtures.ts';

const at = (ms: number) => (T0 + ms) as EpochMs;

/** A CRITICAL stage front: hold the stage (needs approval at CRITICAL) and evacuate (marked by the rule). */
async function criticalTick() {
  const e = createDecisionEngine({ playbook: PILOT_PLAYBOOK, now: () => 0 });
  return e.tick(input(T0, { 'main-pit': { density: 8, speed: 0.1, occupancy: 12000, surgeRate: 1, pressure: 0.8 } }));
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof CrowdflowError, String(e));
    return e.code;
  }
  assert.fail('expected a CrowdflowError');
}

test('CRITICAL recommendations and those the playbook marks wait for approval', async () => {
  const t = await criticalTick();
  assert.ok(t.recommendations.length > 0);
  for (const r of t.recommendations) {
    Recommendation.parse(r);
    assert.equal(r.level, 'CRITICAL');
    assert.equal(r.requiresApproval, true);
    assert.equal(r.status, 'pending_approval');
  }
  const evac = t.recommendations.find((r) => r.action.type === 'evacuate');
  assert.ok(evac, 'lethal density: evacuation proposed');
  assert.deepEqual(evac.action.params.gates, ['gate-nw', 'gate-sw'], 'the two exits fewest passages away (equidistant, by id)');
  assert.equal(evac.explanation.ruleId, 'evacuate-lethal-density');
});

test('a marked rule needs approval even below CRITICAL', async () => {
  const e = createDecisionEngine({ playbook: PILOT_PLAYBOOK, now: () => 0, settings: { approval: { level: 'CRITICAL', timeoutMs: 120_000 } } });
  const t = await e.tick(input(T0, { 'tunnel-n1': { density: 2.5, speed: 0.3, occupancy: 75 } }));
  const redirect = t.recommendations.find((r) => r.action.type === 'redirect_flow');
  assert.ok(redirect);
  assert.notEqual(redirect.level, 'CRITICAL');
  assert.equal(redirect.status, 'proposed');
  assert.equal(markDispatched(redirect, at(1000)).status, 'dispatched');
});

test('approve and reject: supervisor or above only, pending only, reason required', async () => {
  const rec = (await criticalTick()).recommendations[0]!;
  assert.equal(code(() => approveRecommendation(rec, 'olga', 'operator', at(1000))), 'CF_ERR_FORBIDDEN');
  assert.equal(code(() => rejectRecommendation(rec, 'vic', 'viewer', at(1000), 'no')), 'CF_ERR_FORBIDDEN');
  const ok = approveRecommendation(rec, 'sam', 'supervisor', at(2000));
  assert.equal(ok.status, 'approved');
  assert.equal(ok.decidedBy, 'sam');
  assert.equal(ok.decidedAt, at(2000));
  Recommendation.parse(ok);
  assert.equal(code(() => approveRecommendation(ok, 'ada', 'admin', at(3000))), 'CF_ERR_CONFLICT');
  assert.equal(code(() => rejectRecommendation(rec, 'ada', 'admin', at(3000), '  ')), 'CF_ERR_RANGE');
  const no = rejectRecommendation(rec, 'ada', 'admin', at(3000), 'stage already stopped');
  assert.equal(no.status, 'rejected');
  assert.equal(no.reason, 'stage already stopped');
  assert.equal(rec.status, 'pending_approval', 'transitions do not mutate their input');
  assert.equal(code(() => markDispatched(rec, at(1))), 'CF_ERR_CONFLICT');
});

test('unanswered pending recommendations expire and escalate; answered ones do not', async () => {
  const recs = (await criticalTick()).recommendations;
  const approved = approveRecommendation(recs[0]!, 'sam', 'supervisor', at(1000));
  const all = [approved, ...recs.slice(1)];
  assert.deepEqual(expirePending(all, at(119_000), 120_000), { expired: [], escalations: [] });
  const { expired, escalations } = expirePending(all, at(120_000), 120_000);
  assert.equal(expired.length, recs.length - 1);
  assert.equal(escalations.length, expired.length);
  for (const r of expired) {
    Recommendation.parse(r);
    assert.equal(r.status, 'expired');
  }
  for (const a of escalations) {
    Alert.parse(a);
    assert.equal(a.escalation, true);
    assert.equal(a.level, 'CRITICAL');
    assert.match(a.message, /without approval/);
  }
  assert.equal(new Set(escalations.map((a) => a.id)).size, escalations.length, 'distinct ids');
});

test('alert lifecycle: open → acknowledged → resolved, with who and when', async () => {
  const t = await criticalTick();
  const a = t.alerts[0]!;
  assert.equal(a.status, 'open');
  const ack = acknowledgeAlert(a, 'olga', at(5000));
  assert.deepEqual([ack.status, ack.acknowledgedBy, ack.acknowledgedAt], ['acknowledged', 'olga', at(5000)]);
  assert.equal(code(() => acknowledgeAlert(ack, 'olga', at(6000))), 'CF_ERR_CONFLICT');
  const done = resolveAlert(ack, 'sam', at(9000));
  assert.deepEqual([done.status, done.acknowledgedBy, done.resolvedBy, done.resolvedAt], ['resolved', 'olga', 'sam', at(9000)]);
  Alert.parse(done);
  assert.equal(code(() => resolveAlert(done, 'sam', at(9500))), 'CF_ERR_CONFLICT');
  const direct = resolveAlert(a, 'sam', at(7000));
  assert.equal(direct.acknowledgedBy, 'sam', 'resolving an open alert records the acknowledgement too');
  assert.equal(code(() => acknowledgeAlert(a, ' ', at(1))), 'CF_ERR_AUTH');
});
