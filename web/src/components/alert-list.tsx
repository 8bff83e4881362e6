/** Alerts, newest first. Resolved ones are hidden unless asked for. */
import type { Alert } from '../api/index.ts';
import { AlertItem } from './alert-item.tsx';

export interface AlertListProps {
  alerts: readonly Alert[];
  zoneNames: ReadonlyMap<string, string>;
  canHandle: boolean;
  busy: ReadonlySet<string>;
  showResolved: boolean;
  /** Why the last refetch failed: the list may miss alerts raised meanwhile. */
  syncError: string | null;
  onShowResolved: (show: boolean) => void;
  /** Commands return a promise the list does not wait for: failures surface as notices. */
  onAcknowledge: (id: string) => unknown;
  onResolve: (id: string) => unknown;
  onRefused: () => void;
}

export function AlertList(p: AlertListProps) {
  const headingId = 'alerts-heading';
  const open = p.alerts.filter((a) => a.status === 'open').length;
  return (
    <section className="panel alert-panel" aria-labelledby={headingId}>
      <header className="panel-head">
        <h2 id={headingId} tabIndex={-1}>Alerts <span className="count">{open} open</span></h2>
        {p.syncError !== null && (
          <span className="sync-error" role="status" title={p.syncError}>may be incomplete: {p.syncError}</span>
        )}
        <label className="toggle">
          <input type="checkbox" checked={p.showResolved} onChange={(e) => p.onShowResolved(e.target.checked)} />
          Show resolved
        </label>
      </header>
      <ol className="alert-list" data-testid="alert-list" aria-live="polite">
        {p.alerts.length === 0 && <li className="empty">No alerts.</li>}
        {p.alerts.map((a) => (
          <AlertItem
            key={a.id} alert={a} zoneName={p.zoneNames.get(a.zoneId) ?? a.zoneId} canHandle={p.canHandle}
            busy={p.busy.has(a.id)} onAcknowledge={p.onAcknowledge} onResolve={p.onResolve} onRefused={p.onRefused}
          />
        ))}
      </ol>
    </section>
  );
}
