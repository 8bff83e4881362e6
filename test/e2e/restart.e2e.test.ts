/**
 * Crash safety: the runtime is SIGKILLed mid-stream and restarted on the same data. Every
 * reading the broker acknowledged survives, sensors retry what was not acknowledged (and some
 * that were), and in the end each reading is in the log once and processed once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createSensorPublisher } from '../../src/adapters/index.ts';
import type { SensorReading } from '../../src/contracts/index.ts';
import { api, login, startChildRuntime, tempDir, waitUntil } from './harness.ts';
import { lineCount, zoneCount } from './readings.ts';

interface Stats { log: { count: number; lastOffset: number }; stream: { offset: number; processed: number; duplicates: number } }

test('SIGKILL mid-stream loses no acknowledged reading and counts none twice', async () => {
  const dir = tempDir();
  const base = Date.now() - 50_000;
  const readings: SensorReading[] = [];
  for (let i = 0; i < 400; i++) {
    readings.push(zoneCount('cam-entry-nw', 100 + (i % 40), base + i * 100, `rs-zc-${i}`));
    readings.push(lineCount('lc-gate-nw', 2, 1, base + i * 100, `rs-lc-${i}`));
  }
  const acked = new Set<string>();
  let child = await startChildRuntime(dir.path);
  try {
    // Publish in waves of 20 concurrent QoS 1 messages; kill the runtime during the wave that
    // follows the 300th acknowledgement, so that some publishes are in flight when it dies.
    let pub = createSensorPublisher({ url: child.mqttUrl, venueId: 'pilot-arena', keys: child.sensorKeys });
    let killed = false;
    for (let i = 0; i < readings.length && !killed; i += 20) {
      const wave = readings.slice(i, i + 20);
      const sends = wave.map((r) => pub.publish([r]).then(() => acked.add(r.id), () => undefined));
      if (acked.size >= 300) {
        await new Promise((r) => setTimeout(r, 2));
        await child.kill('SIGKILL');
        killed = true;
      }
      await Promise.race([Promise.all(sends), new Promise((r) => setTimeout(r, 2000))]);
    }
    assert.ok(killed, 'the runtime was killed mid-stream');
    const ackedBeforeKill = acked.size;
    assert.ok(ackedBeforeKill >= 300 && ackedBeforeKill < readings.length, `${ackedBeforeKill} acknowledged before the kill`);
    await pub.close(true);

    child = await startChildRuntime(dir.path);
    pub = createSensorPublisher({ url: child.mqttUrl, venueId: 'pilot-arena', keys: child.sensorKeys });
    // Sensors retry everything unacknowledged, and (lost PUBACKs) the last 50 acknowledged ones.
    const ackedList = readings.filter((r) => acked.has(r.id));
    const retry = [...ackedList.slice(-50), ...readings.filter((r) => !acked.has(r.id))];
    for (let i = 0; i < retry.length; i += 50) await pub.publish(retry.slice(i, i + 50));
    await pub.close();

    const token = await login(child.httpUrl);
    let stats: Stats | null = null;
    await waitUntil(async () => {
      stats = (await api<Stats>(child.httpUrl, token, '/api/v1/stats')).body;
      return stats.log.count === readings.length && stats.stream.offset === stats.log.lastOffset;
    }, 15_000, 'the restarted runtime to process the whole log');
    const s = stats!;
    assert.equal(s.log.count, readings.length, 'each reading in the log exactly once');
    assert.equal(s.stream.processed, readings.length, 'each reading processed exactly once across the restart');
  } finally {
    await child.kill('SIGTERM');
    const db = new Database(join(dir.path, 'crowdflow.sqlite'), { readonly: true });
    try {
      const ids = new Set((db.prepare('SELECT id FROM readings').pluck().all() as string[]));
      for (const id of acked) assert.ok(ids.has(id), `acknowledged reading ${id} survived`);
    } finally {
      db.close();
      dir.remove();
    }
  }
});
