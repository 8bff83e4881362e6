/**
 * End-to-end alert latency: an MQTT publish that pushes a zone over a trigger → the alert on a
 * console WebSocket, under a background load of readings over MQTT. The runtime runs in its own
 * process (as in production); load, probes and the console client run here.
 *
 *   npm run bench -- latency [--rate 1000] [--seconds 30]
 */
import { performance } from 'node:perf_hooks';
import { createSensorPublisher } from '../src/adapters/index.ts';
import type { ConsoleMessage, SensorReading } from '../src/contracts/index.ts';
import { loadVenueFile } from '../src/venue/index.ts';
import { api, ConsoleClient, login, PILOT_VENUE, startChildRuntime, tempDir } from '../test/e2e/harness.ts';
import { lineCount, wifiCount, zoneCount } from '../test/e2e/readings.ts';
import { percentile } from './stats.ts';

export async function benchLatency(opts: { rate: number; seconds: number }): Promise<void> {
  const venue = loadVenueFile(PILOT_VENUE);
  const dir = tempDir('crowdflow-bench-');
  const rt = await startChildRuntime(dir.path);
  try {
    const token = await login(rt.httpUrl);
    // Every probe must raise a fresh alert: no cooldown and no trigger hold between probes.
    await api(rt.httpUrl, token, '/api/v1/settings', { method: 'POST', body: { decision: { alertCooldownMs: 0, triggerHoldMs: 0 } } });
    const consoleClient = await ConsoleClient.connect(rt.httpUrl, token);
    const pub = createSensorPublisher({ url: rt.mqttUrl, venueId: venue.id, keys: rt.sensorKeys, qos: 0 });

    // Probe zones: each has a camera count and no other source that would hold its level up.
    const probes = ['cam-entry-nw', 'cam-entry-ne', 'cam-entry-sw', 'cam-entry-se', 'cam-entry-w', 'cam-entry-e', 'cam-food-court', 'cam-toilets-s'];
    const probeSensors = new Set(probes);
    const loadSensors = venue.sensors.filter((s) => !probeSensors.has(s.id) && s.kind !== 'tracks' && s.kind !== 'ticket_scan');
    const zoneOf = (sensorId: string) => venue.zoneById.get(venue.sensorById.get(sensorId as never)!.zoneIds[0]!)!;
    // Warm up: connect every client and establish a calm state everywhere.
    await pub.publish(probes.map((s) => zoneCount(s, 10, Date.now())));
    await pub.publish(loadSensors.map((s) => loadReading(s.id, s.kind, Date.now())));
    await new Promise((r) => setTimeout(r, 1500));

    const latencies: number[] = [];
    let sent = 0;
    let missed = 0;
    const loadPerTick = opts.rate / 100; // a tick every 10 ms
    let carry = 0;
    const loadTimer = setInterval(() => {
      carry += loadPerTick;
      const n = Math.floor(carry);
      carry -= n;
      const now = Date.now();
      const batch: SensorReading[] = [];
      for (let i = 0; i < n; i++) {
        const s = loadSensors[(sent + i) % loadSensors.length]!;
        batch.push(loadReading(s.id, s.kind, now));
      }
      sent += n;
      pub.publish(batch).catch((e: Error) => console.error(`load publish failed: ${e.message}`));
    }, 10);

    const end = performance.now() + opts.seconds * 1000;
    for (let k = 0; performance.now() < end; k++) {
      const sensorId = probes[k % probes.length]!;
      const zone = zoneOf(sensorId);
      const high = Math.ceil(zone.areaSqm * 7); // 7 p/m²: extreme density
      const seen = consoleClient.messages.length;
      const t0 = performance.now();
      await pub.publish([zoneCount(sensorId, high, Date.now())]);
      try {
        await consoleClient.waitFor((m: ConsoleMessage) => m.type === 'alert' && m.alert.zoneId === zone.id && consoleClient.messages.indexOf(m) >= seen, 2000);
        latencies.push(performance.now() - t0);
      } catch {
        missed++;
      }
      // Calm the zone again so the next probe of it is a fresh crossing.
      await pub.publish([zoneCount(sensorId, 5, Date.now())]);
      await new Promise((r) => setTimeout(r, 150));
      consoleClient.messages.splice(0, consoleClient.messages.length - 50);
    }
    clearInterval(loadTimer);
    const stats = (await api<{ ingest: { accepted: number }; deadLetters: { count: number } }>(rt.httpUrl, token, '/api/v1/stats')).body;
    latencies.sort((a, b) => a - b);
    console.log(`latency (MQTT publish → alert on WebSocket) under ${opts.rate} readings/s for ${opts.seconds} s:`);
    console.log(`  probes ${latencies.length} (missed ${missed}), p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p99 ${percentile(latencies, 0.99).toFixed(1)} ms, max ${latencies.at(-1)?.toFixed(1)} ms`);
    console.log(`  load sent ${sent} readings (${(sent / opts.seconds).toFixed(0)}/s), accepted by the runtime ${stats.ingest.accepted}, dead letters ${stats.deadLetters.count}`);
    const metrics = await (await fetch(`${rt.httpUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
    for (const name of ['crowdflow_ingest_to_decision_seconds', 'crowdflow_tick_seconds', 'crowdflow_checkpoint_seconds']) {
      const sum = Number(metrics.match(new RegExp(`^${name}_sum (\\S+)$`, 'm'))?.[1]);
      const count = Number(metrics.match(new RegExp(`^${name}_count (\\S+)$`, 'm'))?.[1]);
      const over = (le: string): number => count - Number(metrics.match(new RegExp(`^${name}_bucket\\{le="${le}"\\} (\\S+)$`, 'm'))?.[1] ?? count);
      console.log(`  server ${name.replace('crowdflow_', '').replace('_seconds', '')}: ${count} × mean ${count > 0 ? ((sum / count) * 1000).toFixed(2) : '–'} ms; over 20 ms: ${over('0.02')}, over 50 ms: ${over('0.05')}`);
    }
    consoleClient.close();
    await pub.close();
  } finally {
    await rt.kill('SIGTERM');
    dir.remove();
  }
}

function loadReading(sensorId: string, kind: string, ts: number): SensorReading {
  if (kind === 'line_count') return lineCount(sensorId, 1, 1, ts);
  if (kind === 'wifi_count') return wifiCount(sensorId, 30, ts);
  return zoneCount(sensorId, 5, ts);
}
