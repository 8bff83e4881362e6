/**
 * Webhook signatures: `X-Crowdflow-Signature: sha256=<hex HMAC-SHA256 of the raw body>`
 * (RFC 2104 HMAC; the same header shape as GitHub's X-Hub-Signature-256). The body carries
 * `sentAt`, so the signed bytes bind the time as well; receivers reject stale or replayed
 * deliveries with the timestamp and the Idempotency-Key.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Crowdflow-Signature';
export const TIMESTAMP_HEADER = 'X-Crowdflow-Timestamp';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** Constant-time check of a received signature header against the raw body. */
export function verifySignature(body: string, header: string | undefined | null, secret: string): boolean {
  if (typeof header !== 'string') return false;
  const expected = Buffer.from(signBody(body, secret), 'utf8');
  const got = Buffer.from(header.trim(), 'utf8');
  return got.length === expected.length && timingSafeEqual(got, expected);
}
