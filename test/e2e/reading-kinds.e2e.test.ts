/**
 * Every reading kind of the contract, single and batched, over MQTT and over HTTP, reaches the
 * zone states it should inform.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSensorPublisher } from '../../src/adapters/index.ts';
import { READING_BATCH_SCHEMA, READING_SCHEMA, type ConsoleMessage, type SensorReading } from '../../src/contracts/index.ts';
import { ConsoleClient, login, startTestRuntime, tempDir, waitUntil } from './harness.ts';
import { lineCount, wifiCount, zoneCount } from './readings.ts';

type Snapshot = Extract<ConsoleMessage, { type: 'snapshot' }>;

test('line_count, zone_count, tracks, ticket_scan and wifi_count, single and batched, over MQTT and HTTP', async () => {
  const dir = tempDir();
  const rt = await startTestRuntime(dir.path, { tickMs: 250 });
  const pub = createSensorPublisher({ url: rt.mqtt.url, venueId: rt.venue.id, keys: rt.sensorKeys });
  const httpPost = async (sensorId: string, body: unknown): Promise<number> => {
    const res = await fetch(`${rt.http.url}/api/v1/readings`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${sensorId}:${rt.sensorKeys[sensorId]}`).toString('base64')}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await res.arrayBuffer();
    return res.status;
  };
  try {
    const token = await login(rt.http.url);
    const consoleClient = await ConsoleClient.connect(rt.http.url, token);
    const now = Date.now();
    // tracks over MQTT, single: 600 people in the 600 m² camera coverage of the 1500 m² main pit.
    const positions = Array.from({ length: 600 }, (_, i) => ({ trackId: `p${i}`, x: 50.5 + (i % 20), y: 60.5 + Math.floor(i / 20), vx: 0.1, vy: 0 }));
    await pub.publish([{ schema: READING_SCHEMA, id: `trk-${now}`, sensorId: 'trk-main-pit', ts: now, kind: 'tracks', tracks: positions } as SensorReading]);
    // wifi_count over MQTT, batched: 700 devices × 1.4 people per device in the north concourse.
    await pub.publishRaw('wifi-concourse-n', JSON.stringify({ schema: READING_BATCH_SCHEMA, readings: [wifiCount('wifi-concourse-n', 690, now - 10_000), wifiCount('wifi-concourse-n', 700, now)] }));
    // zone_count over HTTP, single; line_count over HTTP, batched (an array).
    assert.equal(await httpPost('cam-entry-ne', zoneCount('cam-entry-ne', 321, now)), 200);
    assert.equal(await httpPost('lc-gate-se', [lineCount('lc-gate-se', 12, 0, now - 1000), lineCount('lc-gate-se', 18, 0, now)]), 200);
    // ticket_scan over HTTP, batched object.
    const scan = (id: string, entries: number, ts: number): SensorReading =>
      ({ schema: READING_SCHEMA, id, sensorId: 'ts-gate-w', ts, kind: 'ticket_scan', intervalMs: 5000, entries, categories: { reduced_mobility: 1 } }) as unknown as SensorReading;
    assert.equal(await httpPost('ts-gate-w', { schema: READING_BATCH_SCHEMA, readings: [scan(`sc1-${now}`, 30, now - 5000), scan(`sc2-${now}`, 40, now)] }), 200);

    await waitUntil(() => rt.store.log.count() === 8, 5000, 'all eight readings in the log');
    const zone = (s: Snapshot, id: string) => s.zones.find((z) => z.state.zoneId === id)!.state;
    const snap = (await consoleClient.waitFor((m): m is Snapshot =>
      m.type === 'snapshot' && ['main-pit', 'concourse-n', 'entry-ne'].every((id) => m.zones.find((z) => z.state.zoneId === id)?.state.status !== 'unknown') &&
      ['entry-se', 'entry-w'].every((id) => (m.zones.find((z) => z.state.zoneId === id)?.state.inflowPerMin ?? 0) > 0), 10_000));
    // Tracks: density from the covered area scaled to the zone: 600 / 600 m² = 1 p/m².
    assert.ok(Math.abs(zone(snap, 'main-pit').density! - 1) < 0.05, `main pit ${zone(snap, 'main-pit').density}`);
    assert.equal(zone(snap, 'main-pit').speedEstimated, false, 'speed measured from tracks');
    assert.ok(Math.abs(zone(snap, 'concourse-n').occupancy! - 980) < 30, `concourse ${zone(snap, 'concourse-n').occupancy}`);
    assert.equal(zone(snap, 'entry-ne').occupancy, 321);
    // Entry plazas: flows are measured, but with counters on the gate only (not on the way out
    // to the concourse) occupancy cannot be integrated: the zone says unknown, never zero.
    assert.ok(zone(snap, 'entry-se').inflowPerMin! > 0, 'line counts give an inflow');
    assert.ok(zone(snap, 'entry-w').inflowPerMin! > 0, 'ticket scans give an inflow');
    assert.equal(zone(snap, 'entry-w').occupancy, null);
    consoleClient.close();
  } finally {
    await pub.close();
    await rt.stop();
    dir.remove();
  }
});

test('a line counter\'s running totals over MQTT bring back the count of a reading that never arrived', async () => {
  const dir = tempDir();
  const rt = await startTestRuntime(dir.path, { tickMs: 250 });
  const pub = createSensorPublisher({ url: rt.mqtt.url, venueId: rt.venue.id, keys: rt.sensorKeys });
  try {
    const token = await login(rt.http.url);
    const consoleClient = await ConsoleClient.connect(rt.http.url, token);
    const t = Date.now() - 3000;
    const counted = (sensorId: string, ts: number, n: number, total: number): SensorReading => ({ ...lineCount(sensorId, n, 0, ts), totalIn: total, totalOut: 0 }) as SensorReading;
    // Tunnel S3 is counted at its two ends only. Into it: 5, 7 (that reading is lost), 4; on to the side pit: 2 in the last second.
    await pub.publish([counted('lc-s3-outer', t, 5, 5), counted('lc-s3-inner', t, 0, 0), counted('lc-s3-inner', t + 1000, 0, 0)]);
    await pub.publish([counted('lc-s3-outer', t + 2000, 4, 16), counted('lc-s3-inner', t + 2000, 2, 2)]);
    await waitUntil(() => rt.store.log.count() === 5, 5000, 'the five readings in the log');
    const metrics = async (): Promise<string> => (await fetch(`${rt.http.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
    // All five processed (the last one brought the lost 7 back), then the next snapshot.
    await waitUntil(async () => /^crowdflow_stream_counts_recovered_total 7$/m.test(await metrics()), 10_000, 'the lost reading\'s 7 recovered');
    assert.match(await metrics(), /^crowdflow_stream_counter_restarts_total 0$/m);
    const after = Date.now();
    const snap = await consoleClient.waitFor((m): m is Snapshot => m.type === 'snapshot' && m.ts >= after, 10_000);
    const occupancy = snap.zones.find((z) => z.state.zoneId === 'tunnel-s3')!.state.occupancy!;
    assert.ok(Math.abs(occupancy - (5 + 7 + 4 - 2)) < 1e-9, `tunnel S3 holds ${occupancy}`);
    consoleClient.close();
  } finally {
    await pub.close();
    await rt.stop();
    dir.remove();
  }
});
