/**
 * Decisions through the real API and roles: a CRITICAL recommendation waits for a supervisor
 * (an operator cannot approve it), is dispatched once approved, can be rejected only with a
 * reason, and expires into an escalation when nobody answers; all of it is in the audit log and
 * the alerts reach a signed webhook.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createSensorPublisher } from '../../src/adapters/index.ts';
import type { ConsoleMessage, Recommendation } from '../../src/contracts/index.ts';
import { verifySignature, SIGNATURE_HEADER } from '../../src/notify/index.ts';
import { api, ConsoleClient, login, startTestRuntime, tempDir, waitUntil } from './harness.ts';
import { zoneCount } from './readings.ts';

type RecMsg = Extract<ConsoleMessage, { type: 'recommendation' }>;
const SECRET = 'webhook-secret-for-tests-0123';

async function webhookReceiver(): Promise<{ server: Server; url: string; bodies: Array<{ valid: boolean; json: { kind: string; record: { id: string } } }> }> {
  const bodies: Array<{ valid: boolean; json: { kind: string; record: { id: string } } }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      bodies.push({ valid: verifySignature(body, req.headers[SIGNATURE_HEADER.toLowerCase()] as string | undefined, SECRET), json: JSON.parse(body) });
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  return { server, url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/hook`, bodies };
}

test('approval flow with real roles, expiry escalation, audit and signed webhooks', async () => {
  const hook = await webhookReceiver();
  const dir = tempDir();
  const rt = await startTestRuntime(dir.path, {
    tickMs: 250,
    notify: { minLevel: 'WARNING', timeoutMs: 2000, channels: [{ kind: 'webhook', url: hook.url, secret: SECRET }] },
  });
  const pub = createSensorPublisher({ url: rt.mqtt.url, venueId: rt.venue.id, keys: rt.sensorKeys });
  const url = rt.http.url;
  try {
    const admin = await login(url);
    await api(url, admin, '/api/v1/users', { method: 'POST', body: { username: 'otto', password: 'otto-password-123', role: 'operator' } });
    await api(url, admin, '/api/v1/users', { method: 'POST', body: { username: 'sam', password: 'sam-password-123', role: 'supervisor' } });
    const operator = await login(url, 'otto', 'otto-password-123');
    const supervisor = await login(url, 'sam', 'sam-password-123');
    const consoleClient = await ConsoleClient.connect(url, operator);

    // 270 people in the 30 m² tunnel N1: 9 p/m², lethal range: CRITICAL, needs a supervisor.
    await pub.publish([zoneCount('cam-tunnel-n1', 270, Date.now())]);
    const pendingMsg = await consoleClient.waitFor((m): m is RecMsg => m.type === 'recommendation' && m.recommendation.zoneId === 'tunnel-n1' && m.recommendation.status === 'pending_approval');
    const pending = pendingMsg.recommendation;
    assert.equal(pending.requiresApproval, true);
    assert.ok(pending.explanation.trace.length > 0, 'the recommendation says why');

    const byOperator = await api<{ error: { code: string } }>(url, operator, `/api/v1/recommendations/${pending.id}/approve`, { method: 'POST' });
    assert.equal(byOperator.status, 403);
    const approved = await api<{ recommendation: Recommendation }>(url, supervisor, `/api/v1/recommendations/${pending.id}/approve`, { method: 'POST' });
    assert.equal(approved.status, 200);
    assert.equal(approved.body.recommendation.decidedBy, 'sam');
    await consoleClient.waitFor((m) => m.type === 'recommendation' && m.recommendation.id === pending.id && m.recommendation.status === 'dispatched');
    const again = await api(url, supervisor, `/api/v1/recommendations/${pending.id}/approve`, { method: 'POST' });
    assert.equal(again.status, 409, 'a decided recommendation cannot be decided again');

    // Rejection needs a reason. 5,400 people on the 600 m² food court: 9 p/m² again.
    await pub.publish([zoneCount('cam-food-court', 5400, Date.now())]);
    const toReject = (await consoleClient.waitFor((m): m is RecMsg => m.type === 'recommendation' && m.recommendation.zoneId === 'food-court' && m.recommendation.status === 'pending_approval')).recommendation;
    assert.equal((await api(url, supervisor, `/api/v1/recommendations/${toReject.id}/reject`, { method: 'POST', body: {} })).status, 400);
    const rejected = await api<{ recommendation: Recommendation }>(url, supervisor, `/api/v1/recommendations/${toReject.id}/reject`, { method: 'POST', body: { reason: 'stewards already on site' } });
    assert.equal(rejected.body.recommendation.status, 'rejected');
    assert.equal(rejected.body.recommendation.reason, 'stewards already on site');

    // Nobody answers: with a 10 s timeout the next pending recommendation expires and escalates.
    assert.equal((await api(url, admin, '/api/v1/settings', { method: 'POST', body: { decision: { approval: { timeoutMs: 10_000 } } } })).status, 200);
    assert.equal((await api(url, admin, '/api/v1/settings', { method: 'POST', body: { decision: { approval: { timeoutMs: 5 } } } })).status, 400, 'out-of-range settings are refused');
    await pub.publish([zoneCount('cam-tunnel-s1', 270, Date.now())]);
    const waiting = await consoleClient.waitFor((m): m is RecMsg => m.type === 'recommendation' && m.recommendation.zoneId === 'tunnel-s1' && m.recommendation.status === 'pending_approval');
    await consoleClient.waitFor((m) => m.type === 'recommendation' && m.recommendation.id === waiting.recommendation.id && m.recommendation.status === 'expired', 20_000);
    const escalation = await consoleClient.waitFor((m) => m.type === 'alert' && m.alert.escalation && m.alert.zoneId === 'tunnel-s1' && /ESCALATED/.test(m.alert.message), 5000);
    assert.equal(escalation.type === 'alert' && escalation.alert.status, 'open');

    const audit = (await api<{ audit: Array<{ action: string; actor: string; subject: string }> }>(url, supervisor, '/api/v1/audit?limit=1000')).body.audit;
    const has = (action: string, actor?: string, subject?: string): boolean =>
      audit.some((a) => a.action === action && (actor === undefined || a.actor === actor) && (subject === undefined || a.subject === subject));
    assert.ok(has('recommendation.create', undefined, pending.id));
    assert.ok(has('recommendation.approve', 'sam', pending.id));
    assert.ok(has('recommendation.dispatch', 'system', pending.id));
    assert.ok(has('recommendation.expire', 'system', waiting.recommendation.id));
    assert.ok(has('recommendation.reject', 'sam', toReject.id));
    assert.ok(has('settings.change', 'admin'));

    // Every WARNING+ alert went to the webhook, signed.
    await waitUntil(() => hook.bodies.some((b) => b.json.kind === 'alert'), 5000, 'an alert on the webhook');
    assert.ok(hook.bodies.every((b) => b.valid), 'every webhook body carries a valid HMAC signature');
    consoleClient.close();
  } finally {
    await pub.close();
    await rt.stop();
    hook.server.close();
    dir.remove();
  }
});
