/** The append-only audit log (SQLite triggers refuse UPDATE and DELETE on the table). */
import { AUDIT_SCHEMA, type AuditRecord, type EpochMs } from '../contracts/index.ts';
import type { Db } from './sqlite.ts';

export interface AuditLog {
  append(e: { ts: number; actor: string; action: string; subject: string; detail?: Record<string, unknown> }): AuditRecord;
  list(opts?: { afterSeq?: number; limit?: number; action?: string }): AuditRecord[];
}

export function createAuditLog(db: Db): AuditLog {
  const insert = db.prepare('INSERT INTO audit (ts, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)');
  const list = db.prepare('SELECT * FROM audit WHERE seq > ? ORDER BY seq LIMIT ?');
  const listAction = db.prepare('SELECT * FROM audit WHERE seq > ? AND action = ? ORDER BY seq LIMIT ?');
  const toRecord = (r: Record<string, unknown>): AuditRecord => ({
    schema: AUDIT_SCHEMA,
    seq: r.seq as number,
    ts: r.ts as EpochMs,
    actor: r.actor as string,
    action: r.action as string,
    subject: r.subject as string,
    detail: JSON.parse(r.detail as string) as Record<string, unknown>,
  });
  return {
    append(e) {
      const detail = e.detail ?? {};
      const seq = Number(insert.run(e.ts, e.actor, e.action, e.subject, JSON.stringify(detail)).lastInsertRowid);
      return { schema: AUDIT_SCHEMA, seq, ts: e.ts as EpochMs, actor: e.actor, action: e.action, subject: e.subject, detail };
    },
    list({ afterSeq = 0, limit = 500, action } = {}) {
      const rows = (action ? listAction.all(afterSeq, action, limit) : list.all(afterSeq, limit)) as Array<Record<string, unknown>>;
      return rows.map(toRecord);
    },
  };
}
