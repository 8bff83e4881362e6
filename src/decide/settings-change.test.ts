import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuditRecord, CrowdflowError, type EpochMs } from '../contracts/index.ts';
import { assessRisk } from '../risk/index.ts';
import { zoneState } from '../risk/test-helpers.ts';
import {
  applySettingsPatch, auditSettingsChange, auditTick, createAuditLog, createDecisionEngine, DEFAULT_SETTINGS, restoreSettings,
} from './index.ts';
import { input, PILOT_PLAYBOOK, T0 } from './test-fixtures.ts';

test('a patch changes exactly the named settings and lists each change', () => {
  const { settings, changes } = applySettingsPatch(DEFAULT_SETTINGS, {
    risk: { weights: { density: 0.5 } }, 'decision.alertCooldownMs': 30_000,
  });
  assert.equal(settings.risk.weights.density, 0.5);
  assert.equal(settings.risk.weights.surge, 0.3);
  assert.equal(settings.decision.alertCooldownMs, 30_000);
  assert.deepEqual(changes, [
    { path: 'decision.alertCooldownMs', from: 60_000, to: 30_000 },
    { path: 'risk.weights.density', from: 0.4, to: 0.5 },
  ]);
  assert.equal(DEFAULT_SETTINGS.risk.weights.density, 0.4, 'the current settings are not mutated');
});

test('a bad patch is rejected whole, naming the path and the range', () => {
  for (const [patch, re] of [
    [{ 'risk.weights.density': 2 }, /`risk\.weights\.density` 2 not ≤ 1/],
    [{ 'risk.levels.warning': 0.9 }, /`risk\.levels\.warning` level thresholds must increase/],
    [{ 'decision.ml.budgetMs': 0 }, /`decision\.ml\.budgetMs` 0 not ≥ 10/],
    [{ 'risk.colour': 'red' }, /risk: unknown setting\(s\) colour/],
    [{ '__proto__.x': 1 }, /not allowed/],
  ] as const) {
    assert.throws(() => applySettingsPatch(DEFAULT_SETTINGS, patch), (e: unknown) => e instanceof CrowdflowError && e.code === 'CF_ERR_CONFIG' && re.test(e.message));
  }
});

test('settings take effect live: the risk score and the engine read the new values on their next call', async () => {
  const st = zoneState({ density: 5, surgeRate: 1, speed: 0.85 });
  assert.equal(assessRisk(st, DEFAULT_SETTINGS.risk).level, 'WARNING');
  const { settings } = applySettingsPatch(DEFAULT_SETTINGS, { 'risk.levels.warning': 0.55, 'risk.levels.critical': 0.8 });
  assert.equal(assessRisk(st, settings.risk).level, 'CAUTION');

  const engine = createDecisionEngine({ playbook: PILOT_PLAYBOOK, now: () => 0 });
  const busy = { 'entry-nw': { density: 3.3, speed: 1.0, occupancy: 1980 } };
  assert.ok((await engine.tick(input(T0, busy))).recommendations.length > 0);
  assert.equal((await engine.tick(input(T0 + 10_000, busy))).recommendations.length, 0, 'within the 300 s repeat cooldown');
  engine.setSettings(applySettingsPatch(DEFAULT_SETTINGS, { 'decision.recommendationCooldownMs': 5000 }).settings.decision);
  assert.ok((await engine.tick(input(T0 + 20_000, busy))).recommendations.length > 0, 'the new 5 s cooldown applies at once');
});

test('settings survive a restart through what the runtime stored; a corrupt store falls back to defaults and says so', () => {
  const { settings } = applySettingsPatch(DEFAULT_SETTINGS, { 'decision.ml.minConfidence': 0.8 });
  const stored = JSON.parse(JSON.stringify(settings));
  assert.deepEqual(restoreSettings(stored), { settings, problems: [] });
  assert.deepEqual(restoreSettings(null), { settings: DEFAULT_SETTINGS, problems: [] });
  const bad = restoreSettings({ risk: { weights: { density: 'a lot' } } });
  assert.deepEqual(bad.settings, DEFAULT_SETTINGS);
  assert.match(bad.problems[0]!, /risk\.weights\.density.*using the defaults/);
});

test('the audit log is append-only and keeps ticks and settings changes', async () => {
  const log = createAuditLog();
  const engine = createDecisionEngine({ playbook: PILOT_PLAYBOOK, now: () => 0 });
  const tick = await engine.tick(input(T0, { 'tunnel-n1': { density: 6.5, speed: 0.1, occupancy: 195 } }));
  for (const d of auditTick(tick, T0 as EpochMs)) log.append(d);
  const { changes } = applySettingsPatch(DEFAULT_SETTINGS, { 'decision.alertCooldownMs': 30_000 });
  log.append(auditSettingsChange(changes, 'ada', (T0 + 1) as EpochMs));
  const entries = log.entries();
  assert.equal(entries.length, tick.alerts.length + tick.recommendations.length + 1);
  entries.forEach((e, i) => {
    AuditRecord.parse(e);
    assert.equal(e.seq, i);
  });
  assert.ok(entries.some((e) => e.action === 'alert.raised'));
  const rec = entries.find((e) => e.action === 'recommendation.created')!;
  assert.ok(Array.isArray(rec.detail.trace) && rec.detail.trace.length > 0, 'the trace is kept');
  assert.equal(entries.at(-1)!.action, 'settings.changed');
  assert.throws(() => { (entries[0] as { actor: string }).actor = 'mallory'; }, TypeError);
  assert.throws(() => { (rec.detail as { zoneId: string }).zoneId = 'elsewhere'; }, TypeError);
  (entries as AuditRecord[]).length = 0;
  assert.equal(log.entries().length, tick.alerts.length + tick.recommendations.length + 1, 'a copy, not the log');
});
