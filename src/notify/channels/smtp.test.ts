import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { smtpChannel } from './smtp.ts';
import type { SmtpOptions } from './smtp.ts';
import { alertNotification } from '../notification.ts';
import type { Notification } from '../notification.ts';
import { createNotifier } from '../notifier.ts';
import { startSmtpReceiver } from '../testing/smtp-receiver.ts';
import type { SmtpReceiverOptions } from '../testing/smtp-receiver.ts';
import { parseMail } from '../testing/mail.ts';
import { sampleAlert } from '../testing/fixtures.ts';

const NOW = Date.UTC(2026, 10, 21, 11, 0, 0);
const noSleep = async () => {};

async function withReceiver(rxOpts: SmtpReceiverOptions, run: (rx: Awaited<ReturnType<typeof startSmtpReceiver>>) => Promise<void>) {
  const rx = await startSmtpReceiver(rxOpts);
  try {
    await run(rx);
  } finally {
    await rx.close();
  }
}

function channelFor(rx: { host: string; port: number }, extra: Partial<SmtpOptions> = {}) {
  return smtpChannel({
    host: rx.host,
    port: rx.port,
    secure: false,
    from: 'Crowd Ops <alerts@crowdflow.test>',
    to: ['duty@crowdflow.test', 'Venue Lead <lead@crowdflow.test>'],
    subjectPrefix: '[crowdflow]',
    now: () => NOW,
    ...extra,
  });
}

/** A body with a line that begins with a dot, so the test sees dot-stuffing both ways. */
function dottedAlert(overrides: Record<string, unknown> = {}): Notification {
  const n = alertNotification(sampleAlert({ zoneId: 'tribune-sued', message: 'Density 6.4 p/m2 and rising', ...overrides }));
  return { ...n, title: `${n.title} – Tribüne Süd`, text: `${n.text}\n.\n.hidden line that starts with a dot` };
}

test('a message arrives end to end with subject, from, to and body', async () => {
  await withReceiver({}, async (rx) => {
    const n = dottedAlert();
    await channelFor(rx).send(n, new AbortController().signal);
    assert.equal(rx.mails.length, 1);
    const mail = rx.mails[0]!;
    assert.equal(mail.from, 'alerts@crowdflow.test');
    assert.deepEqual(mail.to, ['duty@crowdflow.test', 'lead@crowdflow.test']);
    const parsed = parseMail(mail.data);
    assert.equal(parsed.headers.get('subject'), `[crowdflow] ${n.title}`);
    assert.equal(parsed.headers.get('from'), 'Crowd Ops <alerts@crowdflow.test>');
    assert.equal(parsed.headers.get('to'), 'duty@crowdflow.test, Venue Lead <lead@crowdflow.test>');
    assert.equal(parsed.headers.get('date'), 'Sat, 21 Nov 2026 11:00:00 +0000');
    assert.match(parsed.headers.get('message-id') ?? '', /^<[0-9a-f]{32}\.crowdflow@crowdflow\.test>$/);
    assert.equal(parsed.text, n.text);
    // On the wire the dotted lines were stuffed; the receiver undid it.
    assert.match(mail.data, /\r\n\.\r\n\.hidden line/);
    assert.deepEqual(rx.commands.map((c) => c.split(' ')[0]), ['EHLO', 'MAIL', 'RCPT', 'RCPT', 'DATA', 'QUIT']);
  });
});

test('a non-ASCII body arrives intact (base64 on the wire)', async () => {
  await withReceiver({}, async (rx) => {
    const n = dottedAlert({ message: 'Dichte 6,4 Personen/m² – Tribüne Süd' });
    await channelFor(rx).send(n, new AbortController().signal);
    const parsed = parseMail(rx.mails[0]!.data);
    assert.equal(parsed.headers.get('content-transfer-encoding'), 'base64');
    assert.equal(parsed.text, n.text);
  });
});

test('AUTH PLAIN is sent when configured and refused over plain text unless allowed', async () => {
  const auth = { user: 'crowdflow', pass: 's3cret' };
  await withReceiver({ auth }, async (rx) => {
    await assert.rejects(channelFor(rx, { auth }).send(dottedAlert(), new AbortController().signal), /refusing AUTH over an unencrypted connection/);
    assert.equal(rx.mails.length, 0);
    await channelFor(rx, { auth, allowInsecureAuth: true }).send(dottedAlert(), new AbortController().signal);
    assert.equal(rx.mails.length, 1);
    assert.equal(rx.mails[0]!.user, 'crowdflow');
    await assert.rejects(
      channelFor(rx, { auth: { user: 'crowdflow', pass: 'wrong' }, allowInsecureAuth: true }).send(dottedAlert(), new AbortController().signal),
      /AUTH PLAIN \*\*\*\* answered 535/,
    );
  });
});

