/** Rejected input, kept with the reason so that nothing a sensor sent disappears silently. */
import type { Db } from './sqlite.ts';

/** Payload bytes kept per dead letter: enough to diagnose, bounded against huge payloads. */
export const DEAD_LETTER_PAYLOAD_BYTES = 16 * 1024;

export interface DeadLetter {
  readonly seq: number;
  readonly receivedAt: number;
  readonly source: 'mqtt' | 'http' | 'kafka' | 'edge';
  readonly sensorId: string | null;
  readonly code: string;
  readonly reason: string;
  /** The payload as received, truncated to DEAD_LETTER_PAYLOAD_BYTES. */
  readonly payload: string;
  readonly payloadBytes: number;
}

export interface DeadLetterStore {
  add(d: Omit<DeadLetter, 'seq' | 'payload' | 'payloadBytes'> & { payload: string | Buffer }): number;
  list(opts?: { afterSeq?: number; limit?: number }): DeadLetter[];
  count(): number;
  countByCode(): Record<string, number>;
}

export function createDeadLetterStore(db: Db): DeadLetterStore {
  const insert = db.prepare(
    'INSERT INTO dead_letters (received_at, source, sensor_id, code, reason, payload, payload_bytes) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const list = db.prepare('SELECT * FROM dead_letters WHERE seq > ? ORDER BY seq LIMIT ?');
  const count = db.prepare('SELECT COUNT(*) FROM dead_letters').pluck();
  const byCode = db.prepare('SELECT code, COUNT(*) AS n FROM dead_letters GROUP BY code');
  return {
    add(d) {
      const buf = typeof d.payload === 'string' ? Buffer.from(d.payload) : d.payload;
      const kept = buf.subarray(0, DEAD_LETTER_PAYLOAD_BYTES).toString('utf8');
      return Number(insert.run(d.receivedAt, d.source, d.sensorId, d.code, d.reason, kept, buf.length).lastInsertRowid);
    },
    list({ afterSeq = 0, limit = 100 } = {}) {
      return (list.all(afterSeq, limit) as Array<Record<string, unknown>>).map((r) => ({
        seq: r.seq as number,
        receivedAt: r.received_at as number,
        source: r.source as DeadLetter['source'],
        sensorId: (r.sensor_id as string | null) ?? null,
        code: r.code as string,
        reason: r.reason as string,
        payload: r.payload as string,
        payloadBytes: r.payload_bytes as number,
      }));
    },
    count: () => count.get() as number,
    countByCode: () => Object.fromEntries((byCode.all() as Array<{ code: string; n: number }>).map((r) => [r.code, r.n])),
  };
}
