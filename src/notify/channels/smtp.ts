/**
 * E-mail through an SMTP relay, one connection per message. The Message-ID is derived from the
 * idempotency key, so a message re-sent after a lost "250" (RFC 1047's duplicate problem)
 * carries the same id and mail clients can fold the two.
 */
import type { Channel, ChannelCommon } from '../channel.ts';
import { channelLimits } from '../channel.ts';
import { configError, requireNonEmpty } from '../config-error.ts';
import { assertInRange } from '../../contracts/index.ts';
import { buildMessage, envelopeAddress, messageIdFor } from '../smtp/message.ts';
import { sendMail } from '../smtp/client.ts';
import type { SmtpConnectOptions } from '../smtp/client.ts';

export interface SmtpOptions extends ChannelCommon, Omit<SmtpConnectOptions, 'host' | 'port' | 'secure'> {
  host: string;
  port: number;
  secure: boolean;
  /** "Crowd Control <alerts@example.org>" or "alerts@example.org". */
  from: string;
  to: string | string[];
  /** Prepended to every subject, e.g. "[crowdflow]". */
  subjectPrefix?: string;
}

export function smtpChannel(opts: SmtpOptions): Channel {
  const host = requireNonEmpty('host', opts.host);
  assertInRange('port', opts.port, 1, 65535);
  const recipients = Array.isArray(opts.to) ? opts.to : [opts.to];
  if (recipients.length === 0) throw configError('`to` is empty; expected at least one address');
  const envelope = {
    from: checkedAddress('from', opts.from),
    to: recipients.map((r, i) => checkedAddress(`to[${i}]`, r)),
  };
  const connect: SmtpConnectOptions = { ...opts, host };
  const name = opts.name ?? 'email';
  const now = opts.now ?? Date.now;
  const prefix = opts.subjectPrefix ? `${opts.subjectPrefix} ` : '';
  return {
    name,
    ...channelLimits(opts),
    async send(n, signal) {
      const message = buildMessage({
        from: opts.from,
        to: recipients,
        subject: `${prefix}${n.title}`,
        text: n.text,
        dateMs: now(),
        messageId: messageIdFor(n.idempotencyKey, opts.from),
      });
      await sendMail(connect, envelope, message, signal);
    },
  };
}

function checkedAddress(option: string, value: string): string {
  try {
    return envelopeAddress(value);
  } catch (err) {
    throw configError(`\`${option}\`: ${(err as Error).message}`);
  }
}
