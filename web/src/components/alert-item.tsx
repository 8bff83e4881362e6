/** One alert: level, zone, triggers and time at a glance; acknowledge and resolve for operators. */
import { memo } from 'react';
import type { Alert } from '../api/index.ts';
import { formatClock, formatTrigger } from '../format.ts';
import { LevelBadge } from './level-badge.tsx';
import { RoleButton } from './role-button.tsx';

export interface AlertItemProps {
  alert: Alert;
  zoneName: string;
  canHandle: boolean;
  busy: boolean;
  onAcknowledge: (id: string) => unknown;
  onResolve: (id: string) => unknown;
  onRefused: () => void;
}

export const AlertItem = memo(function AlertItem(p: AlertItemProps) {
  const a = p.alert;
  return (
    <li
      className={`alert-item status-${a.status} level-${a.level}`}
      data-testid={`alert-${a.id}`} data-level={a.level} data-status={a.status} data-zone={a.zoneId}
    >
      <div className="alert-head">
        <LevelBadge level={a.level} />
        <span className="alert-zone">{p.zoneName}</span>
        {a.escalation && <span className="alert-escalation">ESCALATED</span>}
        <time className="alert-time" dateTime={new Date(a.ts).toISOString()}>{formatClock(a.ts)}</time>
      </div>
      <div className="alert-triggers">{a.triggers.map(formatTrigger).join(' · ')}</div>
      {a.message !== '' && <div className="alert-message">{a.message}</div>}
      <div className="alert-foot">
        <span className="alert-status">
          {a.status === 'open' && 'OPEN'}
          {a.status === 'acknowledged' && `Acknowledged by ${a.acknowledgedBy ?? '?'}${a.acknowledgedAt !== null ? ` at ${formatClock(a.acknowledgedAt)}` : ''}`}
          {a.status === 'resolved' && `Resolved by ${a.resolvedBy ?? '?'}${a.resolvedAt !== null ? ` at ${formatClock(a.resolvedAt)}` : ''}`}
        </span>
        {a.status === 'open' && (
          <RoleButton
            testId={`acknowledge-${a.id}`} allowed={p.canHandle} busy={p.busy}
            onPress={() => p.onAcknowledge(a.id)} onRefused={p.onRefused}
          >Acknowledge</RoleButton>
        )}
        {a.status !== 'resolved' && (
          <RoleButton
            testId={`resolve-${a.id}`} allowed={p.canHandle} busy={p.busy}
            onPress={() => p.onResolve(a.id)} onRefused={p.onRefused}
          >Resolve</RoleButton>
        )}
      </div>
    </li>
  );
});
