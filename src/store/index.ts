/**
 * Persistence: the reading log, dead letters, checkpoints, credentials, alerts, recommendations,
 * the audit log and settings. Embedded deployments use one SQLite file.
 */
import { openDatabase, type Db, type OpenOptions } from './sqlite.ts';
import { createSqliteReadingLog, type ReadingLog } from './reading-log.ts';
import { createDeadLetterStore, type DeadLetterStore } from './dead-letters.ts';
import { createCheckpointStore, type CheckpointStore } from './checkpoints.ts';
import { createCredentialStore, type CredentialStore } from './credentials.ts';
import { createAlertTable, createRecommendationTable, type RecordTable } from './records.ts';
import { createAuditLog, type AuditLog } from './audit.ts';
import { createSentNotificationLog, createSettingsStore, type SentNotificationLog, type SettingsStore } from './settings.ts';
import type { Alert, Recommendation } from '../contracts/index.ts';

export interface Store {
  readonly db: Db;
  readonly log: ReadingLog;
  readonly deadLetters: DeadLetterStore;
  readonly checkpoints: CheckpointStore;
  readonly credentials: CredentialStore;
  readonly alerts: RecordTable<Alert>;
  readonly recommendations: RecordTable<Recommendation>;
  readonly audit: AuditLog;
  readonly settings: SettingsStore;
  readonly sentNotifications: SentNotificationLog;
  /** Runs `fn` in one transaction (e.g. checkpoint + records of the same tick). */
  transaction<T>(fn: () => T): T;
  close(): void;
}

export function openStore(path: string, opts?: OpenOptions): Store {
  const db = openDatabase(path, opts);
  return {
    db,
    log: createSqliteReadingLog(db),
    deadLetters: createDeadLetterStore(db),
    checkpoints: createCheckpointStore(db),
    credentials: createCredentialStore(db),
    alerts: createAlertTable(db),
    recommendations: createRecommendationTable(db),
    audit: createAuditLog(db),
    settings: createSettingsStore(db),
    sentNotifications: createSentNotificationLog(db),
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    close: () => db.close(),
  };
}

export type { ReadingLog, AppendResult } from './reading-log.ts';
export type { DeadLetter, DeadLetterStore } from './dead-letters.ts';
export type { Checkpoint, CheckpointStore } from './checkpoints.ts';
export type { CredentialStore, User } from './credentials.ts';
export { randomSecret } from './credentials.ts';
export type { RecordTable } from './records.ts';
export type { AuditLog } from './audit.ts';
export type { SettingsStore, SentNotificationLog } from './settings.ts';
export { DEAD_LETTER_PAYLOAD_BYTES } from './dead-letters.ts';
export { openEdgeBuffer, type EdgeBuffer, type BufferedReading } from './edge-buffer.ts';
