/**
 * What the notifier fans out: one Alert or Recommendation rendered for people, with the key
 * that makes a retried send recognisable as the same send.
 */
import type { Alert, Recommendation, RiskLevel } from '../contracts/index.ts';
import { RISK_LEVELS } from '../contracts/index.ts';

export interface Notification {
  /**
   * Same key = same message. Derived from the record id and its status, so a retry keeps the
   * key while an acknowledge or resolve update is a new message with a new key.
   */
  idempotencyKey: string;
  kind: 'alert' | 'recommendation';
  level: RiskLevel;
  title: string;
  text: string;
  record: Alert | Recommendation;
}

/** SAFE < CAUTION < WARNING < CRITICAL, by position in the contract's enum. */
export function levelRank(level: RiskLevel): number {
  return RISK_LEVELS.indexOf(level);
}

export function atLeast(level: RiskLevel, min: RiskLevel): boolean {
  return levelRank(level) >= levelRank(min);
}

export function alertIdempotencyKey(alert: Pick<Alert, 'id' | 'status'>): string {
  return `alert:${alert.id}:${alert.status}`;
}

export function recommendationIdempotencyKey(rec: Pick<Recommendation, 'id' | 'status'>): string {
  return `recommendation:${rec.id}:${rec.status}`;
}

/**
 * The incident an alert or recommendation belongs to across its whole lifecycle (one key for
 * open, acknowledged and resolved), which is what incident tools such as PagerDuty match on.
 */
export function incidentKey(n: Pick<Notification, 'kind' | 'record'>): string {
  return `crowdflow:${n.kind}:${n.record.id}`;
}

const TRIGGER_WORDS: Record<Alert['triggers'][number], string> = {
  extreme_density: 'extreme density',
  sudden_surge: 'sudden surge',
  stagnation_with_density: 'dense and stagnant',
  risk_threshold: 'risk threshold',
  predicted_congestion: 'congestion predicted',
};

/** Status words for the title; an open alert has none, it is the default state. */
function alertStatusPrefix(alert: Alert): string {
  if (alert.status === 'acknowledged') return `Acknowledged${alert.acknowledgedBy ? ` by ${alert.acknowledgedBy}` : ''}: `;
  if (alert.status === 'resolved') return `Resolved${alert.resolvedBy ? ` by ${alert.resolvedBy}` : ''}: `;
  return '';
}

export function alertNotification(alert: Alert): Notification {
  const triggers = alert.triggers.map((t) => TRIGGER_WORDS[t]).join(', ');
  const escalation = alert.escalation ? ' (escalation)' : '';
  const title = `${alertStatusPrefix(alert)}${alert.level} in zone ${alert.zoneId}: ${triggers}${escalation}`;
  const score = alert.score === null ? 'unknown' : `${Math.round(alert.score * 100)}%`;
  const text = [
    alert.message,
    `Venue ${alert.venueId}, zone ${alert.zoneId}. Risk score ${score}. Status ${alert.status}.`,
    `Raised at ${new Date(alert.ts).toISOString()}. Alert ${alert.id}.`,
  ].join('\n');
  return { idempotencyKey: alertIdempotencyKey(alert), kind: 'alert', level: alert.level, title, text, record: alert };
}

const ACTION_WORDS: Record<Recommendation['action']['type'], string> = {
  meter_gate: 'Meter gate',
  close_gate: 'Close gate',
  open_exit: 'Open exit',
  redirect_flow: 'Redirect flow',
  dispatch_stewards: 'Dispatch stewards',
  hold_stage: 'Hold stage',
  switch_stage: 'Switch stage',
  announce: 'Announce',
  evacuate: 'Evacuate',
};

function formatParams(params: Recommendation['action']['params']): string {
  const parts = Object.entries(params).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : String(v)}`);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

export function recommendationNotification(rec: Recommendation): Notification {
  const approval = rec.status === 'pending_approval' ? ' [needs approval]' : '';
  const title = `${rec.level} in zone ${rec.zoneId}: ${ACTION_WORDS[rec.action.type]}${approval}`;
  const text = [
    `${ACTION_WORDS[rec.action.type]}${formatParams(rec.action.params)}.`,
    `Why: ${rec.explanation.summary}`,
    `Source ${rec.source}, confidence ${Math.round(rec.confidence * 100)}%, status ${rec.status}` +
      (rec.decidedBy ? ` by ${rec.decidedBy}` : '') +
      (rec.reason ? ` (${rec.reason})` : '') + '.',
    `Venue ${rec.venueId}, zone ${rec.zoneId}, at ${new Date(rec.ts).toISOString()}. Recommendation ${rec.id}.`,
  ].join('\n');
  return {
    idempotencyKey: recommendationIdempotencyKey(rec),
    kind: 'recommendation',
    level: rec.level,
    title,
    text,
    record: rec,
  };
}
