import { test } from 'node:test';
import assert from 'node:assert/strict';
import { telegramChannel } from './telegram.ts';
import { alertNotification, recommendationNotification } from '../notification.ts';
import { createNotifier } from '../notifier.ts';
import { startHttpReceiver } from '../testing/http-receiver.ts';
import type { ReceivedRequest } from '../testing/http-receiver.ts';
import { sampleAlert, sampleRecommendation } from '../testing/fixtures.ts';

const botToken = '123456789:AAH-test_token';
const ok = { status: 200, body: JSON.stringify({ ok: true, result: { message_id: 7 } }) };

/** What the Bot API checks before it accepts a sendMessage. */
function botApi(req: ReceivedRequest) {
  if (req.path !== `/bot${botToken}/sendMessage`) return { status: 404, body: JSON.stringify({ ok: false, error_code: 404, description: 'Not Found' }) };
  const body = JSON.parse(req.body) as Record<string, unknown>;
  if (body.chat_id === undefined || typeof body.text !== 'string' || body.text === '') {
    return { status: 400, body: JSON.stringify({ ok: false, error_code: 400, description: 'Bad Request: message text is empty' }) };
  }
  return ok;
}

test('the Telegram channel calls sendMessage with chat_id, HTML text and parse_mode', async () => {
  const rx = await startHttpReceiver(botApi);
  try {
    const ch = telegramChannel({ apiBase: `${rx.base}/`, botToken, chatId: -1001234 });
    const n = alertNotification(sampleAlert({ message: 'a <b> & c' }));
    await ch.send(n, new AbortController().signal);
    assert.equal(rx.requests.length, 1);
    const req = rx.requests[0]!;
    assert.equal(req.method, 'POST');
    assert.equal(req.path, `/bot${botToken}/sendMessage`);
    const body = JSON.parse(req.body) as Record<string, unknown>;
    assert.equal(body.chat_id, -1001234);
    assert.equal(body.parse_mode, 'HTML');
    assert.equal(body.disable_notification, false);
    assert.ok((body.text as string).startsWith(`<b>${n.title}</b>\n`));
    assert.match(body.text as string, /a &lt;b&gt; &amp; c/);
  } finally {
    await rx.close();
  }
});

test('flood control: retry_after in the body sets the wait', async () => {
  const rx = await startHttpReceiver((req, i) =>
    i === 0 ? { status: 429, body: JSON.stringify({ ok: false, error_code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } }) } : botApi(req),
  );
  try {
    const delays: number[] = [];
    const notifier = createNotifier({
      channels: [telegramChannel({ apiBase: rx.base, botToken, chatId: '@crowd_ops' })],
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 60_000 },
      sleep: async (ms) => void delays.push(ms),
    });
    const [report] = await notifier.notify(recommendationNotification(sampleRecommendation()));
    assert.equal(report?.outcome, 'delivered');
    assert.equal(report?.attempts, 2);
    assert.deepEqual(delays, [3000]);
    assert.equal((JSON.parse(rx.requests[1]!.body) as Record<string, unknown>).chat_id, '@crowd_ops');
  } finally {
    await rx.close();
  }
});

test('a refused chat is permanent, and the token never appears in the error', async () => {
  const rx = await startHttpReceiver(() => ({ status: 403, body: JSON.stringify({ ok: false, error_code: 403, description: 'Forbidden: bot was kicked' }) }));
  try {
    const notifier = createNotifier({ channels: [telegramChannel({ apiBase: rx.base, botToken, chatId: 1 })], sleep: async () => {} });
    const [report] = await notifier.notify(alertNotification(sampleAlert()));
    assert.equal(report?.outcome, 'failed');
    assert.equal(report?.attempts, 1);
    assert.match(report?.error?.message ?? '', /bot was kicked/);
    assert.ok(!(report?.error?.message ?? '').includes('AAH-test_token'));
  } finally {
    await rx.close();
  }
});

test('200 without "ok": true is a refusal', async () => {
  const rx = await startHttpReceiver(() => ({ status: 200, body: '<html>captive portal</html>' }));
  try {
    const ch = telegramChannel({ apiBase: rx.base, botToken, chatId: 1 });
    await assert.rejects(ch.send(alertNotification(sampleAlert()), new AbortController().signal), /CF_ERR_NOTIFY_REJECTED/);
  } finally {
    await rx.close();
  }
});

test('below WARNING the message is silent', async () => {
  const rx = await startHttpReceiver(botApi);
  try {
    const ch = telegramChannel({ apiBase: rx.base, botToken, chatId: 1 });
    await ch.send(alertNotification(sampleAlert({ level: 'CAUTION' })), new AbortController().signal);
    assert.equal((JSON.parse(rx.requests[0]!.body) as Record<string, unknown>).disable_notification, true);
  } finally {
    await rx.close();
  }
});

test('a malformed token or chat is refused when the channel is built', () => {
  assert.throws(() => telegramChannel({ apiBase: 'http://127.0.0.1', botToken: 'nope', chatId: 1 }), /CF_ERR_CONFIG: `botToken`/);
  assert.throws(() => telegramChannel({ apiBase: 'http://127.0.0.1', botToken, chatId: '' }), /CF_ERR_CONFIG: `chatId`/);
});