test('a 451 at end of DATA is retried; the mail arrives once with one Message-ID', async () => {
  await withReceiver({ failData: { times: 2, reply: '451 4.3.0 Try again later' } }, async (rx) => {
    const notifier = createNotifier({ channels: [channelFor(rx)], sleep: noSleep });
    const [report] = await notifier.notify(dottedAlert());
    assert.equal(report?.outcome, 'delivered');
    assert.equal(report?.attempts, 3);
    assert.equal(rx.mails.length, 1);
    assert.equal(rx.dataAttempts.length, 3);
    const ids = new Set(rx.dataAttempts.map((d) => parseMail(d).headers.get('message-id')));
    assert.equal(ids.size, 1, 'every attempt carries the same Message-ID');
  });
});

test('a rejected recipient is permanent and nothing is sent', async () => {
  await withReceiver({ rejectRecipients: ['lead@crowdflow.test'] }, async (rx) => {
    const notifier = createNotifier({ channels: [channelFor(rx)], sleep: noSleep });
    const [report] = await notifier.notify(dottedAlert());
    assert.equal(report?.outcome, 'failed');
    assert.equal(report?.attempts, 1);
    assert.match(report?.error?.message ?? '', /RCPT TO:<lead@crowdflow\.test> answered 550/);
    assert.equal(rx.mails.length, 0);
    assert.ok(!rx.commands.includes('DATA'));
  });
});

test('a server that never greets is cut off at the timeout', async () => {
  await withReceiver({ hang: true }, async (rx) => {
    const notifier = createNotifier({ channels: [channelFor(rx)], retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 }, timeoutMs: 150, sleep: noSleep });
    const [report] = await notifier.notify(dottedAlert());
    assert.equal(report?.outcome, 'failed');
    assert.equal(report?.attempts, 2);
    assert.equal(report?.error?.code, 'CF_ERR_NOTIFY_TIMEOUT');
  });
});

test('a closed port is a retryable network failure', async () => {
  const rx = await startSmtpReceiver();
  await rx.close();
  const notifier = createNotifier({ channels: [channelFor(rx)], retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 }, sleep: noSleep });
  const [report] = await notifier.notify(dottedAlert());
  assert.equal(report?.outcome, 'failed');
  assert.equal(report?.attempts, 2);
  assert.equal(report?.error?.code, 'CF_ERR_NOTIFY_NETWORK');
});

test('bad addresses are refused when the channel is built', () => {
  const base = { host: '127.0.0.1', port: 25, secure: false, from: 'a@example.org', to: 'b@example.org' };
  assert.throws(() => smtpChannel({ ...base, from: 'nobody' }), /CF_ERR_CONFIG: `from`/);
  assert.throws(() => smtpChannel({ ...base, to: [] }), /CF_ERR_CONFIG: `to` is empty/);
  assert.throws(() => smtpChannel({ ...base, to: ['x@example.org', 'y@example.org>\r\nDATA'] }), /CF_ERR_CONFIG: `to\[1\]`/);
  assert.throws(() => smtpChannel({ ...base, port: 0 }), /`port` 0 not in \[1, 65535\]/);
});

/** A throw-away self-signed certificate for 127.0.0.1, or undefined without openssl. */
function selfSignedCert(): { key: string; cert: string } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'crowdflow-smtp-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const cert = selfSignedCert();
const skipTls = cert ? false : 'openssl is not available to make a test certificate';
// Under CI every test must run: .ci/run installs openssl.
if (skipTls && process.env.CI === 'true') throw new Error(`SMTP TLS tests cannot run under CI: ${skipTls}`);

test('STARTTLS upgrades the connection before AUTH and the message', { skip: skipTls }, async () => {
  const auth = { user: 'crowdflow', pass: 's3cret' };
  await withReceiver({ tls: cert!, auth }, async (rx) => {
    await channelFor(rx, { auth, tls: { ca: cert!.cert } }).send(dottedAlert(), new AbortController().signal);
    assert.equal(rx.mails.length, 1);
    assert.equal(rx.mails[0]!.encrypted, true);
    assert.equal(rx.mails[0]!.user, 'crowdflow');
    assert.deepEqual(rx.commands.map((c) => c.split(' ')[0]), ['EHLO', 'STARTTLS', 'EHLO', 'AUTH', 'MAIL', 'RCPT', 'RCPT', 'DATA', 'QUIT']);
  });
});

test('an untrusted certificate fails the handshake', { skip: skipTls }, async () => {
  await withReceiver({ tls: cert! }, async (rx) => {
    await assert.rejects(channelFor(rx).send(dottedAlert(), new AbortController().signal), /TLS handshake/);
    assert.equal(rx.mails.length, 0);
  });
});

test('implicit TLS (secure: true) delivers over TLS from the first byte', { skip: skipTls }, async () => {
  await withReceiver({ tls: cert!, implicitTls: true }, async (rx) => {
    await channelFor(rx, { secure: true, tls: { ca: cert!.cert } }).send(dottedAlert(), new AbortController().signal);
    assert.equal(rx.mails.length, 1);
    assert.equal(rx.mails[0]!.encrypted, true);
  });
});

test('requireTls refuses a server without STARTTLS', async () => {
  await withReceiver({}, async (rx) => {
    await assert.rejects(channelFor(rx, { requireTls: true }).send(dottedAlert(), new AbortController().signal), /no STARTTLS and requireTls/);
    assert.equal(rx.mails.length, 0);
  });
});
