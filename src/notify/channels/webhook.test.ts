import { test } from 'node:test';
import assert from 'node:assert/strict';
import { webhookChannel, NOTIFICATION_SCHEMA } from './webhook.ts';
import type { WebhookBody } from './webhook.ts';
import { verifySignature } from '../signature.ts';
import { alertNotification } from '../notification.ts';
import { createNotifier } from '../notifier.ts';
import { memorySentLog } from '../sent-log.ts';
import { startHttpReceiver } from '../testing/http-receiver.ts';
import { sampleAlert } from '../testing/fixtures.ts';

const secret = 'test-secret-0123456789';
const fastRetry = { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 };
const noSleep = async () => {};

test('the webhook POSTs signed JSON that the receiver can verify', async () => {
  const rx = await startHttpReceiver(() => ({ status: 204 }));
  try {
    const ch = webhookChannel({ url: `${rx.base}/hooks/crowd`, secret, now: () => 1_790_000_000_500 });
    const n = alertNotification(sampleAlert());
    await ch.send(n, new AbortController().signal);
    assert.equal(rx.requests.length, 1);
    const req = rx.requests[0]!;
    assert.equal(req.method, 'POST');
    assert.equal(req.path, '/hooks/crowd');
    assert.equal(req.headers['content-type'], 'application/json');
    assert.ok(verifySignature(req.body, req.headers['x-crowdflow-signature'] as string, secret), 'signature verifies');
    assert.ok(!verifySignature(req.body, req.headers['x-crowdflow-signature'] as string, 'another-secret-0123456'), 'wrong secret fails');
    assert.ok(!verifySignature(req.body.replace('CRITICAL', 'WARNING'), req.headers['x-crowdflow-signature'] as string, secret), 'tampered body fails');
    assert.equal(req.headers['x-crowdflow-timestamp'], '1790000000500');
    assert.equal(req.headers['idempotency-key'], n.idempotencyKey);
    const body = JSON.parse(req.body) as WebhookBody;
    assert.equal(body.schema, NOTIFICATION_SCHEMA);
    assert.equal(body.sentAt, 1_790_000_000_500);
    assert.equal(body.level, 'CRITICAL');
    assert.equal(body.kind, 'alert');
    assert.equal(body.record.id, 'alert-0001');
  } finally {
    await rx.close();
  }
});

test('a receiver that fails twice then succeeds gets one delivery, the key constant across retries', async () => {
  let accepted = 0;
  const rx = await startHttpReceiver((_req, i) => {
    if (i < 2) return { status: 503, body: '{"error":"overloaded"}' };
    accepted++;
    return { status: 200, body: '{}' };
  });
  try {
    const sent = memorySentLog();
    const notifier = createNotifier({ channels: [webhookChannel({ url: rx.base, secret })], retry: fastRetry, sleep: noSleep, sent });
    const n = alertNotification(sampleAlert());
    const [report] = await notifier.notify(n);
    assert.equal(report?.outcome, 'delivered');
    assert.equal(report?.attempts, 3);
    assert.equal(rx.requests.length, 3);
    assert.deepEqual(new Set(rx.requests.map((r) => r.headers['idempotency-key'])), new Set([n.idempotencyKey]));
    // Each attempt is freshly signed, and each signature holds.
    assert.ok(rx.requests.every((r) => verifySignature(r.body, r.headers['x-crowdflow-signature'] as string, secret)));
    assert.equal(accepted, 1);
    const [again] = await notifier.notify(n);
    assert.equal(again?.outcome, 'already_sent');
    assert.equal(rx.requests.length, 3);
    // An acknowledge is a new message.
    const [ack] = await notifier.notify(alertNotification(sampleAlert({ status: 'acknowledged', acknowledgedBy: 'op', acknowledgedAt: 1 })));
    assert.equal(ack?.outcome, 'delivered');
    assert.equal(rx.requests.length, 4);
  } finally {
    await rx.close();
  }
});

test('a 4xx answer is permanent: no retry', async () => {
  const rx = await startHttpReceiver(() => ({ status: 401, body: 'bad signature' }));
  try {
    const notifier = createNotifier({ channels: [webhookChannel({ url: rx.base, secret })], retry: fastRetry, sleep: noSleep });
    const [report] = await notifier.notify(alertNotification(sampleAlert()));
    assert.equal(report?.outcome, 'failed');
    assert.equal(report?.attempts, 1);
    assert.match(report?.error?.message ?? '', /HTTP 401, expected 2xx: bad signature/);
  } finally {
    await rx.close();
  }
});

test('a receiver that hangs is cut off at the timeout on every attempt', async () => {
  const rx = await startHttpReceiver(() => 'hang');
  try {
    const notifier = createNotifier({
      channels: [webhookChannel({ url: rx.base, secret })],
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
      timeoutMs: 150,
      sleep: noSleep,
    });
    const started = performance.now();
    const [report] = await notifier.notify(alertNotification(sampleAlert()));
    const elapsed = performance.now() - started;
    assert.equal(report?.outcome, 'failed');
    assert.equal(report?.error?.code, 'CF_ERR_NOTIFY_TIMEOUT');
    assert.equal(rx.requests.length, 2);
    assert.ok(elapsed < 5000, `gave up after ${elapsed} ms`);
  } finally {
    await rx.close();
  }
});

test('nobody listening is a retryable network failure', async () => {
  const rx = await startHttpReceiver(() => ({ status: 200 }));
  const base = rx.base;
  await rx.close();
  const notifier = createNotifier({ channels: [webhookChannel({ url: base, secret })], retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 }, sleep: noSleep });
  const [report] = await notifier.notify(alertNotification(sampleAlert()));
  assert.equal(report?.outcome, 'failed');
  assert.equal(report?.attempts, 2);
  assert.equal(report?.error?.code, 'CF_ERR_NOTIFY_NETWORK');
});

test('bad options are refused when the channel is built', () => {
  assert.throws(() => webhookChannel({ url: 'not a url', secret }), /CF_ERR_CONFIG: `url`/);
  assert.throws(() => webhookChannel({ url: 'ftp://x.example.org/', secret }), /expected http: or https:/);
  assert.throws(() => webhookChannel({ url: 'http://127.0.0.1/', secret: 'short' }), /`secret` has 5 characters; expected at least 16/);
});
