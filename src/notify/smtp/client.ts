/**
 * A small SMTP client (RFC 5321) for one message per connection: greeting, EHLO (HELO for
 * old servers), STARTTLS when offered (RFC 3207), AUTH PLAIN (RFC 4616), MAIL FROM, RCPT TO,
 * DATA with dot-stuffing, QUIT. Every reply code is checked; 4xx replies are transient
 * (retry), 5xx permanent (RFC 5321 §4.2.1).
 */
import net from 'node:net';
import tls from 'node:tls';
import type { Socket } from 'node:net';
import { DeliveryError } from '../delivery-error.ts';
import { ReplyReader } from './reply-reader.ts';
import type { SmtpReply } from './reply-reader.ts';
import { dotStuff } from './message.ts';

export interface SmtpConnectOptions {
  host: string;
  port: number;
  /** Implicit TLS from the first byte (port 465). When false, STARTTLS is used if offered. */
  secure: boolean;
  /** Refuse to send without TLS (after STARTTLS) instead of falling back to plain text. */
  requireTls?: boolean;
  auth?: { user: string; pass: string };
  /** AUTH over an unencrypted connection; only for a relay on a trusted network. */
  allowInsecureAuth?: boolean;
  /** Passed to the TLS layer, e.g. a private CA for an internal relay. */
  tls?: Pick<tls.ConnectionOptions, 'ca' | 'rejectUnauthorized' | 'servername'>;
  /** Name sent in EHLO. */
  clientName?: string;
}

export interface Envelope {
  from: string;
  to: string[];
}

export interface SmtpResult {
  /** The server's reply to the end of DATA, e.g. "250 2.0.0 Ok: queued as 4F2A". */
  accepted: string;
  /** True when the message travelled over TLS. */
  encrypted: boolean;
}

export async function sendMail(opts: SmtpConnectOptions, envelope: Envelope, message: string, signal: AbortSignal): Promise<SmtpResult> {
  const session = await SmtpSession.open(opts, signal);
  try {
    return await session.deliver(envelope, message);
  } finally {
    session.close();
  }
}

class SmtpSession {
  private readonly reader = new ReplyReader();
  private extensions = new Set<string>();

  private constructor(
    private socket: Socket,
    private encrypted: boolean,
    private readonly opts: SmtpConnectOptions,
    private readonly signal: AbortSignal,
  ) {
    this.reader.attach(socket);
  }

  static async open(opts: SmtpConnectOptions, signal: AbortSignal): Promise<SmtpSession> {
    if (signal.aborted) throw abortError(signal);
    const socket = opts.secure
      ? tls.connect({ host: opts.host, port: opts.port, ...serverName(opts.host), ...opts.tls })
      : net.connect({ host: opts.host, port: opts.port });
    // SMTP is a dialogue of small writes; Nagle plus delayed ACKs would add ~40 ms per turn.
    socket.setNoDelay(true);
    const session = new SmtpSession(socket, opts.secure, opts, signal);
    signal.addEventListener('abort', session.onAbort, { once: true });
    try {
      session.expect(await session.reader.next(), [220], 'greeting');
      await session.hello();
      await session.maybeStartTls();
      await session.authenticate();
      return session;
    } catch (err) {
      session.close();
      throw err;
    }
  }

  private readonly onAbort = (): void => {
    this.reader.fail(abortError(this.signal));
    this.socket.destroy();
  };

  async deliver(envelope: Envelope, message: string): Promise<SmtpResult> {
    if (this.opts.requireTls && !this.encrypted) {
      throw new DeliveryError('CF_ERR_NOTIFY_SMTP', 'smtp: server offers no STARTTLS and requireTls is set', false);
    }
    await this.command(`MAIL FROM:<${envelope.from}>`, [250], 'MAIL FROM');
    // Every recipient must be accepted: a partial delivery would be reported as a full one.
    for (const to of envelope.to) await this.command(`RCPT TO:<${to}>`, [250, 251], `RCPT TO ${to}`);
    await this.command('DATA', [354], 'DATA');
    this.write(dotStuff(message));
    const done = await this.reader.next();
    this.expect(done, [250], 'end of DATA');
    // The message is accepted now; a failed QUIT must not turn it into a retry (a duplicate).
    try {
      await this.command('QUIT', [221], 'QUIT');
    } catch {
      /* accepted anyway */
    }
    return { accepted: `${done.code} ${done.lines.join(' ')}`, encrypted: this.encrypted };
  }

