/**
 * The edge gateway's disk buffer: readings wait here, in arrival order, until the upstream
 * acknowledged them. Bounded by bytes. When full, the stated policy is:
 *   1. drop the oldest `tracks` readings first (positions are most of the bytes and least of the
 *      value once late: counts still rebuild occupancy), counting every drop;
 *   2. if only counts remain and the buffer is still full, refuse new readings (the MQTT publish
 *      is not acknowledged, so a QoS 1 sensor keeps it and retries): counts are never dropped.
 */
import type { SensorReading } from '../contracts/index.ts';
import { openDatabase, type Db } from './sqlite.ts';

export interface BufferedReading {
  readonly seq: number;
  readonly reading: SensorReading;
}

export interface EdgeBuffer {
  /** Appends in one transaction. Returns false (nothing stored) when full of counts. */
  push(readings: readonly SensorReading[]): boolean;
  /** Oldest first. */
  peek(limit: number): BufferedReading[];
  /** Removes every reading up to and including `seq` (the upstream acknowledged them). */
  ack(seq: number): void;
  count(): number;
  bytes(): number;
  readonly stats: { dropped: number; refused: number; pushed: number };
  addDeadLetter(d: { receivedAt: number; sensorId: string | null; code: string; reason: string }): void;
  deadLetters(limit?: number): Array<{ receivedAt: number; sensorId: string | null; code: string; reason: string }>;
  close(): void;
}

export function openEdgeBuffer(path: string, maxBytes: number): EdgeBuffer {
  const db: Db = openDatabase(path, { durability: 'normal', migrations: EDGE_MIGRATIONS });
  const insert = db.prepare('INSERT OR IGNORE INTO buffer (id, kind, bytes, body) VALUES (?, ?, ?, ?)');
  const peek = db.prepare('SELECT seq, body FROM buffer ORDER BY seq LIMIT ?');
  const ack = db.prepare('DELETE FROM buffer WHERE seq <= ?');
  const count = db.prepare('SELECT COUNT(*) FROM buffer').pluck();
  const bytes = db.prepare('SELECT COALESCE(SUM(bytes), 0) FROM buffer').pluck();
  const oldestTracks = db.prepare("SELECT seq, bytes FROM buffer WHERE kind = 'tracks' ORDER BY seq LIMIT 100");
  const drop = db.prepare('DELETE FROM buffer WHERE seq = ?');
  const dl = db.prepare('INSERT INTO dead_letters (received_at, sensor_id, code, reason) VALUES (?, ?, ?, ?)');
  const dls = db.prepare('SELECT received_at AS receivedAt, sensor_id AS sensorId, code, reason FROM dead_letters ORDER BY seq DESC LIMIT ?');
  const stats = { dropped: 0, refused: 0, pushed: 0 };
  let size = bytes.get() as number;

  const makeRoom = (needed: number): boolean => {
    while (size + needed > maxBytes) {
      const victims = oldestTracks.all() as Array<{ seq: number; bytes: number }>;
      if (victims.length === 0) return false;
      for (const v of victims) {
        drop.run(v.seq);
        size -= v.bytes;
        stats.dropped++;
        if (size + needed <= maxBytes) break;
      }
    }
    return true;
  };

  // Refusing rolls back: tracks are only dropped when that actually makes room.
  const FULL = new Error('edge buffer full');
  const pushTx = db.transaction((rows: Array<{ r: SensorReading; body: string }>, needed: number): void => {
    if (!makeRoom(needed)) throw FULL;
    for (const { r, body } of rows) {
      if (insert.run(r.id, r.kind, body.length, body).changes > 0) size += body.length;
    }
  });
  const tryPush = (rows: Array<{ r: SensorReading; body: string }>, needed: number): boolean => {
    const before = { size, dropped: stats.dropped };
    try {
      pushTx(rows, needed);
      return true;
    } catch (e) {
      if (e !== FULL) throw e;
      size = before.size;
      stats.dropped = before.dropped;
      return false;
    }
  };

  return {
    stats,
    push(readings) {
      const rows = readings.map((r) => ({ r, body: JSON.stringify(r) }));
      const needed = rows.reduce((s, x) => s + x.body.length, 0);
      const ok = tryPush(rows, needed);
      if (ok) stats.pushed += rows.length;
      else stats.refused += rows.length;
      return ok;
    },
    peek: (limit) => (peek.all(limit) as Array<{ seq: number; body: string }>).map((r) => ({ seq: r.seq, reading: JSON.parse(r.body) as SensorReading })),
    ack(seq) {
      db.transaction(() => ack.run(seq))();
      size = bytes.get() as number;
    },
    count: () => count.get() as number,
    bytes: () => size,
    addDeadLetter: (d) => void dl.run(d.receivedAt, d.sensorId, d.code, d.reason),
    deadLetters: (limit = 100) => dls.all(limit) as Array<{ receivedAt: number; sensorId: string | null; code: string; reason: string }>,
    close: () => db.close(),
  };
}

const EDGE_MIGRATIONS: readonly string[] = [
  `CREATE TABLE buffer (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, bytes INTEGER NOT NULL, body TEXT NOT NULL);
   CREATE TABLE dead_letters (seq INTEGER PRIMARY KEY, received_at INTEGER NOT NULL, sensor_id TEXT, code TEXT NOT NULL, reason TEXT NOT NULL);`,
];
