/**
 * Ingest validation: the one place where untrusted bytes become typed readings. Pure: the MQTT,
 * HTTP and Kafka adapters call it and write the verdicts (log or dead-letter) themselves.
 * A bad reading never takes the valid readings beside it down: each gets its own verdict.
 */
import type { z } from 'zod';
import {
  READING_BATCH_SCHEMA, READING_LIMITS, ReadingBatch, SensorReading, type EpochMs, type ErrorCode,
} from '../contracts/index.ts';
import type { Venue } from '../venue/index.ts';

export interface IngestPolicy {
  /** Readings stamped further ahead of the server clock are rejected (clock skew allowance). */
  readonly maxFutureMs: number;
  /** Readings older than this are rejected: no window could still use them. */
  readonly maxAgeMs: number;
  /** Track positions further than this outside the venue bounds are rejected. */
  readonly boundsMarginM: number;
}

export const DEFAULT_INGEST_POLICY: IngestPolicy = {
  maxFutureMs: 60_000,
  maxAgeMs: 24 * 3_600_000,
  boundsMarginM: 50,
};

export type Verdict =
  | { readonly ok: true; readonly reading: SensorReading }
  | { readonly ok: false; readonly code: ErrorCode; readonly reason: string; readonly sensorId: string | null; readonly raw: unknown };

export interface IngestContext {
  readonly venue: Venue;
  readonly now: EpochMs;
  readonly policy?: IngestPolicy;
  /**
   * Who sent it: a sensor speaks only for itself, an edge gateway for the sensors of its sector;
   * null only for trusted internal callers (replays, tests of validation alone).
   */
  readonly authenticatedSensor: string | null;
}

export type Decoded = { ok: true; value: unknown } | { ok: false; code: ErrorCode; reason: string };

/** Size check, then JSON. The size check comes first so a huge payload is never parsed. */
export function decodePayload(payload: Buffer | string, maxBytes: number = READING_LIMITS.maxPayloadBytes): Decoded {
  const bytes = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
  if (bytes > maxBytes) return { ok: false, code: 'CF_ERR_READING_TOO_LARGE', reason: `payload is ${bytes} bytes; the limit is ${maxBytes}` };
  try {
    return { ok: true, value: JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8')) as unknown };
  } catch (e) {
    return { ok: false, code: 'CF_ERR_READING_JSON', reason: `payload is not JSON: ${(e as Error).message}` };
  }
}

/** A single reading, a batch object (`crowdflow.reading-batch/v1`) or a bare array of readings. */
export function validateMessage(value: unknown, ctx: IngestContext): Verdict[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [reject('CF_ERR_READING_SCHEMA', 'empty array: expected at least one reading', value)];
    if (value.length > READING_LIMITS.maxReadingsPerBatch) {
      return [reject('CF_ERR_READING_TOO_LARGE', `${value.length} readings in one message; the limit is ${READING_LIMITS.maxReadingsPerBatch}`, null)];
    }
    return value.map((v) => validateReading(v, ctx));
  }
  if (isObject(value) && value.schema === READING_BATCH_SCHEMA) {
    const batch = ReadingBatch.safeParse(value);
    if (!batch.success) return [reject('CF_ERR_READING_SCHEMA', formatZod(batch.error), null)];
    return batch.data.readings.map((v) => validateReading(v, ctx));
  }
  return [validateReading(value, ctx)];
}

export function validateReading(raw: unknown, ctx: IngestContext): Verdict {
  const policy = ctx.policy ?? DEFAULT_INGEST_POLICY;
  const claimedSensor = isObject(raw) && typeof raw.sensorId === 'string' ? raw.sensorId : null;
  const parsed = SensorReading.safeParse(raw);
  if (!parsed.success) return reject('CF_ERR_READING_SCHEMA', formatZod(parsed.error), raw, claimedSensor);
  const r = parsed.data;
  if (ctx.authenticatedSensor !== null && r.sensorId !== ctx.authenticatedSensor) {
    const gateway = ctx.venue.gatewayById.get(ctx.authenticatedSensor as never);
    if (!gateway) {
      return reject('CF_ERR_SENSOR_AUTH', `reading is for sensor "${r.sensorId}" but the sender authenticated as "${ctx.authenticatedSensor}"`, raw, r.sensorId);
    }
    if (!gateway.sensors.has(r.sensorId)) {
      return reject('CF_ERR_SENSOR_AUTH', `gateway "${gateway.id}" does not serve sensor "${r.sensorId}"`, raw, r.sensorId);
    }
  }
  const sensor = ctx.venue.sensorById.get(r.sensorId);
  if (!sensor) return reject('CF_ERR_UNKNOWN_SENSOR', `sensor "${r.sensorId}" is not in venue "${ctx.venue.id}"`, raw, r.sensorId);
  if (sensor.kind !== r.kind) {
    return reject('CF_ERR_SENSOR_KIND', `sensor "${r.sensorId}" is a ${sensor.kind} sensor; got a ${r.kind} reading`, raw, r.sensorId);
  }
  if (r.ts > ctx.now + policy.maxFutureMs) {
    return reject('CF_ERR_TIMESTAMP', `ts ${r.ts} is ${Math.round((r.ts - ctx.now) / 1000)} s ahead of the server clock; at most ${policy.maxFutureMs / 1000} s allowed`, raw, r.sensorId);
  }
  if (r.ts < ctx.now - policy.maxAgeMs) {
    return reject('CF_ERR_TIMESTAMP', `ts ${r.ts} is ${Math.round((ctx.now - r.ts) / 1000)} s old; at most ${policy.maxAgeMs / 1000} s allowed`, raw, r.sensorId);
  }
  if (r.kind === 'tracks') {
    const b = ctx.venue.bounds;
    const m = policy.boundsMarginM;
    const out = r.tracks.findIndex((t) => t.x < b.minX - m || t.x > b.maxX + m || t.y < b.minY - m || t.y > b.maxY + m);
    if (out >= 0) {
      return reject('CF_ERR_READING_SCHEMA', `tracks[${out}] at (${r.tracks[out]!.x}, ${r.tracks[out]!.y}) is more than ${m} m outside the venue`, raw, r.sensorId);
    }
  }
  return { ok: true, reading: r };
}

function reject(code: ErrorCode, reason: string, raw: unknown, sensorId: string | null = null): Verdict {
  return { ok: false, code, reason: `${code}: ${reason}`, sensorId, raw };
}

/** "field ts: expected number, received string; field count: …" */
export function formatZod(err: z.ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => (i.path.length > 0 ? `field ${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