  close(): void {
    this.signal.removeEventListener('abort', this.onAbort);
    this.reader.detach();
    // A late reset after we are done must not become an unhandled 'error' event.
    this.socket.on('error', () => {});
    this.socket.destroy();
  }

  private async hello(): Promise<void> {
    const name = this.opts.clientName ?? 'crowdflow.localdomain';
    const reply = await this.command(`EHLO ${name}`, null, 'EHLO');
    if (reply.code === 250) {
      // Lines after the first name the extensions: "STARTTLS", "AUTH PLAIN LOGIN", "SIZE 1000".
      this.extensions = new Set(reply.lines.slice(1).map((l) => l.toUpperCase()));
      return;
    }
    // RFC 5321 §4.1.1.1: a server that does not know EHLO gets HELO, and has no extensions.
    await this.command(`HELO ${name}`, [250], 'HELO');
    this.extensions = new Set();
  }

  private async maybeStartTls(): Promise<void> {
    if (this.encrypted || !this.extensions.has('STARTTLS')) return;
    await this.command('STARTTLS', [220], 'STARTTLS');
    this.reader.detach();
    const plain = this.socket;
    const secured = tls.connect({ socket: plain, host: this.opts.host, ...serverName(this.opts.host), ...this.opts.tls });
    // From here an abort destroys the TLS socket (and the plain one under it).
    this.socket = secured;
    await new Promise<void>((resolve, reject) => {
      const failed = (why: string): void => reject(new DeliveryError('CF_ERR_NOTIFY_NETWORK', `smtp: TLS handshake: ${why}`, true));
      secured.once('secureConnect', () => resolve());
      secured.once('error', (err) => failed(err.message));
      secured.once('close', () => failed(this.signal.aborted ? 'aborted' : 'connection closed'));
    });
    this.encrypted = true;
    this.reader.attach(secured);
    // RFC 3207 §4.2: forget what was learnt before TLS and ask again.
    await this.hello();
  }

  private async authenticate(): Promise<void> {
    const auth = this.opts.auth;
    if (!auth) return;
    if (!this.encrypted && !this.opts.allowInsecureAuth) {
      throw new DeliveryError('CF_ERR_NOTIFY_SMTP', 'smtp: refusing AUTH over an unencrypted connection (set secure, use a server with STARTTLS, or allowInsecureAuth)', false);
    }
    const mechanisms = [...this.extensions].find((e) => e.startsWith('AUTH ') || e.startsWith('AUTH='));
    if (!mechanisms || !/\bPLAIN\b/.test(mechanisms)) {
      throw new DeliveryError('CF_ERR_NOTIFY_SMTP', `smtp: server offers no AUTH PLAIN (${mechanisms ?? 'no AUTH'})`, false);
    }
    // RFC 4616: authzid NUL authcid NUL passwd, base64.
    const token = Buffer.from(`\u0000${auth.user}\u0000${auth.pass}`, 'utf8').toString('base64');
    await this.command(`AUTH PLAIN ${token}`, [235], 'AUTH PLAIN', 'AUTH PLAIN ****');
  }

  private write(data: string): void {
    this.socket.write(data, 'utf8');
  }

  private async command(line: string, expected: number[] | null, what: string, shown = line): Promise<SmtpReply> {
    if (/[\r\n]/.test(line)) throw new DeliveryError('CF_ERR_NOTIFY_SMTP', `smtp: line break in ${what}`, false);
    this.write(`${line}\r\n`);
    const reply = await this.reader.next();
    if (expected) this.expect(reply, expected, shown);
    return reply;
  }

  private expect(reply: SmtpReply, codes: number[], what: string): void {
    if (codes.includes(reply.code)) return;
    // 4xx: try again later; 5xx: the server will say the same next time.
    const transient = reply.code >= 400 && reply.code < 500;
    throw new DeliveryError(
      'CF_ERR_NOTIFY_SMTP',
      `smtp: ${what} answered ${reply.code} ${reply.lines.join(' ').slice(0, 200)}; expected ${codes.join(' or ')}`,
      transient,
    );
  }
}

/** SNI needs a host name; RFC 6066 §3 forbids IP addresses there. */
function serverName(host: string): { servername?: string } {
  return net.isIP(host) === 0 ? { servername: host } : {};
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof DeliveryError ? signal.reason : new DeliveryError('CF_ERR_NOTIFY_TIMEOUT', 'smtp: aborted', true);
}
