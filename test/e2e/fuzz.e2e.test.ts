/**
 * Thousands of randomly malformed readings through MQTT and HTTP, mixed with valid ones: the
 * runtime does not crash, every valid reading is in the log, every malformed one is a dead
 * letter with a reason.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSensorPublisher } from '../../src/adapters/index.ts';
import { fuzzCases } from '../../src/ingest/index.ts';
import { startTestRuntime, tempDir, waitUntil } from './harness.ts';

test('2,000 fuzzed payloads over MQTT and 1,000 over HTTP', async () => {
  const dir = tempDir();
  const rt = await startTestRuntime(dir.path);
  const pub = createSensorPublisher({ url: rt.mqtt.url, venueId: rt.venue.id, keys: rt.sensorKeys });
  try {
    const mqttCases = fuzzCases(2000, { seed: 11, sensorId: 'cam-entry-nw', now: Date.now() });
    for (let i = 0; i < mqttCases.length; i += 100) {
      await Promise.all(mqttCases.slice(i, i + 100).map((c) => pub.publishRaw('cam-entry-nw', c.payload)));
    }
    const httpCases = fuzzCases(1000, { seed: 12, sensorId: 'cam-entry-ne', now: Date.now() });
    const auth = `Basic ${Buffer.from(`cam-entry-ne:${rt.sensorKeys['cam-entry-ne']}`).toString('base64')}`;
    for (const c of httpCases) {
      const res = await fetch(`${rt.http.url}/api/v1/readings`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: c.payload });
      assert.equal(res.status, c.valid ? 200 : res.status === 413 ? 413 : 400, `${c.mutation}: HTTP ${res.status}`);
      await res.arrayBuffer();
    }
    const all = [...mqttCases, ...httpCases];
    const valid = all.filter((c) => c.valid);
    await waitUntil(() => rt.store.log.count() === valid.length, 10_000, 'every valid reading in the log');
    for (const c of valid) assert.ok(rt.store.log.has((JSON.parse(c.payload) as { id: string }).id));
    const dead = rt.store.deadLetters.count();
    assert.ok(dead >= all.length - valid.length, `${dead} dead letters for ${all.length - valid.length} malformed payloads`);
    assert.ok(rt.store.deadLetters.list({ limit: 5000 }).every((d) => /^CF_ERR_[A-Z_]+: /.test(d.reason)));
    // Still serving.
    assert.equal((await fetch(`${rt.http.url}/healthz`)).status, 200);
  } finally {
    await pub.close();
    await rt.stop();
    dir.remove();
  }
});
