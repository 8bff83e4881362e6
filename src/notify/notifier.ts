/**
 * Fans one notification out to every channel whose level it reaches, in parallel; retries each
 * with backoff; records deliveries in a SentLog so that an idempotency key reaches a channel
 * at most once. Never throws into the caller: the outcome of every channel is in the report.
 */
import type { RiskLevel } from '../contracts/index.ts';
import { CrowdflowError, assertInRange } from '../contracts/index.ts';
import type { Channel } from './channel.ts';
import type { Notification } from './notification.ts';
import { atLeast, incidentKey } from './notification.ts';
import type { RetryPolicy } from './backoff.ts';
import { DEFAULT_RETRY, checkRetryPolicy, retryDelayMs, seededRandom } from './backoff.ts';
import type { SentLog } from './sent-log.ts';
import { memorySentLog } from './sent-log.ts';
import { DeliveryError, toDeliveryError } from './delivery-error.ts';

export type DeliveryOutcome =
  | 'delivered'
  | 'already_sent' // the SentLog holds this key for this channel: not sent again
  | 'below_level' // the channel does not take this level
  | 'failed'; // every attempt failed, or a failure that no retry can fix

export interface DeliveryReport {
  channel: string;
  idempotencyKey: string;
  outcome: DeliveryOutcome;
  /** Sends tried; 0 when nothing was sent. */
  attempts: number;
  /** The last failure, when the outcome is `failed`. */
  error?: { code: string; message: string; retryable: boolean };
  /** Something went wrong that did not stop delivery (the SentLog could not be read or written). */
  warning?: string;
}

export interface NotifierOptions {
  channels: Channel[];
  /** Lowest level sent to channels that set none. Default WARNING, as the CrowdSafe guide does. */
  minLevel?: RiskLevel;
  retry?: RetryPolicy;
  /** Per attempt, per channel. Default 10 000 ms. */
  timeoutMs?: number;
  /** Waits between attempts; inject to keep tests fast. */
  sleep?: (ms: number) => Promise<void>;
  /** Uniform [0, 1) for the jitter; default a PRNG seeded with `seed`. */
  random?: () => number;
  seed?: number;
  sent?: SentLog;
}

export interface Notifier {
  notify(n: Notification): Promise<DeliveryReport[]>;
}

export const DEFAULT_MIN_LEVEL: RiskLevel = 'WARNING';
export const DEFAULT_TIMEOUT_MS = 10_000;

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function createNotifier(opts: NotifierOptions): Notifier {
  const names = new Set<string>();
  for (const c of opts.channels) {
    if (c.timeoutMs !== undefined) assertInRange(`${c.name}.timeoutMs`, c.timeoutMs, 1, 600_000);
    if (names.has(c.name)) {
      throw new CrowdflowError('CF_ERR_CONFIG', `channel name "${c.name}" used twice; names must be unique (set \`name\`)`);
    }
    names.add(c.name);
  }
  const minLevel = opts.minLevel ?? DEFAULT_MIN_LEVEL;
  const retry = checkRetryPolicy(opts.retry ?? DEFAULT_RETRY);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  assertInRange('timeoutMs', timeoutMs, 1, 600_000);
  const sleep = opts.sleep ?? realSleep;
  const random = opts.random ?? seededRandom(opts.seed ?? 0x5eed);
  const sent = opts.sent ?? memorySentLog();
  // Two concurrent notify() calls with the same key share one delivery instead of racing
  // past the SentLog check together.
  const inFlight = new Map<string, Promise<DeliveryReport>>();
  // The last delivery per (channel, incident): updates of one record go out in the order they
  // were notified. Otherwise an acknowledge could overtake a trigger still in its backoff, and
  // the late trigger would page for an alert someone already has in hand.
  const incidentTail = new Map<string, Promise<unknown>>();

  async function deliver(channel: Channel, n: Notification): Promise<DeliveryReport> {
    const base = { channel: channel.name, idempotencyKey: n.idempotencyKey };
    let warning: string | undefined;
    try {
      if (await sent.has(n.idempotencyKey, channel.name)) return { ...base, outcome: 'already_sent', attempts: 0 };
    } catch (err) {
      // A missed alert costs more than a duplicate one: when in doubt, send.
      warning = `sent log unreadable, sent anyway: ${errorMessage(err)}`;
    }
    for (let attempt = 1; ; attempt++) {
      try {
        await attemptOnce(channel, n, channel.timeoutMs ?? timeoutMs);
      } catch (err) {
        const last = toDeliveryError(err);
        if (!last.retryable || attempt >= retry.attempts) {
          return { ...base, outcome: 'failed', attempts: attempt, error: describe(last), ...(warning ? { warning } : {}) };
        }
        try {
          await sleep(retryDelayMs(retry, attempt, random, last.retryAfterMs));
        } catch {
          /* a failed wait is no reason to give up on an alert */
        }
        continue;
      }
      try {
        await sent.add(n.idempotencyKey, channel.name);
      } catch (err) {
        const note = `delivered but not recorded, a later call may send again: ${errorMessage(err)}`;
        warning = warning ? `${warning}; ${note}` : note;
      }
      return { ...base, outcome: 'delivered', attempts: attempt, ...(warning ? { warning } : {}) };
    }
  }

  function deliverShared(channel: Channel, n: Notification): Promise<DeliveryReport> {
    if (!atLeast(n.level, channel.minLevel ?? minLevel)) {
      return Promise.resolve({ channel: channel.name, idempotencyKey: n.idempotencyKey, outcome: 'below_level', attempts: 0 });
    }
    const id = `${channel.name}\u0000${n.idempotencyKey}`;
    const running = inFlight.get(id);
    if (running) return running;
    const incident = `${channel.name}\u0000${incidentKey(n)}`;
    const previous = incidentTail.get(incident) ?? Promise.resolve();
    const p = previous
      .then(() => deliver(channel, n))
      // deliver() catches what it knows; this keeps the promise of notify() never rejecting.
      .catch((err: unknown): DeliveryReport => ({
        channel: channel.name,
        idempotencyKey: n.idempotencyKey,
        outcome: 'failed',
        attempts: 0,
        error: { code: 'CF_ERR_NOTIFY_CHANNEL', message: errorMessage(err), retryable: true },
      }))
      .finally(() => {
        inFlight.delete(id);
        if (incidentTail.get(incident) === p) incidentTail.delete(incident);
      });
    inFlight.set(id, p);
    incidentTail.set(incident, p);
    return p;
  }

  return {
    notify: (n) => Promise.all(opts.channels.map((c) => deliverShared(c, n))),
  };
}

/**
 * One send bounded by the timeout. The race matters: a channel that ignores its abort signal
 * still cannot hold the notifier beyond `timeoutMs`.
 */
async function attemptOnce(channel: Channel, n: Notification, timeoutMs: number): Promise<void> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new DeliveryError('CF_ERR_NOTIFY_TIMEOUT', `${channel.name}: no confirmation within ${timeoutMs} ms`, true);
      controller.abort(err);
      reject(err);
    }, timeoutMs);
  });
  try {
    // send() is called inside the try so that a synchronous throw is a failed attempt too.
    await Promise.race([Promise.resolve().then(() => channel.send(n, controller.signal)), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

function describe(err: DeliveryError): { code: string; message: string; retryable: boolean } {
  return { code: err.code, message: err.message, retryable: err.retryable };
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
