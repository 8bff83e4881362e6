import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeHeaderValue } from '../testing/mail.ts';
import { buildMessage, dotStuff, encodeHeaderValue, envelopeAddress, formatMailDate, messageIdFor } from './message.ts';

test('dot-stuffing doubles leading dots and ends with the end-of-data marker', () => {
  assert.equal(dotStuff('a\r\n.b\r\n..c\r\n'), 'a\r\n..b\r\n...c\r\n.\r\n');
  assert.equal(dotStuff('.first\n.'), '..first\r\n..\r\n.\r\n');
  assert.equal(dotStuff('no dots'), 'no dots\r\n.\r\n');
  // A lone "." line inside the message can never end it early.
  assert.ok(!dotStuff('x\r\n.\r\ny\r\n').slice(0, -3).includes('\r\n.\r\n'));
});

test('non-ASCII subjects become encoded-words of at most 75 characters that decode back', () => {
  const subject = 'CRITICAL in zone Tribüne Nord – Ausgang Süd: extreme density, sudden surge, dense and stagnant ✓';
  const encoded = encodeHeaderValue(subject);
  for (const line of encoded.split('\r\n')) {
    for (const word of line.trim().split(' ')) assert.ok(word.length <= 75, `${word.length}: ${word}`);
  }
  assert.match(encoded, /^[\x20-\x7e\r\n]*$/);
  assert.equal(decodeHeaderValue(encoded), subject);
  assert.equal(encodeHeaderValue('plain ASCII'), 'plain ASCII');
});

test('a title cannot inject a header', () => {
  const msg = buildMessage({
    from: 'a@example.org',
    to: ['b@example.org'],
    subject: 'hi\r\nBcc: victim@example.org',
    text: 'x',
    dateMs: 0,
    messageId: '<1@example.org>',
  });
  const headers = msg.split('\r\n\r\n')[0]!.split('\r\n');
  assert.ok(!headers.some((h) => h.startsWith('Bcc:')));
});

test('ASCII bodies go as 7bit, others as base64 in 76-character lines', () => {
  const base = { from: 'a@example.org', to: ['b@example.org'], subject: 's', dateMs: 0, messageId: '<1@example.org>' };
  const ascii = buildMessage({ ...base, text: 'line one\n.line two' });
  assert.match(ascii, /Content-Transfer-Encoding: 7bit/);
  assert.ok(ascii.endsWith('\r\n\r\nline one\r\n.line two\r\n'));
  const utf8 = buildMessage({ ...base, text: 'Dichte 6,4 Personen/m² ' + 'x'.repeat(200) });
  assert.match(utf8, /Content-Transfer-Encoding: base64/);
  const body = utf8.split('\r\n\r\n')[1]!;
  assert.ok(body.split('\r\n').every((l) => l.length <= 76));
  assert.equal(Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8'), 'Dichte 6,4 Personen/m² ' + 'x'.repeat(200));
});

test('addresses, dates and message ids', () => {
  assert.equal(envelopeAddress('Crowd Ops <ops@example.org>'), 'ops@example.org');
  assert.equal(envelopeAddress(' ops@example.org '), 'ops@example.org');
  assert.throws(() => envelopeAddress('ops@example.org>\r\nRCPT TO:<x@y>'));
  assert.throws(() => envelopeAddress('no-at-sign'));
  assert.equal(formatMailDate(Date.UTC(2026, 10, 21, 10, 56, 36)), 'Sat, 21 Nov 2026 10:56:36 +0000');
  const id = messageIdFor('alert:a:open', 'Ops <ops@example.org>');
  assert.equal(id, messageIdFor('alert:a:open', 'ops@example.org'));
  assert.notEqual(id, messageIdFor('alert:a:acknowledged', 'ops@example.org'));
  assert.match(id, /^<[0-9a-f]{32}\.crowdflow@example\.org>$/);
});
