/**
 * The append-only, offset-addressed log of accepted readings (the embedded stand-in for a Kafka
 * topic). A reading id is unique in the log: a retry or an edge replay of the same reading is
 * recognised and dropped here, so it is never counted twice.
 */
import type { EpochMs, LoggedReading, SensorReading } from '../contracts/index.ts';
import type { Db } from './sqlite.ts';

export interface AppendResult {
  readonly offsets: number[];
  /** Ids already in the log (retries, replays): not appended again. */
  readonly duplicates: string[];
}

export interface ReadingLog {
  /** Appends atomically (all or none on failure). Returns once the batch is durable. */
  append(readings: readonly SensorReading[], receivedAt: EpochMs): AppendResult;
  /** Readings with offset > `afterOffset`, oldest first. */
  readAfter(afterOffset: number, limit: number): LoggedReading[];
  /** Highest offset, -1 when empty. */
  lastOffset(): number;
  count(): number;
  has(id: string): boolean;
}

export function createSqliteReadingLog(db: Db): ReadingLog {
  const insert = db.prepare(
    'INSERT OR IGNORE INTO readings (offset, id, sensor_id, ts, received_at, body) VALUES ((SELECT COALESCE(MAX(offset), -1) + 1 FROM readings), ?, ?, ?, ?, ?)',
  );
  const readAfter = db.prepare('SELECT offset, received_at, body FROM readings WHERE offset > ? ORDER BY offset LIMIT ?');
  const last = db.prepare('SELECT COALESCE(MAX(offset), -1) AS o FROM readings').pluck();
  const count = db.prepare('SELECT COUNT(*) FROM readings').pluck();
  const has = db.prepare('SELECT 1 FROM readings WHERE id = ?').pluck();

  const appendTx = db.transaction((readings: readonly SensorReading[], receivedAt: number): AppendResult => {
    const offsets: number[] = [];
    const duplicates: string[] = [];
    for (const r of readings) {
      const res = insert.run(r.id, r.sensorId, r.ts, receivedAt, JSON.stringify(r));
      if (res.changes === 0) duplicates.push(r.id);
      else offsets.push(Number(res.lastInsertRowid));
    }
    return { offsets, duplicates };
  });

  return {
    append: (readings, receivedAt) => appendTx(readings, receivedAt),
    readAfter: (afterOffset, limit) =>
      (readAfter.all(afterOffset, limit) as Array<{ offset: number; received_at: number; body: string }>).map((row) => ({
        offset: row.offset,
        receivedAt: row.received_at as EpochMs,
        reading: JSON.parse(row.body) as SensorReading,
      })),
    lastOffset: () => last.get() as number,
    count: () => count.get() as number,
    has: (id) => has.get(id) === 1,
  };
}
