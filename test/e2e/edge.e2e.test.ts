/**
 * The edge gateway across an uplink failure: ten simulated minutes of a sector's traffic while the
 * uplink is cut, then restored. Nothing is lost, nothing is counted twice (even when answers are
 * lost and batches resent), the server corrects the windows the late readings fall in, raw device
 * identifiers never leave the edge and personal data is refused at the source.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSensorPublisher } from '../../src/adapters/index.ts';
import type { SensorReading } from '../../src/contracts/index.ts';
import { startEdge } from '../../src/runtime/edge.ts';
import { EDGE_WIFI_SCHEMA } from '../../src/sensors/edge/index.ts';
import { startCuttableProxy } from './cuttable-proxy.ts';
import { api, login, PILOT_VENUE, startTestRuntime, tempDir, waitUntil } from './harness.ts';
import { lineCount, zoneCount } from './readings.ts';

test('ten minutes of sector traffic through a cut uplink: nothing lost, nothing doubled, windows corrected', async () => {
  const central = tempDir();
  // The allowed lateness covers the outage, so the late readings correct their windows.
  const rt = await startTestRuntime(central.path, { tickMs: 500, stream: { allowedLatenessMs: 15 * 60_000 } });
  const proxy = await startCuttableProxy(rt.http.port);
  const edgeDir = tempDir();
  const edge = await startEdge({
    venueFile: PILOT_VENUE, gatewayId: 'edge-north', upstreamUrl: proxy.url, gatewayKey: rt.sensorKeys['edge-north']!,
    sensorKeys: rt.sensorKeys, dataDir: edgeDir.path, mqtt: { host: '127.0.0.1', port: 0 },
  });
  const local = createSensorPublisher({ url: edge.mqtt.url, venueId: rt.venue.id, keys: rt.sensorKeys });
  const direct = createSensorPublisher({ url: rt.mqtt.url, venueId: rt.venue.id, keys: rt.sensorKeys });
  const published: string[] = [];
  const send = async (readings: SensorReading[]): Promise<void> => {
    await local.publish(readings);
    published.push(...readings.map((r) => r.id));
  };
  try {
    // Uplink up: readings flow through.
    await send([zoneCount('cam-entry-nw', 40, Date.now())]);
    await waitUntil(() => rt.store.log.count() === 1 && edge.buffer.count() === 0, 5000, 'the first reading upstream and acknowledged');

    proxy.cut();
    // Ten simulated minutes (event time) of the sector's traffic, 1 Hz per sensor, published fast.
    const t0 = Date.now() - 11 * 60_000;
    for (let s = 0; s < 600; s += 30) {
      const wave: SensorReading[] = [];
      for (let k = s; k < s + 30; k++) {
        const ts = t0 + k * 1000;
        wave.push(zoneCount('cam-entry-nw', 40 + k, ts), lineCount('lc-gate-nw', 2, 0, ts), zoneCount('cam-tunnel-n1', 10 + (k % 20), ts));
      }
      await send(wave);
    }
    // The rest of the venue keeps flowing straight to the server, so its watermark moves on and
    // the sector's readings will arrive late.
    await direct.publish([zoneCount('cam-entry-sw', 50, Date.now())]);
    // Raw device ids and personal data, while the uplink is still down.
    const macs = ['AA:BB:CC:00:00:01', 'aa:bb:cc:00:00:01', 'AA:BB:CC:00:00:02', 'AA:BB:CC:00:00:03'];
    await local.publishRaw('wifi-concourse-n', JSON.stringify({ schema: EDGE_WIFI_SCHEMA, id: 'wifi-raw-1', sensorId: 'wifi-concourse-n', ts: Date.now() - 60_000, intervalMs: 10_000, devices: macs }));
    published.push('wifi-raw-1');
    await local.publishRaw('cam-entry-nw', JSON.stringify({ schema: 'crowdflow.reading/v1', id: 'pii-1', sensorId: 'cam-entry-nw', ts: Date.now(), kind: 'zone_count', count: 3, email: 'someone@example.org' }));

    await waitUntil(() => edge.buffer.count() === published.length - 1, 5000, 'the outage traffic buffered at the edge');
    assert.equal(rt.store.log.count(), 2, 'nothing crossed the cut uplink');
    assert.equal(edge.forwarder.stats.upstreamUp, false);

    // Restore, and lose the answers to the first two batches: the edge resends them.
    proxy.loseNextAnswers(2);
    proxy.restore();
    await waitUntil(() => edge.buffer.count() === 0, 60_000, 'the edge buffer to drain');
    await waitUntil(() => published.every((id) => rt.store.log.has(id)), 10_000, 'every reading upstream');
    assert.equal(rt.store.log.count(), published.length + 1, 'each reading once (plus the direct one)');
    assert.ok(rt.store.deadLetters.count() === 0, 'the upstream rejected nothing');

    // The late readings corrected their windows: processed late but within the allowed lateness.
    await waitUntil(() => rt.pipeline.counters.drained === rt.store.log.count(), 10_000, 'the server to process everything');
    const token = await login(rt.http.url);
    const serverStats = (await api<{ ingest: { duplicates: number }; stream: Record<string, number> }>(rt.http.url, token, '/api/v1/stats')).body;
    assert.ok(serverStats.ingest.duplicates > 0, 'batches whose answer was lost were resent, and recognised');
    const stats = serverStats.stream;
    assert.ok(stats.lateCorrected! >= 1700, `late readings corrected their windows: ${JSON.stringify(stats)}`);
    assert.equal(stats.late, 0, 'none beyond the allowed lateness');

    // Privacy: the wifi count is of unique devices, the identifiers never left the edge.
    const wifi = rt.store.log.readAfter(-1, 5000).find((r) => r.reading.id === 'wifi-raw-1')!;
    assert.equal(wifi.reading.kind === 'wifi_count' && wifi.reading.devices, 3);
    const dbBytes = readFileSync(join(central.path, 'crowdflow.sqlite')).toString('latin1') + readFileSync(join(central.path, 'crowdflow.sqlite-wal')).toString('latin1');
    assert.ok(!/AA:BB:CC/i.test(dbBytes), 'no device identifier in the server database');
    const refused = edge.buffer.deadLetters().find((d) => d.code === 'CF_ERR_PERSONAL_DATA');
    assert.match(refused!.reason, /email/);
    assert.ok(!rt.store.log.has('pii-1'));
  } finally {
    await local.close(true);
    await direct.close(true);
    await edge.stop();
    await proxy.close();
    await rt.stop();
    central.remove();
    edgeDir.remove();
  }
});
