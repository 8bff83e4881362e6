import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alertNotification, recommendationNotification, atLeast, incidentKey } from './notification.ts';
import { sampleAlert, sampleRecommendation } from './testing/fixtures.ts';

test('an alert keeps its idempotency key for the same status and gets a new one per status', () => {
  const open = alertNotification(sampleAlert());
  assert.equal(alertNotification(sampleAlert()).idempotencyKey, open.idempotencyKey);
  const acked = alertNotification(sampleAlert({ status: 'acknowledged', acknowledgedBy: 'op1', acknowledgedAt: 1_790_000_060_000 }));
  const resolved = alertNotification(sampleAlert({ status: 'resolved', resolvedBy: 'op1', resolvedAt: 1_790_000_120_000 }));
  const keys = new Set([open.idempotencyKey, acked.idempotencyKey, resolved.idempotencyKey]);
  assert.equal(keys.size, 3);
  // …while the incident they belong to stays one.
  assert.equal(incidentKey(open), incidentKey(acked));
  assert.equal(incidentKey(open), incidentKey(resolved));
  assert.notEqual(incidentKey(open), incidentKey(alertNotification(sampleAlert({ id: 'alert-0002' }))));
});

test('alert text names the level, zone, triggers, score and status', () => {
  const n = alertNotification(sampleAlert());
  assert.equal(n.kind, 'alert');
  assert.equal(n.level, 'CRITICAL');
  assert.match(n.title, /^CRITICAL in zone north-stand: extreme density, sudden surge$/);
  assert.match(n.text, /Risk score 82%/);
  assert.match(n.text, /Status open/);
  const acked = alertNotification(sampleAlert({ status: 'acknowledged', acknowledgedBy: 'op1', acknowledgedAt: 1 }));
  assert.match(acked.title, /^Acknowledged by op1: CRITICAL/);
});

test('recommendation text names the action, its parameters and approval', () => {
  const n = recommendationNotification(sampleRecommendation());
  assert.equal(n.kind, 'recommendation');
  assert.match(n.title, /Meter gate \[needs approval\]$/);
  assert.match(n.text, /gate=gate-n1, ratePerMin=40/);
  assert.match(n.text, /Why: inflow exceeds outflow/);
  const approved = recommendationNotification(sampleRecommendation({ status: 'approved', decidedBy: 'op2', decidedAt: 2 }));
  assert.notEqual(approved.idempotencyKey, n.idempotencyKey);
  assert.doesNotMatch(approved.title, /needs approval/);
});

test('levels order SAFE < CAUTION < WARNING < CRITICAL', () => {
  assert.ok(atLeast('CRITICAL', 'WARNING'));
  assert.ok(atLeast('WARNING', 'WARNING'));
  assert.ok(!atLeast('CAUTION', 'WARNING'));
  assert.ok(!atLeast('SAFE', 'CAUTION'));
});
