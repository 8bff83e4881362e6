/**
 * Reads SMTP replies (RFC 5321 §4.2): "250-first line", …, "250 last line". One reply is
 * returned per `next()`; a closed or failed connection rejects the pending read.
 */
import type { Socket } from 'node:net';
import { DeliveryError } from '../delivery-error.ts';

export interface SmtpReply {
  code: number;
  lines: string[];
}

/** A server that sends more than this without a complete reply is not an SMTP server. */
const MAX_BUFFER_CHARS = 64 * 1024;

export class ReplyReader {
  private buffer = '';
  private lines: string[] = [];
  private waiter: { resolve: (r: SmtpReply) => void; reject: (e: Error) => void } | undefined;
  private failure: Error | undefined;
  private socket: Socket | undefined;

  private readonly onData = (chunk: Buffer): void => {
    this.buffer += chunk.toString('utf8');
    if (this.buffer.length > MAX_BUFFER_CHARS) {
      this.fail(new DeliveryError('CF_ERR_NOTIFY_SMTP', `reply longer than ${MAX_BUFFER_CHARS} characters`, true));
      return;
    }
    let i: number;
    while ((i = this.buffer.indexOf('\n')) >= 0) {
      this.lines.push(this.buffer.slice(0, i).replace(/\r$/, ''));
      this.buffer = this.buffer.slice(i + 1);
    }
    this.pump();
  };
  private readonly onError = (err: Error): void => {
    this.fail(err instanceof DeliveryError ? err : new DeliveryError('CF_ERR_NOTIFY_NETWORK', `smtp: ${err.message}`, true));
  };
  private readonly onClose = (): void => {
    this.fail(new DeliveryError('CF_ERR_NOTIFY_NETWORK', 'smtp: connection closed by the server', true));
  };

  attach(socket: Socket): void {
    this.socket = socket;
    socket.on('data', this.onData);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
  }

  /**
   * Stop reading from the current socket (before STARTTLS). Anything buffered is dropped:
   * bytes that arrived before the TLS handshake must not be read as post-TLS replies
   * (the STARTTLS command-injection problem, CVE-2011-0411).
   */
  detach(): void {
    this.socket?.off('data', this.onData);
    this.socket?.off('error', this.onError);
    this.socket?.off('close', this.onClose);
    this.socket = undefined;
    this.buffer = '';
    this.lines = [];
  }

  next(): Promise<SmtpReply> {
    if (this.waiter) return Promise.reject(new Error('ReplyReader.next() called while a read is pending'));
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
      this.pump();
    });
  }

  fail(err: Error): void {
    this.failure ??= err;
    this.pump();
  }

  private pump(): void {
    if (!this.waiter) return;
    const reply = this.takeReply();
    if (reply) {
      const w = this.waiter;
      this.waiter = undefined;
      w.resolve(reply);
    } else if (this.failure) {
      const w = this.waiter;
      this.waiter = undefined;
      w.reject(this.failure);
    }
  }

  private takeReply(): SmtpReply | undefined {
    for (let i = 0; i < this.lines.length; i++) {
      const line = this.lines[i]!;
      const m = /^(\d{3})([ -]|$)(.*)$/.exec(line);
      if (!m) {
        this.failure ??= new DeliveryError('CF_ERR_NOTIFY_SMTP', `smtp: malformed reply line "${line.slice(0, 80)}"`, true);
        return undefined;
      }
      if (m[2] !== '-') {
        const taken = this.lines.splice(0, i + 1);
        return { code: Number(m[1]), lines: taken.map((l) => l.slice(4)) };
      }
    }
    return undefined;
  }
}
