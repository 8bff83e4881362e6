/**
 * Operating the running system: a playbook edited on disk is reloaded (a bad edit keeps the last
 * good one, and says why, in the audit log); readings too late for any window are counted and
 * listed, never silently dropped.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSensorPublisher } from '../../src/adapters/index.ts';
import { startEmbedded } from '../../src/runtime/embedded.ts';
import { ADMIN_PASSWORD, api, login, PILOT_PLAYBOOK, PILOT_VENUE, tempDir, waitUntil } from './harness.ts';
import { zoneCount } from './readings.ts';

test('playbook hot reload, bad edits kept out; late records counted and listed', async () => {
  const dir = tempDir();
  const playbook = join(dir.path, 'playbook.yaml');
  copyFileSync(PILOT_PLAYBOOK, playbook);
  const rt = await startEmbedded({
    venue: PILOT_VENUE, playbook, dataDir: dir.path, http: { host: '127.0.0.1', port: 0 }, mqtt: { host: '127.0.0.1', port: 0 },
    tickMs: 250, durability: 'normal', logLevel: 'silent', webRoot: null, env: { CROWDFLOW_ADMIN_PASSWORD: ADMIN_PASSWORD },
  });
  const pub = createSensorPublisher({ url: rt.mqtt.url, venueId: rt.venue.id, keys: rt.sensorKeys });
  try {
    const token = await login(rt.http.url);
    const audit = async (): Promise<Array<{ action: string; detail: { error?: string } }>> =>
      (await api<{ audit: Array<{ action: string; detail: { error?: string } }> }>(rt.http.url, token, '/api/v1/audit?limit=1000')).body.audit;

    // A bad edit: an unknown zone id. The previous playbook stays in force.
    const good = readFileSync(playbook, 'utf8');
    writeFileSync(playbook, good.replace('zones: { types: [stage_front] }', 'zones: { ids: [no-such-zone] }'));
    await waitUntil(async () => (await audit()).some((a) => a.action === 'playbook.reload_failed'), 5000, 'the failed reload in the audit');
    const failed = (await audit()).find((a) => a.action === 'playbook.reload_failed')!;
    assert.match(failed.detail.error ?? '', /no-such-zone/);
    // A good edit is taken.
    writeFileSync(playbook, good.replace('Baseline crowd-safety playbook', 'Edited crowd-safety playbook'));
    await waitUntil(async () => (await audit()).some((a) => a.action === 'playbook.reload'), 5000, 'the reload in the audit');

    // Late records: the watermark is at now; a reading five minutes old is past the 60 s lateness.
    await pub.publish([zoneCount('cam-entry-sw', 100, Date.now())]);
    await pub.publish([zoneCount('cam-entry-sw', 90, Date.now() - 5 * 60_000, 'very-late-1')]);
    await waitUntil(() => rt.store.log.has('very-late-1'), 5000, 'the late reading in the log');
    await waitUntil(async () => (await api<{ lateRecords: Array<{ reading: { id: string } }> }>(rt.http.url, token, '/api/v1/late-records')).body.lateRecords.some((l) => l.reading.id === 'very-late-1'), 5000, 'the late record listed');
    const metrics = await (await fetch(`${rt.http.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
    assert.match(metrics, /^crowdflow_stream_late_total 1$/m);
  } finally {
    await pub.close();
    await rt.stop();
    dir.remove();
  }
});
