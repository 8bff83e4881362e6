/**
 * The walking skeleton end to end: an MQTT sensor with its key → log → windows → risk → decide →
 * an authenticated console WebSocket receiving the zone state and the alert. And the server never
 * runs open: 401 without credentials, 403 for a role that is too low.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { createSensorPublisher } from '../../src/adapters/index.ts';
import type { ConsoleMessage } from '../../src/contracts/index.ts';
import { api, ConsoleClient, login, startTestRuntime, tempDir } from './harness.ts';
import { zoneCount } from './readings.ts';

type Snapshot = Extract<ConsoleMessage, { type: 'snapshot' }>;
type AlertMsg = Extract<ConsoleMessage, { type: 'alert' }>;

test('a reading published over MQTT reaches the console as zone state and alert', async () => {
  const dir = tempDir();
  const rt = await startTestRuntime(dir.path, { tickMs: 200 });
  const pub = createSensorPublisher({ url: rt.mqtt.url, venueId: rt.venue.id, keys: rt.sensorKeys });
  try {
    const token = await login(rt.http.url);
    const consoleClient = await ConsoleClient.connect(rt.http.url, token);
    const hello = await consoleClient.waitFor((m) => m.type === 'hello');
    assert.equal(hello.type === 'hello' && hello.user.role, 'admin');

    // Tunnel N1 is 6 m × 5 m = 30 m²: 210 people is 7 p/m², above the 6 p/m² extreme-density trigger.
    await pub.publish([zoneCount('cam-tunnel-n1', 210, Date.now())]);
    const alert = (await consoleClient.waitFor((m): m is AlertMsg => m.type === 'alert' && m.alert.zoneId === 'tunnel-n1')).alert;
    assert.ok(alert.triggers.includes('extreme_density'), `triggers ${alert.triggers.join(',')}`);
    assert.ok(alert.level === 'WARNING' || alert.level === 'CRITICAL', alert.level);
    assert.equal(alert.status, 'open');

    const snap = await consoleClient.waitFor((m): m is Snapshot =>
      m.type === 'snapshot' && (m.zones.find((z) => z.state.zoneId === 'tunnel-n1')?.state.occupancy ?? 0) > 0);
    const tunnel = snap.zones.find((z) => z.state.zoneId === 'tunnel-n1')!;
    assert.equal(snap.zones.length, rt.venue.zones.length, 'every zone in every snapshot');
    assert.ok(Math.abs(tunnel.state.density! - 7) < 0.01, `density ${tunnel.state.density}`);
    assert.ok(tunnel.risk.score !== null && tunnel.risk.score > 0);

    // The alert is stored, and the REST list agrees with what was pushed.
    const listed = await api<{ alerts: Array<{ id: string }> }>(rt.http.url, token, '/api/v1/alerts?status=open');
    assert.ok(listed.body.alerts.some((a) => a.id === alert.id));

    // Operations can scrape the same picture (with a token: the server never runs open).
    assert.equal((await fetch(`${rt.http.url}/metrics`)).status, 401);
    const metrics = await (await fetch(`${rt.http.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
    // The ML policy is in charge with the playbook behind it (it has no forecasts to act on yet).
    assert.match(metrics, /^crowdflow_decision_mode\{mode="ml\+rules"\} 1$/m);
    assert.match(metrics, /^crowdflow_zone_density\{zone="tunnel-n1"\} 7(\.0+\d*)?$/m);
    assert.match(metrics, /^crowdflow_ingest_readings_total\{outcome="accepted"\} 1$/m);
    assert.match(metrics, /^crowdflow_ingest_to_decision_seconds_count 1$/m);
    consoleClient.close();
  } finally {
    await pub.close();
    await rt.stop();
    dir.remove();
  }
});

test('the server never runs open: 401 without credentials, 403 for a role too low', async () => {
  const dir = tempDir();
  const rt = await startTestRuntime(dir.path);
  try {
    const url = rt.http.url;
    assert.equal((await fetch(`${url}/api/v1/venue`)).status, 401);
    assert.equal((await fetch(`${url}/api/v1/venue`, { headers: { authorization: 'Bearer nonsense' } })).status, 401);
    assert.equal((await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'wrong-password' }) })).status, 401);
    const wsStatus = await new Promise<number>((res) => {
      const ws = new WebSocket(`${url.replace('http', 'ws')}/ws`);
      ws.once('unexpected-response', (_req, r) => res(r.statusCode ?? 0));
      ws.once('open', () => res(101));
    });
    assert.equal(wsStatus, 401);
    const ingest = await fetch(`${url}/api/v1/readings`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    assert.equal(ingest.status, 401);

    const admin = await login(url);
    for (const [username, role] of [['vera', 'viewer'], ['otto', 'operator'], ['sam', 'supervisor']] as const) {
      const created = await api(url, admin, '/api/v1/users', { method: 'POST', body: { username, password: `${username}-password-123`, role } });
      assert.equal(created.status, 200);
    }
    const viewer = await login(url, 'vera', 'vera-password-123');
    assert.equal((await api(url, viewer, '/api/v1/venue')).status, 200);
    assert.equal((await api(url, viewer, '/api/v1/alerts/none/acknowledge', { method: 'POST' })).status, 403);
    assert.equal((await api(url, viewer, '/api/v1/users', { method: 'POST', body: { username: 'x', password: 'y', role: 'admin' } })).status, 403);
    const operator = await login(url, 'otto', 'otto-password-123');
    assert.equal((await api(url, operator, '/api/v1/alerts/none/acknowledge', { method: 'POST' })).status, 404, 'operator may acknowledge; the alert does not exist');
    assert.equal((await api(url, operator, '/api/v1/recommendations/none/approve', { method: 'POST' })).status, 403);
    const supervisor = await login(url, 'sam', 'sam-password-123');
    assert.equal((await api(url, supervisor, '/api/v1/recommendations/none/approve', { method: 'POST' })).status, 404);
    const audit = await api<{ audit: Array<{ action: string; subject: string }> }>(url, admin, '/api/v1/audit');
    assert.ok(audit.body.audit.some((a) => a.action === 'user.create' && a.subject === 'vera'));
    assert.ok(audit.body.audit.some((a) => a.action === 'auth.login_failed'));
  } finally {
    await rt.stop();
    dir.remove();
  }
});
