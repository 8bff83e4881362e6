import { test } from 'node:test';
import assert from 'node:assert/strict';
import { slackChannel, escapeSlack } from './slack.ts';
import { alertNotification } from '../notification.ts';
import { createNotifier } from '../notifier.ts';
import { startHttpReceiver } from '../testing/http-receiver.ts';
import { sampleAlert } from '../testing/fixtures.ts';

interface SlackBody {
  text: string;
  blocks: Array<{ type: string; text?: { type: string; text: string }; elements?: Array<{ type: string; text: string }> }>;
}

test('the Slack channel sends incoming-webhook JSON with text and blocks', async () => {
  const rx = await startHttpReceiver(() => ({ status: 200, body: 'ok', headers: { 'content-type': 'text/plain' } }));
  try {
    const ch = slackChannel({ webhookUrl: `${rx.base}/services/T000/B000/XXXX` });
    const n = alertNotification(sampleAlert({ message: 'Density <6.4> & rising' }));
    await ch.send(n, new AbortController().signal);
    const req = rx.requests[0]!;
    assert.equal(req.path, '/services/T000/B000/XXXX');
    assert.equal(req.headers['content-type'], 'application/json');
    const body = JSON.parse(req.body) as SlackBody;
    assert.ok(body.text.startsWith(n.title), 'fallback text begins with the title');
    assert.deepEqual(body.blocks.map((b) => b.type), ['header', 'section', 'context']);
    assert.equal(body.blocks[0]!.text!.type, 'plain_text');
    assert.equal(body.blocks[0]!.text!.text, n.title);
    assert.equal(body.blocks[1]!.text!.type, 'mrkdwn');
    assert.match(body.blocks[1]!.text!.text, /Density &lt;6\.4&gt; &amp; rising/);
    assert.match(body.blocks[2]!.elements![0]!.text, /\*CRITICAL\*/);
  } finally {
    await rx.close();
  }
});

test('Slack error bodies are permanent for 404 no_service and retried for 429', async () => {
  const rx = await startHttpReceiver((_r, i) => (i === 0 ? { status: 429, body: 'rate_limited', headers: { 'retry-after': '2' } } : { status: 404, body: 'no_service' }));
  try {
    const delays: number[] = [];
    const notifier = createNotifier({
      channels: [slackChannel({ webhookUrl: rx.base })],
      retry: { attempts: 5, baseDelayMs: 1, maxDelayMs: 10_000 },
      sleep: async (ms) => void delays.push(ms),
    });
    const [report] = await notifier.notify(alertNotification(sampleAlert()));
    assert.equal(report?.outcome, 'failed');
    assert.equal(report?.attempts, 2);
    assert.deepEqual(delays, [2000], 'Retry-After honoured');
    assert.match(report?.error?.message ?? '', /HTTP 404.*no_service/);
    assert.doesNotMatch(report?.error?.message ?? '', /127\.0\.0\.1/, 'the secret URL stays out of errors');
  } finally {
    await rx.close();
  }
});

test('mrkdwn control characters are escaped', () => {
  assert.equal(escapeSlack('<!channel> a & b > c'), '&lt;!channel&gt; a &amp; b &gt; c');
});
