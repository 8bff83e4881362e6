/**
 * Accepts sensor payloads from any adapter: validates them (src/ingest), appends the valid
 * readings to the log and dead-letters the rest with their reason, in one transaction, then
 * wakes the pipeline. Returns per-reading verdicts so HTTP can say which were rejected and why.
 */
import type { ErrorCode } from '../contracts/index.ts';
import {
  decodePayload, validateMessage, type IngestOutcome, type IngestPolicy, type Rejection, type Verdict,
} from '../ingest/index.ts';
import type { Store } from '../store/index.ts';
import type { Venue } from '../venue/index.ts';
import type { Clock } from './clock.ts';

export type IngestSource = 'mqtt' | 'http' | 'kafka' | 'edge';

export interface IngestCounters {
  accepted: number;
  duplicates: number;
  rejected: number;
  messages: number;
}

export interface IngestService {
  acceptPayload(payload: Buffer | string, source: IngestSource, authenticatedSensor: string | null): IngestOutcome;
  acceptValue(value: unknown, source: IngestSource, authenticatedSensor: string | null): IngestOutcome;
  recordRejection(source: IngestSource, sensorId: string | null, code: ErrorCode, reason: string, payload?: Buffer | string): void;
  readonly counters: Readonly<IngestCounters>;
}

export function createIngestService(opts: {
  venue: Venue;
  store: Store;
  clock: Clock;
  policy?: IngestPolicy;
  onAccepted: () => void;
}): IngestService {
  const { venue, store, clock } = opts;
  const counters: IngestCounters = { accepted: 0, duplicates: 0, rejected: 0, messages: 0 };

  const deadLetter = (source: IngestSource, sensorId: string | null, code: ErrorCode, reason: string, payload: Buffer | string): void => {
    store.deadLetters.add({ receivedAt: clock.now(), source, sensorId, code, reason, payload });
    counters.rejected++;
  };

  /** `payloadText`: the message as received, kept in its dead letters (never re-serialised). */
  const commit = (verdicts: Verdict[], source: IngestSource, payloadText: (() => string) | null): IngestOutcome => {
    const now = clock.now();
    const rejected: Rejection[] = [];
    const valid = verdicts.flatMap((v) => (v.ok ? [v.reading] : []));
    const result = store.transaction(() => {
      verdicts.forEach((v, index) => {
        if (v.ok) return;
        const raw = v.raw as { id?: unknown } | null;
        rejected.push({ index, id: raw && typeof raw === 'object' && typeof raw.id === 'string' ? raw.id : null, code: v.code, reason: v.reason });
        deadLetter(source, v.sensorId, v.code, v.reason, verdicts.length === 1 && payloadText !== null ? payloadText() : safeJson(v.raw));
      });
      return store.log.append(valid, now);
    });
    counters.accepted += result.offsets.length;
    counters.duplicates += result.duplicates.length;
    if (result.offsets.length > 0) opts.onAccepted();
    return { accepted: result.offsets.length, duplicates: result.duplicates.length, rejected };
  };

  /**
   * Validation is pure and should never throw; if it does (a bug, or input deep enough to
   * exhaust the stack), the message is dead-lettered and acknowledged rather than refused, so
   * that one poison message cannot make a sensor retry forever.
   */
  const judge = (value: unknown, authenticatedSensor: string | null): Verdict[] => {
    try {
      return validateMessage(value, { venue, now: clock.now(), policy: opts.policy, authenticatedSensor });
    } catch (e) {
      return [{ ok: false, code: 'CF_ERR_READING_SCHEMA', reason: `CF_ERR_READING_SCHEMA: message could not be validated (${(e as Error).message})`, sensorId: authenticatedSensor, raw: null }];
    }
  };

  const acceptValue = (value: unknown, source: IngestSource, authenticatedSensor: string | null, payloadText: (() => string) | null = null): IngestOutcome => {
    counters.messages++;
    return commit(judge(value, authenticatedSensor), source, payloadText);
  };

  return {
    counters,
    acceptValue,
    acceptPayload(payload, source, authenticatedSensor) {
      const decoded = decodePayload(payload);
      if (!decoded.ok) {
        counters.messages++;
        deadLetter(source, authenticatedSensor, decoded.code, `${decoded.code}: ${decoded.reason}`, payload);
        return { accepted: 0, duplicates: 0, rejected: [{ index: 0, id: null, code: decoded.code, reason: `${decoded.code}: ${decoded.reason}` }] };
      }
      return acceptValue(decoded.value, source, authenticatedSensor, () => (typeof payload === 'string' ? payload : payload.toString('utf8')));
    },
    recordRejection(source, sensorId, code, reason, payload = '') {
      deadLetter(source, sensorId, code, reason, payload);
    },
  };
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? 'undefined';
  } catch {
    return '<not serialisable>';
  }
}
