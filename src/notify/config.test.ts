import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { parseNotifyConfig, channelsFromConfig, notifierFromConfig } from './config.ts';
import { alertNotification } from './notification.ts';
import { verifySignature } from './signature.ts';
import { startHttpReceiver } from './testing/http-receiver.ts';
import { sampleAlert } from './testing/fixtures.ts';

const yaml = `
minLevel: WARNING
retry: { attempts: 3, baseDelayMs: 200, maxDelayMs: 5000 }
channels:
  - kind: webhook
    url: http://127.0.0.1:9/hooks
    secret: 0123456789abcdef
  - kind: slack
    webhookUrl: http://127.0.0.1:9/services/T/B/X
    minLevel: CAUTION
  - kind: telegram
    apiBase: http://127.0.0.1:9
    botToken: "123:abc"
    chatId: -100123
  - kind: pagerduty
    name: pager-critical
    apiBase: http://127.0.0.1:9
    routingKey: R0123
    minLevel: CRITICAL
  - kind: smtp
    host: 127.0.0.1
    port: 2525
    secure: false
    from: Crowd Ops <ops@example.org>
    to: [duty@example.org]
`;

test('a YAML notify section parses into channels with their names and levels', () => {
  const config = parseNotifyConfig(parse(yaml));
  assert.equal(config.timeoutMs, 10_000, 'default');
  const channels = channelsFromConfig(config);
  assert.deepEqual(channels.map((c) => c.name), ['webhook', 'slack', 'telegram', 'pager-critical', 'email']);
  assert.deepEqual(channels.map((c) => c.minLevel), [undefined, 'CAUTION', undefined, 'CRITICAL', undefined]);
});

test('mistakes name their path', () => {
  assert.throws(() => parseNotifyConfig({ channels: [{ kind: 'webhook', url: 'http://x', secret: 'short' }] }), /CF_ERR_CONFIG: notify\.channels\.0\.secret/);
  assert.throws(() => parseNotifyConfig({ channels: [{ kind: 'fax' }] }), /notify\.channels\.0\.kind/);
  assert.throws(() => parseNotifyConfig({ channels: [{ kind: 'slack', webhookUrl: 'http://x', extra: 1 }] }), /notify\.channels\.0/);
  assert.throws(() => parseNotifyConfig({ minLevel: 'LOUD' }), /notify\.minLevel/);
  const badToken = parseNotifyConfig({ channels: [{ kind: 'telegram', apiBase: 'http://x', botToken: 'nope', chatId: 1 }] });
  assert.throws(() => channelsFromConfig(badToken), /CF_ERR_CONFIG: notify\.channels\.0 \(telegram\): `botToken`/);
});

test('a notifier from configuration delivers to a local webhook', async () => {
  const rx = await startHttpReceiver(() => ({ status: 200 }));
  try {
    const config = parseNotifyConfig({ channels: [{ kind: 'webhook', url: `${rx.base}/in`, secret: '0123456789abcdef' }] });
    const notifier = notifierFromConfig(config, { now: () => 42 });
    const [report] = await notifier.notify(alertNotification(sampleAlert()));
    assert.equal(report?.outcome, 'delivered');
    assert.equal(rx.requests[0]?.headers['x-crowdflow-timestamp'], '42');
    assert.ok(verifySignature(rx.requests[0]!.body, rx.requests[0]!.headers['x-crowdflow-signature'] as string, '0123456789abcdef'));
  } finally {
    await rx.close();
  }
});
