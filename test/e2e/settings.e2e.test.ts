/**
 * Live settings: a change takes effect on the next zone state, survives a restart and is audited.
 * (The original CrowdSafe code stored its settings page's values but never read them.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSensorPublisher } from '../../src/adapters/index.ts';
import type { ConsoleMessage } from '../../src/contracts/index.ts';
import { api, ConsoleClient, login, startTestRuntime, tempDir } from './harness.ts';
import { zoneCount } from './readings.ts';

type Snapshot = Extract<ConsoleMessage, { type: 'snapshot' }>;
const scoreOf = (m: Snapshot, zone: string): number | null => m.zones.find((z) => z.state.zoneId === zone)?.risk.score ?? null;

test('risk settings apply live, persist across a restart and are audited', async () => {
  const dir = tempDir();
  let rt = await startTestRuntime(dir.path, { tickMs: 250 });
  try {
    let token = await login(rt.http.url);
    const pub = createSensorPublisher({ url: rt.mqtt.url, venueId: rt.venue.id, keys: rt.sensorKeys });
    const consoleClient = await ConsoleClient.connect(rt.http.url, token);
    // 2 p/m² in the 600 m² food court: density norm 0.2.
    await pub.publish([zoneCount('cam-food-court', 1200, Date.now())]);
    const before = await consoleClient.waitFor((m): m is Snapshot => m.type === 'snapshot' && scoreOf(m, 'food-court') !== null);
    const s0 = scoreOf(before, 'food-court')!;

    const changed = await api<{ settings: { risk: { weights: { density: number } } } }>(rt.http.url, token, '/api/v1/settings', { method: 'POST', body: { risk: { weights: { density: 1 } } } });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.settings.risk.weights.density, 1);
    const seen = consoleClient.messages.length;
    await pub.publish([zoneCount('cam-food-court', 1200, Date.now())]);
    const after = await consoleClient.waitFor((m): m is Snapshot => m.type === 'snapshot' && consoleClient.messages.indexOf(m) >= seen && scoreOf(m, 'food-court') !== null && scoreOf(m, 'food-court')! > s0 + 0.1);
    // The density term went from 0.4 × 0.2 to 1 × 0.2 (×1.15 above 100 people).
    assert.ok(Math.abs(scoreOf(after, 'food-court')! - s0 - 0.6 * 0.2 * 1.15) < 0.02, `${s0} → ${scoreOf(after, 'food-court')}`);
    consoleClient.close();
    await pub.close();

    await rt.stop();
    rt = await startTestRuntime(dir.path, { tickMs: 250 });
    token = await login(rt.http.url);
    const persisted = await api<{ settings: { risk: { weights: { density: number } } } }>(rt.http.url, token, '/api/v1/settings');
    assert.equal(persisted.body.settings.risk.weights.density, 1, 'the change survived the restart');
    const audit = (await api<{ audit: Array<{ action: string; actor: string; detail: { patch?: unknown } }> }>(rt.http.url, token, '/api/v1/audit?limit=1000')).body.audit;
    const entry = audit.find((a) => a.action === 'settings.change');
    assert.equal(entry?.actor, 'admin');
    assert.deepEqual(entry?.detail.patch, { risk: { weights: { density: 1 } } });
  } finally {
    await rt.stop();
    dir.remove();
  }
});
