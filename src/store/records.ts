/** Alerts and recommendations: upserted by id as their lifecycle moves on. */
import type { Alert, Recommendation } from '../contracts/index.ts';
import type { Db } from './sqlite.ts';

export interface RecordTable<T extends { id: string; status: string }> {
  upsert(r: T): void;
  get(id: string): T | null;
  list(opts?: { status?: string; limit?: number }): T[];
  count(status: string): number;
}

function recordTable<T extends { id: string; zoneId: string; status: string; ts: number }>(db: Db, table: 'alerts' | 'recommendations'): RecordTable<T> {
  const put = db.prepare(
    `INSERT INTO ${table} (id, zone_id, status, ts, body) VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET status = excluded.status, body = excluded.body`,
  );
  const get = db.prepare(`SELECT body FROM ${table} WHERE id = ?`).pluck();
  const byStatus = db.prepare(`SELECT body FROM ${table} WHERE status = ? ORDER BY ts DESC, id LIMIT ?`).pluck();
  const all = db.prepare(`SELECT body FROM ${table} ORDER BY ts DESC, id LIMIT ?`).pluck();
  const count = db.prepare(`SELECT COUNT(*) FROM ${table} WHERE status = ?`).pluck();
  return {
    upsert: (r) => void put.run(r.id, r.zoneId, r.status, r.ts, JSON.stringify(r)),
    get(id) {
      const body = get.get(id) as string | undefined;
      return body ? (JSON.parse(body) as T) : null;
    },
    list({ status, limit = 500 } = {}) {
      const rows = (status ? byStatus.all(status, limit) : all.all(limit)) as string[];
      return rows.map((b) => JSON.parse(b) as T);
    },
    count: (status) => count.get(status) as number,
  };
}

export const createAlertTable = (db: Db): RecordTable<Alert> => recordTable<Alert>(db, 'alerts');
export const createRecommendationTable = (db: Db): RecordTable<Recommendation> => recordTable<Recommendation>(db, 'recommendations');
