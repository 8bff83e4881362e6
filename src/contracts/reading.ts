/**
 * `crowdflow.reading/v1`: what a field sensor sends. Validated once at the edge (ingest);
 * everything downstream trusts these types.
 *
 * Every reading carries a sender-chosen unique `id` (retries and edge replays reuse it, so
 * the log drops the copies), the `sensorId` it comes from and its event time `ts` (epoch ms,
 * the end of the interval it covers). What the sensor observes (which zone, passage or gate)
 * is declared once in the venue model, not repeated in every reading.
 */
import { z } from 'zod';
import { DurationMs, EpochMs, ReadingId, SensorId } from './units.ts';

export const READING_SCHEMA = 'crowdflow.reading/v1';
export const READING_BATCH_SCHEMA = 'crowdflow.reading-batch/v1';

/** Upper bounds that keep one reading cheap to validate and process. */
export const READING_LIMITS = {
  maxTracksPerReading: 5000,
  maxReadingsPerBatch: 1000,
  /** Bytes of one MQTT payload or HTTP body. */
  maxPayloadBytes: 1024 * 1024,
  maxIntervalMs: 3_600_000,
  /** A count above this in one reading is a sensor fault, not a crowd. */
  maxCount: 1_000_000,
  /** A counter's running total: a 32-bit register. */
  maxTotal: 4_294_967_295,
} as const;

const count = z.number().int().nonnegative().max(READING_LIMITS.maxCount);
const total = z.number().int().nonnegative().max(READING_LIMITS.maxTotal);
const interval = DurationMs.refine((v) => v >= 1 && v <= READING_LIMITS.maxIntervalMs, {
  message: `intervalMs must be in [1, ${READING_LIMITS.maxIntervalMs}]`,
});
const coord = z.number().finite().min(-100_000).max(100_000);

const base = {
  schema: z.literal(READING_SCHEMA),
  id: ReadingId,
  sensorId: SensorId,
  ts: EpochMs,
};

/**
 * People crossing a counting line during `intervalMs` ending at `ts`. `in` follows the passage
 * direction from → to. `totalIn` and `totalOut` (both or neither) are the counter's running totals
 * since it started, this interval included: with them a lost reading loses no count, the next one
 * brings it back (src/stream/counter-totals.ts).
 */
export const LineCountReading = z
  .object({ ...base, kind: z.literal('line_count'), intervalMs: interval, in: count, out: count, totalIn: total.optional(), totalOut: total.optional() })
  .strict()
  .refine((r) => (r.totalIn === undefined) === (r.totalOut === undefined), { message: 'totalIn and totalOut come together or not at all', path: ['totalIn'] })
  .refine((r) => r.totalIn === undefined || r.totalIn >= r.in, { message: 'totalIn includes this interval, so it cannot be below in', path: ['totalIn'] })
  .refine((r) => r.totalOut === undefined || r.totalOut >= r.out, { message: 'totalOut includes this interval, so it cannot be below out', path: ['totalOut'] })
  // The published JSON Schema says "both or neither" too (the refinements above do not export).
  .meta({ dependentRequired: { totalIn: ['totalOut'], totalOut: ['totalIn'] } });

/** People present in the sensor's zone (or its covered part) at `ts`. */
export const ZoneCountReading = z
  .object({ ...base, kind: z.literal('zone_count'), count })
  .strict();

/**
 * Anonymised positions at `ts` from camera analytics, in venue metres. `trackId` only links a
 * person across consecutive frames of the same camera; it is short-lived and carries no identity.
 * Velocity is optional: when absent it is derived from consecutive frames.
 */
export const Track = z
  .object({
    trackId: z.string().min(1).max(32),
    x: coord,
    y: coord,
    vx: z.number().finite().min(-20).max(20).optional(),
    vy: z.number().finite().min(-20).max(20).optional(),
  })
  .strict();
export const TracksReading = z
  .object({ ...base, kind: z.literal('tracks'), tracks: z.array(Track).max(READING_LIMITS.maxTracksPerReading) })
  .strict();

/**
 * Ticket scans at the sensor's gate during `intervalMs`; optional counts per category (e.g. reduced
 * mobility). `totalEntries`, when sent, is the gate's running total since it started, this interval
 * included: as with a line counter's totals, a lost reading then loses no entry.
 */
export const TicketScanReading = z
  .object({
    ...base,
    kind: z.literal('ticket_scan'),
    intervalMs: interval,
    entries: count,
    totalEntries: total.optional(),
    categories: z.record(z.string().min(1).max(32).regex(/^[a-z][a-z0-9_]*$/), count).optional(),
  })
  .strict()
  .refine((r) => r.totalEntries === undefined || r.totalEntries >= r.entries, {
    message: 'totalEntries includes this interval, so it cannot be below entries',
    path: ['totalEntries'],
  });

/** Unique devices seen in the sensor's zone during `intervalMs`; identifiers were hashed at source and never leave it. */
export const WifiCountReading = z
  .object({ ...base, kind: z.literal('wifi_count'), intervalMs: interval, devices: count })
  .strict();

export const SensorReading = z.discriminatedUnion('kind', [
  LineCountReading,
  ZoneCountReading,
  TracksReading,
  TicketScanReading,
  WifiCountReading,
]);
export type SensorReading = z.infer<typeof SensorReading>;
export type ReadingKind = SensorReading['kind'];
export type LineCountReading = z.infer<typeof LineCountReading>;
export type ZoneCountReading = z.infer<typeof ZoneCountReading>;
export type TracksReading = z.infer<typeof TracksReading>;
export type TicketScanReading = z.infer<typeof TicketScanReading>;
export type WifiCountReading = z.infer<typeof WifiCountReading>;
export const READING_KINDS: readonly ReadingKind[] = ['line_count', 'zone_count', 'tracks', 'ticket_scan', 'wifi_count'];

/** Several readings in one message (MQTT payload or HTTP body). */
export const ReadingBatch = z
  .object({
    schema: z.literal(READING_BATCH_SCHEMA),
    readings: z.array(z.unknown()).min(1).max(READING_LIMITS.maxReadingsPerBatch),
  })
  .strict();

/** A reading as the log holds it: the offset is its position in the append-only log. */
export interface LoggedReading {
  readonly offset: number;
  /** Processing time at which ingest accepted it. */
  readonly receivedAt: EpochMs;
  readonly reading: SensorReading;
}
