import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RiskLevel } from '../contracts/index.ts';
import type { Channel } from './channel.ts';
import type { Notification } from './notification.ts';
import { alertNotification } from './notification.ts';
import { createNotifier } from './notifier.ts';
import { memorySentLog } from './sent-log.ts';
import type { SentLog } from './sent-log.ts';
import { DeliveryError } from './delivery-error.ts';
import { sampleAlert } from './testing/fixtures.ts';

/** A channel that runs a script of outcomes, one per call, and records what it was given. */
function scripted(name: string, script: Array<'ok' | DeliveryError | Error>, minLevel?: RiskLevel) {
  const calls: Notification[] = [];
  const channel: Channel = {
    name,
    ...(minLevel ? { minLevel } : {}),
    async send(n) {
      calls.push(n);
      const step = script[Math.min(calls.length - 1, script.length - 1)] ?? 'ok';
      if (step !== 'ok') throw step;
    },
  };
  return { channel, calls };
}

const transient = () => new DeliveryError('CF_ERR_NOTIFY_HTTP', 'HTTP 503', true);
const permanent = () => new DeliveryError('CF_ERR_NOTIFY_HTTP', 'HTTP 401', false);
const retry = { attempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };

function recordingSleep() {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

test('WARNING and CRITICAL go out by default; CAUTION does not; a channel may ask for less', async () => {
  const a = scripted('a', ['ok']);
  const b = scripted('b', ['ok'], 'CAUTION');
  const notifier = createNotifier({ channels: [a.channel, b.channel] });
  const caution = alertNotification(sampleAlert({ level: 'CAUTION' }));
  const reports = await notifier.notify(caution);
  assert.deepEqual(reports.map((r) => [r.channel, r.outcome]), [['a', 'below_level'], ['b', 'delivered']]);
  const warning = alertNotification(sampleAlert({ id: 'alert-w', level: 'WARNING' }));
  assert.deepEqual((await notifier.notify(warning)).map((r) => r.outcome), ['delivered', 'delivered']);
  assert.equal(a.calls.length, 1);
  assert.equal(b.calls.length, 2);
});

test('a channel that fails twice is retried with backoff and delivered once with the same key', async () => {
  const flaky = scripted('flaky', [transient(), transient(), 'ok']);
  const { delays, sleep } = recordingSleep();
  const sent = memorySentLog();
  const notifier = createNotifier({ channels: [flaky.channel], retry, sleep, seed: 3, sent });
  const n = alertNotification(sampleAlert());
  const [report] = await notifier.notify(n);
  assert.equal(report?.outcome, 'delivered');
  assert.equal(report?.attempts, 3);
  assert.equal(flaky.calls.length, 3);
  assert.ok(flaky.calls.every((c) => c.idempotencyKey === n.idempotencyKey));
  assert.equal(delays.length, 2);
  assert.ok(delays[0]! >= 0 && delays[0]! < 100 && delays[1]! >= 0 && delays[1]! < 200, `delays ${delays.join(', ')}`);
  assert.equal(sent.has(n.idempotencyKey, 'flaky'), true);
  // The same notification again (a caller's retry, a replay): not sent a second time.
  const [again] = await notifier.notify(n);
  assert.equal(again?.outcome, 'already_sent');
  assert.equal(flaky.calls.length, 3);
});

test('the SentLog carries across notifiers, as it does across restarts when persistent', async () => {
  const sent = memorySentLog();
  const first = scripted('c', ['ok']);
  const n = alertNotification(sampleAlert());
  await createNotifier({ channels: [first.channel], sent }).notify(n);
  const second = scripted('c', ['ok']);
  const [report] = await createNotifier({ channels: [second.channel], sent }).notify(n);
  assert.equal(report?.outcome, 'already_sent');
  assert.equal(second.calls.length, 0);
});

test('a permanent failure is not retried; exhausted retries report the last error', async () => {
  const bad = scripted('bad', [permanent()]);
  const down = scripted('down', [transient()]);
  const { delays, sleep } = recordingSleep();
  const notifier = createNotifier({ channels: [bad.channel, down.channel], retry, sleep });
  const reports = await notifier.notify(alertNotification(sampleAlert()));
  assert.deepEqual(reports.map((r) => [r.outcome, r.attempts]), [['failed', 1], ['failed', 4]]);
  assert.equal(bad.calls.length, 1);
  assert.equal(down.calls.length, 4);
  assert.equal(delays.length, 3);
  assert.equal(reports[0]?.error?.retryable, false);
  assert.match(reports[1]?.error?.message ?? '', /HTTP 503/);
});

test('one failing channel does not hold back the others, and nothing throws into the caller', async () => {
  const throwsSync: Channel = {
    name: 'sync-thrower',
    send() {
      throw new TypeError('boom');
    },
  };
  const ok = scripted('ok', ['ok']);
  const { sleep } = recordingSleep();
  const notifier = createNotifier({ channels: [throwsSync, ok.channel], retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 }, sleep });
  const reports = await notifier.notify(alertNotification(sampleAlert()));
  assert.equal(reports[0]?.outcome, 'failed');
  assert.equal(reports[0]?.error?.code, 'CF_ERR_NOTIFY_CHANNEL');
  assert.equal(reports[0]?.attempts, 2, 'an unknown error is assumed transient');
  assert.equal(reports[1]?.outcome, 'delivered');
});

