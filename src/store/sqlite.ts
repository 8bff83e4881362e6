/**
 * The embedded database (SQLite via better-sqlite3). WAL journal with synchronous=NORMAL: a
 * committed transaction survives a crash or SIGKILL of the process (what the restart test
 * checks); on power loss the last few milliseconds may be lost unless `durability: 'full'`.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type Db = Database.Database;

export interface OpenOptions {
  /** 'full' fsyncs every commit (power-loss safe, slower). */
  durability?: 'normal' | 'full';
  /** Schema of another database than the central store (the edge buffer has its own). */
  migrations?: readonly string[];
}

export function openDatabase(path: string, opts: OpenOptions = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${opts.durability === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, opts.migrations ?? MIGRATIONS);
  return db;
}

/** Ordered, append-only list of schema changes; `user_version` records how many ran. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE readings (
     offset INTEGER PRIMARY KEY,
     id TEXT NOT NULL UNIQUE,
     sensor_id TEXT NOT NULL,
     ts INTEGER NOT NULL,
     received_at INTEGER NOT NULL,
     body TEXT NOT NULL
   );
   CREATE TABLE dead_letters (
     seq INTEGER PRIMARY KEY,
     received_at INTEGER NOT NULL,
     source TEXT NOT NULL,
     sensor_id TEXT,
     code TEXT NOT NULL,
     reason TEXT NOT NULL,
     payload TEXT NOT NULL,
     payload_bytes INTEGER NOT NULL
   );
   CREATE TABLE checkpoints (name TEXT PRIMARY KEY, offset INTEGER NOT NULL, state TEXT NOT NULL, updated_at INTEGER NOT NULL);
   CREATE TABLE users (username TEXT PRIMARY KEY, role TEXT NOT NULL, salt TEXT NOT NULL, hash TEXT NOT NULL, created_at INTEGER NOT NULL);
   CREATE TABLE tokens (token_hash TEXT PRIMARY KEY, username TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE, expires_at INTEGER NOT NULL);
   CREATE TABLE sensor_keys (sensor_id TEXT PRIMARY KEY, salt TEXT NOT NULL, hash TEXT NOT NULL, created_at INTEGER NOT NULL);
   CREATE TABLE alerts (id TEXT PRIMARY KEY, zone_id TEXT NOT NULL, status TEXT NOT NULL, ts INTEGER NOT NULL, body TEXT NOT NULL);
   CREATE INDEX alerts_status ON alerts(status, ts);
   CREATE TABLE recommendations (id TEXT PRIMARY KEY, zone_id TEXT NOT NULL, status TEXT NOT NULL, ts INTEGER NOT NULL, body TEXT NOT NULL);
   CREATE INDEX recommendations_status ON recommendations(status, ts);
   CREATE TABLE audit (seq INTEGER PRIMARY KEY, ts INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, subject TEXT NOT NULL, detail TEXT NOT NULL);
   CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
   CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
   CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER NOT NULL);
   CREATE TABLE notifications_sent (idempotency_key TEXT NOT NULL, channel TEXT NOT NULL, sent_at INTEGER NOT NULL, PRIMARY KEY (idempotency_key, channel));`,
];

function migrate(db: Db, migrations: readonly string[]): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let v = version; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
