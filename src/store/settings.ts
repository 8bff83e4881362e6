/** Live settings (risk weights, thresholds, cooldowns …) persisted as JSON values by key. */
import type { Db } from './sqlite.ts';

export interface SettingsStore {
  get<T>(key: string): T | null;
  put(key: string, value: unknown, at: number): void;
}

export function createSettingsStore(db: Db): SettingsStore {
  const get = db.prepare('SELECT value FROM settings WHERE key = ?').pluck();
  const put = db.prepare(
    'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
  );
  return {
    get<T>(key: string) {
      const v = get.get(key) as string | undefined;
      return v === undefined ? null : (JSON.parse(v) as T);
    },
    put: (key, value, at) => void put.run(key, JSON.stringify(value), at),
  };
}

/** Which notifications went out on which channel, so that a retry or restart never pages twice. */
export interface SentNotificationLog {
  has(key: string, channel: string): boolean;
  add(key: string, channel: string, at?: number): void;
}

export function createSentNotificationLog(db: Db): SentNotificationLog {
  const has = db.prepare('SELECT 1 FROM notifications_sent WHERE idempotency_key = ? AND channel = ?').pluck();
  const add = db.prepare('INSERT OR IGNORE INTO notifications_sent (idempotency_key, channel, sent_at) VALUES (?, ?, ?)');
  return {
    has: (key, channel) => has.get(key, channel) === 1,
    add: (key, channel, at = 0) => void add.run(key, channel, at),
  };
}
