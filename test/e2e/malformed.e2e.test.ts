/**
 * Bad input between good input: every malformed reading is rejected or dead-lettered with a
 * reason, and every valid reading beside it flows, over MQTT and over HTTP.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { createSensorPublisher, readingsTopic } from '../../src/adapters/index.ts';
import { READING_SCHEMA } from '../../src/contracts/index.ts';
import { startTestRuntime, tempDir, waitUntil } from './harness.ts';
import { wifiCount, zoneCount } from './readings.ts';

test('MQTT: malformed readings are dead-lettered with a reason, valid ones between them flow', async () => {
  const dir = tempDir();
  const rt = await startTestRuntime(dir.path);
  const pub = createSensorPublisher({ url: rt.mqtt.url, venueId: rt.venue.id, keys: rt.sensorKeys });
  const sensor = 'cam-entry-nw';
  const valid: string[] = [];
  const good = async (): Promise<void> => {
    const r = zoneCount(sensor, 100 + valid.length, Date.now());
    valid.push(r.id);
    await pub.publish([r]);
  };
  const bad = async (payload: unknown): Promise<void> => {
    await pub.publishRaw(sensor, typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload));
    await good();
  };
  try {
    await good();
    const base = { schema: READING_SCHEMA, sensorId: sensor, kind: 'zone_count' };
    await bad({ ...base, id: 'wrong-types', ts: 'yesterday', count: 'many' });
    await bad({ schema: READING_SCHEMA, sensorId: sensor, kind: 'zone_count' });
    await bad('{"schema": "crowdflow.reading/v1", "id": "nan", "ts": 1, "count": NaN}');
    await bad(`{"schema":"${READING_SCHEMA}","id":"inf","sensorId":"${sensor}","ts":${Date.now()},"kind":"zone_count","count":1e400}`);
    await bad({ ...base, id: 'other-sensor', sensorId: 'cam-nowhere', ts: Date.now(), count: 3 });
    await bad({ ...base, id: 'future', ts: Date.now() + 3_600_000, count: 3 });
    await bad({ ...base, id: 'ancient', ts: 1_000, count: 3 });
    await bad(wifiCount(sensor, 10, Date.now()));
    await bad(Buffer.alloc(1_500_000, 0x20));
    await bad({ ...base, id: 'extra-field', ts: Date.now(), count: 3, name: 'Alice' });

    // A sensor with a wrong key, or one the venue does not know, cannot even connect.
    for (const [username, password] of [[sensor, 'wrong-key'], ['cam-nowhere', 'x']]) {
      const refused = await new Promise<string>((res) => {
        const c = mqtt.connect(rt.mqtt.url, { username, password, reconnectPeriod: 0 });
        c.once('connect', () => { c.end(true); res('connected'); });
        c.once('error', (e) => { c.end(true); res(e.message); });
      });
      assert.match(refused, /Bad username or password|Not authorized/i);
    }
    // A packet far over the limit ends that connection before its body is buffered.
    const big = await new Promise<string>((res) => {
      const c = mqtt.connect(rt.mqtt.url, { username: sensor, password: rt.sensorKeys[sensor], reconnectPeriod: 0 });
      c.once('connect', () => c.publish(readingsTopic(rt.venue.id, sensor), Buffer.alloc(5_000_000), { qos: 1 }, (e) => res(e ? e.message : 'acked')));
      c.once('close', () => res('closed'));
    });
    assert.notEqual(big, 'acked');
    await good();

    await waitUntil(() => valid.every((id) => rt.store.log.has(id)), 5000, 'every valid reading in the log');
    assert.equal(rt.store.log.count(), valid.length, 'nothing but the valid readings in the log');
    const byCode = rt.store.deadLetters.countByCode();
    assert.ok((byCode.CF_ERR_READING_SCHEMA ?? 0) >= 4, JSON.stringify(byCode));
    assert.equal(byCode.CF_ERR_READING_JSON, 1, JSON.stringify(byCode));
    assert.equal(byCode.CF_ERR_TIMESTAMP, 2, JSON.stringify(byCode));
    assert.equal(byCode.CF_ERR_SENSOR_KIND, 1, JSON.stringify(byCode));
    assert.ok((byCode.CF_ERR_SENSOR_AUTH ?? 0) >= 3, 'other sensor id, wrong key, unknown sensor');
    assert.ok((byCode.CF_ERR_READING_TOO_LARGE ?? 0) >= 2, 'over the reading limit, and over the packet limit');
    for (const d of rt.store.deadLetters.list({ limit: 100 })) assert.match(d.reason, /^CF_ERR_[A-Z_]+: .{10,}/, 'each with a reason');
    const extra = rt.store.deadLetters.list({ limit: 100 }).find((d) => d.payload.includes('extra-field'));
    assert.match(extra!.reason, /name/, 'an unknown field (possible personal data) is named');
    const drained = rt.pipeline.idle().then(() => rt.pipeline.counters.drained);
    await waitUntil(async () => (await drained) >= 0 && rt.pipeline.counters.drained === valid.length, 5000, 'every valid reading processed');
  } finally {
    await pub.close();
    await rt.stop();
    dir.remove();
  }
});

test('HTTP: a batch with bad readings accepts the valid ones and names each rejection', async () => {
  const dir = tempDir();
  const rt = await startTestRuntime(dir.path);
  const sensor = 'cam-entry-ne';
  const auth = `Basic ${Buffer.from(`${sensor}:${rt.sensorKeys[sensor]}`).toString('base64')}`;
  const post = (body: string | Buffer, authorization = auth) =>
    fetch(`${rt.http.url}/api/v1/readings`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body });
  try {
    const now = Date.now();
    const ok = [zoneCount(sensor, 10, now), zoneCount(sensor, 11, now + 1), zoneCount(sensor, 12, now + 2)];
    const batch = [ok[0], { ...ok[1], id: 'bad-types', count: -4 }, ok[1], zoneCount('cam-entry-nw', 5, now), ok[2]];
    const res = await post(JSON.stringify({ schema: 'crowdflow.reading-batch/v1', readings: batch }));
    assert.equal(res.status, 207);
    const body = (await res.json()) as { accepted: number; duplicates: number; rejected: Array<{ index: number; id: string; code: string; reason: string }> };
    assert.equal(body.accepted, 3);
    assert.deepEqual(body.rejected.map((r) => [r.index, r.code]), [[1, 'CF_ERR_READING_SCHEMA'], [3, 'CF_ERR_SENSOR_AUTH']]);
    assert.match(body.rejected[0]!.reason, /field count/);
    for (const r of ok) assert.ok(rt.store.log.has(r.id));

    // A retry of the same body is acknowledged without counting anything twice.
    const retry = (await (await post(JSON.stringify(ok))).json()) as { accepted: number; duplicates: number };
    assert.deepEqual([retry.accepted, retry.duplicates], [0, 3]);
    assert.equal(rt.store.log.count(), 3);

    assert.equal((await post(JSON.stringify(ok[0]), `Basic ${Buffer.from(`${sensor}:wrong`).toString('base64')}`)).status, 401);
    assert.equal((await post('{not json')).status, 400);
    assert.equal((await post(Buffer.alloc(1_500_000, 0x20))).status, 413);
    assert.equal((await post(Buffer.alloc(6_000_000, 0x20))).status, 413);
    const codes = rt.store.deadLetters.countByCode();
    assert.equal(codes.CF_ERR_READING_JSON, 1);
    assert.equal(codes.CF_ERR_READING_TOO_LARGE, 1, 'the body within the transport limit is dead-lettered');
  } finally {
    await rt.stop();
    dir.remove();
  }
});
