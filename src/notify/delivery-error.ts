/**
 * Why one attempt to deliver failed, and whether trying again can help. The notifier retries
 * only `retryable` failures: a rejected token or a malformed address will not fix itself,
 * a 503 or a dropped connection may.
 */
export type DeliveryErrorCode =
  | 'CF_ERR_NOTIFY_HTTP' // the receiver answered with a non-success status
  | 'CF_ERR_NOTIFY_NETWORK' // no answer: refused, reset, DNS
  | 'CF_ERR_NOTIFY_TIMEOUT' // no answer within the per-channel timeout
  | 'CF_ERR_NOTIFY_REJECTED' // the receiver answered 2xx but its body says it refused
  | 'CF_ERR_NOTIFY_SMTP' // an SMTP reply outside the expected codes
  | 'CF_ERR_NOTIFY_CHANNEL'; // a channel threw something that is not a DeliveryError

export class DeliveryError extends Error {
  constructor(
    readonly code: DeliveryErrorCode,
    message: string,
    readonly retryable: boolean,
    /** The receiver's own hint (HTTP Retry-After, Telegram retry_after), in ms. */
    readonly retryAfterMs?: number,
  ) {
    super(`${code}: ${message}`);
    this.name = 'DeliveryError';
  }
}

/** Anything a channel throws, as a DeliveryError; unknown failures are assumed transient. */
export function toDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new DeliveryError('CF_ERR_NOTIFY_CHANNEL', message, true);
}

/**
 * HTTP statuses worth retrying: 408 and 429 (the receiver asks us to come back) and 5xx.
 * Every other 4xx means the request itself is wrong (bad token, unknown chat, bad payload).
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
