/**
 * POST a body with Node's fetch and turn every way it can fail into a DeliveryError.
 * Messages name the channel's `label`, never the URL: Telegram and Slack carry their
 * secret in the URL, and errors end up in logs.
 */
import { DeliveryError, isRetryableStatus } from './delivery-error.ts';
import { configError } from './config-error.ts';

export interface HttpAnswer {
  status: number;
  body: string;
  /** Retry-After of the answer, in ms, when it had one in delay-seconds form. */
  retryAfterMs: number | undefined;
}

/** Bodies of failed answers are quoted in errors up to this many characters. */
const QUOTE_CHARS = 300;

/** POST and return whatever the receiver answered; throws only when there is no answer. */
export async function post(
  label: string,
  url: string,
  body: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<HttpAnswer> {
  try {
    const res = await fetch(url, { method: 'POST', headers, body, signal, redirect: 'error' });
    return { status: res.status, body: await res.text(), retryAfterMs: retryAfterMs(res.headers.get('retry-after')) };
  } catch (err) {
    if (signal.aborted) {
      throw signal.reason instanceof DeliveryError ? signal.reason : new DeliveryError('CF_ERR_NOTIFY_TIMEOUT', `${label}: aborted`, true);
    }
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
    throw new DeliveryError('CF_ERR_NOTIFY_NETWORK', `${label}: ${err instanceof Error ? err.message : String(err)}${cause}`, true);
  }
}

/** Throw unless the answer is 2xx; `hintMs` overrides Retry-After (APIs that put it in the body). */
export function requireSuccess(label: string, answer: HttpAnswer, hintMs?: number): void {
  if (answer.status >= 200 && answer.status <= 299) return;
  throw new DeliveryError(
    'CF_ERR_NOTIFY_HTTP',
    `${label}: HTTP ${answer.status}, expected 2xx: ${answer.body.slice(0, QUOTE_CHARS)}`,
    isRetryableStatus(answer.status),
    hintMs ?? answer.retryAfterMs,
  );
}

export async function postJson(
  label: string,
  url: string,
  payload: unknown,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<HttpAnswer> {
  const answer = await post(label, url, JSON.stringify(payload), { 'content-type': 'application/json', ...headers }, signal);
  requireSuccess(label, answer);
  return answer;
}

/** Retry-After in its delay-seconds form (RFC 9110 §10.2.3); the HTTP-date form is ignored. */
export function retryAfterMs(header: string | null): number | undefined {
  if (header === null || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header.trim()) * 1000;
}

/** A URL option must parse and be http(s); checked when the channel is built, not at 3 a.m. */
export function checkHttpUrl(option: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw configError(`\`${option}\` "${redactUrl(String(value))}" is not a URL; expected e.g. https://hooks.example.org/path`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw configError(`\`${option}\` has protocol ${url.protocol}; expected http: or https:`);
  }
  return url;
}

/** Keep the scheme and host of a URL for messages; paths may hold secrets. */
function redactUrl(value: string): string {
  return value.replace(/^([a-z]+:\/\/[^/]*).*$/i, '$1/…');
}