test('a channel that ignores its abort signal is still cut off at the timeout', async () => {
  let aborted = false;
  const stuck: Channel = {
    name: 'stuck',
    send(_n, signal) {
      signal.addEventListener('abort', () => (aborted = true));
      return new Promise(() => {});
    },
  };
  const notifier = createNotifier({ channels: [stuck], retry: { attempts: 2, baseDelayMs: 0, maxDelayMs: 0 }, timeoutMs: 30, sleep: async () => {} });
  const [report] = await notifier.notify(alertNotification(sampleAlert()));
  assert.equal(report?.outcome, 'failed');
  assert.equal(report?.attempts, 2);
  assert.equal(report?.error?.code, 'CF_ERR_NOTIFY_TIMEOUT');
  assert.ok(aborted, 'the channel was told to stop');
});

test('two concurrent notify calls with the same key deliver once', async () => {
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => (release = r));
  let sends = 0;
  const slow: Channel = {
    name: 'slow',
    async send() {
      sends++;
      await gate;
    },
  };
  const notifier = createNotifier({ channels: [slow] });
  const n = alertNotification(sampleAlert());
  const both = Promise.all([notifier.notify(n), notifier.notify(n)]);
  release();
  const [r1, r2] = await both;
  assert.equal(sends, 1);
  assert.equal(r1[0]?.outcome, 'delivered');
  assert.equal(r2[0]?.outcome, 'delivered');
});

test('an unreadable SentLog does not stop an alert; an unwritable one is reported', async () => {
  const broken: SentLog = {
    has: () => {
      throw new Error('disk gone');
    },
    add: async () => {
      throw new Error('disk still gone');
    },
  };
  const ch = scripted('ch', ['ok']);
  const [report] = await createNotifier({ channels: [ch.channel], sent: broken }).notify(alertNotification(sampleAlert()));
  assert.equal(report?.outcome, 'delivered');
  assert.equal(ch.calls.length, 1);
  assert.match(report?.warning ?? '', /not recorded.*disk still gone/);
});

test('configuration mistakes are refused up front', () => {
  const a = scripted('same', ['ok']).channel;
  const b = scripted('same', ['ok']).channel;
  assert.throws(() => createNotifier({ channels: [a, b] }), /CF_ERR_CONFIG: channel name "same" used twice/);
  assert.throws(() => createNotifier({ channels: [a], timeoutMs: 0 }), /`timeoutMs` 0 not in \[1, 600000\]/);
});

test("a channel's own timeout overrides the notifier's", async () => {
  const stuck: Channel = { name: 'stuck', timeoutMs: 20, send: () => new Promise(() => {}) };
  const notifier = createNotifier({ channels: [stuck], retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 }, timeoutMs: 600_000 });
  const [report] = await notifier.notify(alertNotification(sampleAlert()));
  assert.equal(report?.error?.code, 'CF_ERR_NOTIFY_TIMEOUT');
  assert.match(report?.error?.message ?? '', /within 20 ms/);
});

test('a failing sleep does not stop the retries', async () => {
  const flaky = scripted('flaky', [transient(), 'ok']);
  const notifier = createNotifier({
    channels: [flaky.channel],
    retry,
    sleep: async () => {
      throw new Error('timer gone');
    },
  });
  const [report] = await notifier.notify(alertNotification(sampleAlert()));
  assert.equal(report?.outcome, 'delivered');
  assert.equal(report?.attempts, 2);
});

test('an acknowledge never overtakes its trigger that is still retrying', async () => {
  const order: string[] = [];
  let failuresLeft = 2;
  const pager: Channel = {
    name: 'pager',
    async send(n) {
      const status = (n.record as { status: string }).status;
      if (status === 'open' && failuresLeft-- > 0) {
        order.push('open:failed');
        throw transient();
      }
      order.push(status);
    },
  };
  // The backoff waits until the test lets it go, after the acknowledge has been notified.
  let releaseBackoff: () => void = () => {};
  const backoff = new Promise<void>((r) => (releaseBackoff = r));
  const notifier = createNotifier({ channels: [pager], retry, sleep: () => backoff });
  const opening = notifier.notify(alertNotification(sampleAlert()));
  await new Promise((r) => setImmediate(r));
  const acking = notifier.notify(alertNotification(sampleAlert({ status: 'acknowledged', acknowledgedBy: 'op', acknowledgedAt: 1 })));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(order, ['open:failed'], 'the acknowledge waits behind the trigger');
  releaseBackoff();
  const [[open], [ack]] = await Promise.all([opening, acking]);
  assert.deepEqual(order, ['open:failed', 'open:failed', 'open', 'acknowledged']);
  assert.equal(open?.outcome, 'delivered');
  assert.equal(ack?.outcome, 'delivered');
});

test('different alerts on one channel are not serialised behind each other', async () => {
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => (release = r));
  const seen: string[] = [];
  const ch: Channel = {
    name: 'ch',
    async send(n) {
      seen.push(n.record.id);
      if (n.record.id === 'alert-slow') await gate;
    },
  };
  const notifier = createNotifier({ channels: [ch] });
  const slow = notifier.notify(alertNotification(sampleAlert({ id: 'alert-slow' })));
  const [fast] = await notifier.notify(alertNotification(sampleAlert({ id: 'alert-fast' })));
  assert.equal(fast?.outcome, 'delivered');
  assert.deepEqual(seen, ['alert-slow', 'alert-fast']);
  release();
  await slow;
});
