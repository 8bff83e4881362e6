/**
 * Forwards the edge buffer upstream, oldest first, in batches over HTTP
 * (`POST /api/v1/readings`, Basic auth as the gateway). A batch leaves the buffer only once the
 * upstream answered for it; on a network error, a timeout or a 5xx the same batch is retried with
 * exponential backoff. A retry after a lost answer resends readings the upstream already has:
 * its log drops them by id, so nothing is counted twice.
 */
import { READING_BATCH_SCHEMA, READING_LIMITS } from '../../contracts/index.ts';
import type { EdgeBuffer } from '../../store/index.ts';

export interface ForwarderOptions {
  readonly upstreamUrl: string;
  readonly gatewayId: string;
  readonly key: string;
  readonly buffer: EdgeBuffer;
  readonly maxBatch?: number;
  /** Bytes of one batch body (the upstream refuses more than 1 MiB). */
  readonly maxBatchBytes?: number;
  readonly requestTimeoutMs?: number;
  readonly backoff?: { baseMs: number; maxMs: number };
  readonly log?: (msg: string) => void;
}

export interface ForwarderStats {
  forwarded: number;
  rejectedUpstream: number;
  failures: number;
  upstreamUp: boolean;
  lastError: string | null;
}

export interface Forwarder {
  readonly stats: Readonly<ForwarderStats>;
  /** New readings are in the buffer: stop waiting. */
  kick(): void;
  stop(): Promise<void>;
}

export function startForwarder(opts: ForwarderOptions): Forwarder {
  const url = `${opts.upstreamUrl.replace(/\/$/, '')}/api/v1/readings`;
  const auth = `Basic ${Buffer.from(`${opts.gatewayId}:${opts.key}`).toString('base64')}`;
  const maxBytes = opts.maxBatchBytes ?? Math.floor(READING_LIMITS.maxPayloadBytes * 0.9);
  let maxBatch = Math.min(opts.maxBatch ?? 500, READING_LIMITS.maxReadingsPerBatch);
  const backoff = opts.backoff ?? { baseMs: 250, maxMs: 30_000 };
  const stats: ForwarderStats = { forwarded: 0, rejectedUpstream: 0, failures: 0, upstreamUp: true, lastError: null };
  let stopped = false;
  let wake: (() => void) | null = null;
  const sleep = (ms: number): Promise<void> => new Promise((r) => {
    const t = setTimeout(() => { wake = null; r(); }, ms);
    wake = () => { clearTimeout(t); wake = null; r(); };
  });

  const loop = async (): Promise<void> => {
    let consecutive = 0;
    while (!stopped) {
      const candidates = opts.buffer.peek(maxBatch);
      if (candidates.length === 0) {
        await sleep(1000);
        continue;
      }
      // Cut the batch at the byte budget (tracks readings can be large); at least one reading.
      let bytes = 0;
      let n = 0;
      for (const c of candidates) {
        const size = JSON.stringify(c.reading).length + 1;
        if (n > 0 && bytes + size > maxBytes) break;
        bytes += size;
        n++;
      }
      const batch = candidates.slice(0, n);
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { authorization: auth, 'content-type': 'application/json' },
          body: JSON.stringify({ schema: READING_BATCH_SCHEMA, readings: batch.map((b) => b.reading) }),
          signal: AbortSignal.timeout(opts.requestTimeoutMs ?? 10_000),
        });
        const text = await res.text();
        if (res.status === 200 || res.status === 207 || res.status === 400) {
          // Answered per reading: accepted, already known, or rejected for good (the upstream
          // dead-lettered those with their reason). Either way the batch is done.
          const body = JSON.parse(text) as { rejected?: unknown[] };
          stats.rejectedUpstream += body.rejected?.length ?? 0;
          stats.forwarded += batch.length;
          opts.buffer.ack(batch[batch.length - 1]!.seq);
          if (!stats.upstreamUp) opts.log?.(`upstream back after ${consecutive} failed attempts; ${opts.buffer.count()} readings still buffered`);
          stats.upstreamUp = true;
          consecutive = 0;
          continue;
        }
        if (res.status === 413 && maxBatch > 1) {
          maxBatch = Math.max(1, Math.floor(batch.length / 2));
          continue;
        }
        throw new Error(`upstream answered ${res.status}: ${text.slice(0, 200)}`);
      } catch (e) {
        consecutive++;
        stats.failures++;
        stats.lastError = (e as Error).message;
        if (stats.upstreamUp) opts.log?.(`upstream unreachable (${stats.lastError}); buffering on disk`);
        stats.upstreamUp = false;
        const delay = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(consecutive - 1, 16));
        await sleep(delay);
      }
    }
  };
  const running = loop();

  return {
    stats,
    // While the upstream is down, new readings do not cut the backoff short.
    kick: () => { if (stats.upstreamUp) wake?.(); },
    async stop() {
      stopped = true;
      wake?.();
      await running;
    },
  };
}
