/**
 * The append-only audit trail: every recommendation, alert, decision (approve, reject, expire,
 * dispatch, acknowledge, resolve) and settings change. Builders produce the entries; the
 * runtime appends them to durable storage, which assigns `seq`. `createAuditLog` is the
 * in-memory append-only log (for the CLI dry run and tests): no update, no delete.
 */
import type { Alert, AuditRecord, EpochMs, Recommendation } from '../contracts/index.ts';
import { AUDIT_SCHEMA } from '../contracts/index.ts';
import type { SettingChange } from './settings-change.ts';
import type { DecisionTick } from './types.ts';

export type AuditDraft = Omit<AuditRecord, 'schema' | 'seq'>;

/** What a tick produced: one entry per new alert and per new recommendation (with its trace). */
export function auditTick(tick: DecisionTick, ts: EpochMs): AuditDraft[] {
  return [
    ...tick.alerts.map((a) => ({
      ts, actor: 'system', action: a.escalation ? 'alert.escalated' : 'alert.raised', subject: a.id,
      detail: { zoneId: a.zoneId, level: a.level, triggers: a.triggers, score: a.score, mode: tick.mode },
    })),
    ...tick.recommendations.map((r) => ({
      ts, actor: 'system', action: 'recommendation.created', subject: r.id,
      detail: {
        zoneId: r.zoneId, action: r.action, level: r.level, source: r.source, confidence: r.confidence, status: r.status,
        ruleId: r.explanation.ruleId, summary: r.explanation.summary, trace: r.explanation.trace, mode: tick.mode,
      },
    })),
  ];
}

/** A recommendation's status change (approved, rejected, expired, dispatched). */
export function auditRecommendationChange(before: Recommendation, after: Recommendation, actor: string): AuditDraft {
  return {
    ts: after.decidedAt ?? after.ts, actor, action: `recommendation.${after.status}`, subject: after.id,
    detail: { from: before.status, to: after.status, reason: after.reason, zoneId: after.zoneId, actionType: after.action.type },
  };
}

/** An alert's status change (acknowledged, resolved). */
export function auditAlertChange(before: Alert, after: Alert, actor: string, at: EpochMs): AuditDraft {
  return { ts: at, actor, action: `alert.${after.status}`, subject: after.id, detail: { from: before.status, to: after.status, zoneId: after.zoneId } };
}

export function auditSettingsChange(changes: readonly SettingChange[], actor: string, at: EpochMs): AuditDraft {
  return { ts: at, actor, action: 'settings.changed', subject: 'settings', detail: { changes: changes.map((c) => ({ ...c })) } };
}

export interface AuditLog {
  append(d: AuditDraft): AuditRecord;
  entries(): readonly AuditRecord[];
}

export function createAuditLog(startSeq = 0): AuditLog {
  const log: AuditRecord[] = [];
  let seq = startSeq;
  return {
    append(d) {
      const rec = deepFreeze({ schema: AUDIT_SCHEMA, seq: seq++, ts: d.ts, actor: d.actor, action: d.action, subject: d.subject, detail: structuredClone(d.detail) }) as AuditRecord;
      log.push(rec);
      return rec;
    },
    entries: () => log.slice(),
  };
}

function deepFreeze<T>(x: T): T {
  if (typeof x === 'object' && x !== null && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}
