/**
 * Generic webhook: POST the notification as JSON, signed with HMAC-SHA256 (see signature.ts).
 * Any 2xx is a delivery. Receivers de-duplicate on the Idempotency-Key header, which stays the
 * same across retries while the timestamp and signature are fresh on each attempt.
 */
import type { Channel, ChannelCommon } from '../channel.ts';
import { channelLimits } from '../channel.ts';
import type { Notification } from '../notification.ts';
import { checkHttpUrl, post, requireSuccess } from '../http-post.ts';
import { configError } from '../config-error.ts';
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signBody } from '../signature.ts';

export const NOTIFICATION_SCHEMA = 'crowdflow.notification/v1';

export interface WebhookOptions extends ChannelCommon {
  url: string;
  /** HMAC key shared with the receiver; at least 16 characters. */
  secret: string;
}

/** The JSON a webhook receiver gets. */
export interface WebhookBody {
  schema: typeof NOTIFICATION_SCHEMA;
  idempotencyKey: string;
  kind: Notification['kind'];
  level: Notification['level'];
  title: string;
  text: string;
  /** Epoch ms of this attempt; equals the X-Crowdflow-Timestamp header. */
  sentAt: number;
  record: Notification['record'];
}

export const MIN_SECRET_CHARS = 16;

export function webhookChannel(opts: WebhookOptions): Channel {
  const url = checkHttpUrl('url', opts.url).toString();
  if (typeof opts.secret !== 'string' || opts.secret.length < MIN_SECRET_CHARS) {
    throw configError(`\`secret\` has ${opts.secret?.length ?? 0} characters; expected at least ${MIN_SECRET_CHARS}`);
  }
  const name = opts.name ?? 'webhook';
  const now = opts.now ?? Date.now;
  return {
    name,
    ...channelLimits(opts),
    async send(n, signal) {
      const sentAt = now();
      const payload: WebhookBody = {
        schema: NOTIFICATION_SCHEMA,
        idempotencyKey: n.idempotencyKey,
        kind: n.kind,
        level: n.level,
        title: n.title,
        text: n.text,
        sentAt,
        record: n.record,
      };
      const body = JSON.stringify(payload);
      // The exact bytes signed are the bytes sent.
      const answer = await post(name, url, body, {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signBody(body, opts.secret),
        [TIMESTAMP_HEADER]: String(sentAt),
        [IDEMPOTENCY_HEADER]: n.idempotencyKey,
      }, signal);
      requireSuccess(name, answer);
    },
  };
}
