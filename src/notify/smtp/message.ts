/**
 * An Internet Message (RFC 5322) for a plain-text notification, and the DATA transparency
 * rule of SMTP (RFC 5321 §4.5.2). Header values are single-line and 7-bit: non-ASCII words go
 * into RFC 2047 encoded-words; the body is sent as 7bit when it can be, otherwise base64.
 */
import { createHash } from 'node:crypto';

export interface MailContent {
  from: string;
  to: string[];
  subject: string;
  text: string;
  dateMs: number;
  /** Same value on every retry of a message, so mail clients can recognise a duplicate. */
  messageId: string;
}

/** RFC 5322 §2.1.1: a line must not exceed 998 characters without its CRLF. */
const MAX_LINE = 998;

const ASCII_PRINTABLE = /^[\x20-\x7e]*$/;

/** "Name <a@b>" or "a@b" → "a@b". Throws on anything that could smuggle a command or header. */
export function envelopeAddress(address: string): string {
  if (/[\r\n\0]/.test(address)) throw new Error(`"${oneLine(address)}" contains a line break`);
  const m = /<([^<>]*)>\s*$/.exec(address);
  const bare = (m ? m[1]! : address).trim();
  if (!/^[^\s<>@",;]+@[^\s<>@",;]+$/.test(bare)) throw new Error(`"${address}" is not a mail address like name@example.org`);
  return bare;
}

/** Header values never contain line breaks: a title must not be able to add a header. */
function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ');
}

/** RFC 2047 "B" encoded-words of at most 75 characters, never splitting a UTF-8 sequence. */
export function encodeHeaderValue(value: string): string {
  const flat = oneLine(value);
  if (ASCII_PRINTABLE.test(flat) && flat.length <= 900) return flat;
  const words: string[] = [];
  let chunk = '';
  for (const ch of flat) {
    // 45 bytes → 60 base64 characters; with "=?UTF-8?B?" and "?=" that is 72 ≤ 75.
    if (Buffer.byteLength(chunk + ch, 'utf8') > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk !== '') words.push(chunk);
  // Folding whitespace between encoded-words is ignored by readers (RFC 2047 §6.2).
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join('\r\n ');
}

/** RFC 5322 §3.3 date-time in UTC, e.g. "Sat, 21 Nov 2026 10:56:36 +0000". */
export function formatMailDate(ms: number): string {
  return new Date(ms).toUTCString().replace(/GMT$/, '+0000');
}

/** A Message-ID derived from the idempotency key: the same on every retry. */
export function messageIdFor(idempotencyKey: string, fromAddress: string): string {
  const domain = envelopeAddress(fromAddress).split('@')[1]!;
  const hash = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
  return `<${hash}.crowdflow@${domain}>`;
}

function toCrlf(text: string): string {
  return text.replace(/\r\n|\r|\n/g, '\r\n');
}

/** The whole message with CRLF line ends, ready for dot-stuffing. */
export function buildMessage(m: MailContent): string {
  const body = toCrlf(m.text);
  const sevenBit = ASCII_PRINTABLE.test(body.replace(/\r\n|\t/g, '')) && body.split('\r\n').every((l) => l.length <= MAX_LINE);
  const encodedBody = sevenBit
    ? body
    : (Buffer.from(body, 'utf8').toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
  const headers = [
    `From: ${oneLine(m.from)}`,
    `To: ${m.to.map(oneLine).join(', ')}`,
    `Subject: ${encodeHeaderValue(m.subject)}`,
    `Date: ${formatMailDate(m.dateMs)}`,
    `Message-ID: ${oneLine(m.messageId)}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Transfer-Encoding: ${sevenBit ? '7bit' : 'base64'}`,
    'Auto-Submitted: auto-generated',
  ];
  return `${headers.join('\r\n')}\r\n\r\n${encodedBody}\r\n`;
}

/**
 * RFC 5321 §4.5.2: a line that starts with "." gets one more, so that no line of the message
 * can read as the end-of-data marker; then the marker itself is appended.
 */
export function dotStuff(message: string): string {
  const stuffed = toCrlf(message).replace(/(^|\r\n)\./g, '$1..');
  return `${stuffed.endsWith('\r\n') ? stuffed : `${stuffed}\r\n`}.\r\n`;
}
