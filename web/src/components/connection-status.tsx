/**
 * Live / reconnecting / offline, and how old the picture is. The age turns red past 3 s even
 * when the socket is up: a connected server that stopped sending is as blind as no server.
 */
import type { ConnectionState } from '../state/index.ts';
import { ageMs as ageAt, STALE_AFTER_MS, useNow } from '../state/index.ts';
import { formatAge } from '../format.ts';

const TEXT: Record<ConnectionState, string> = { live: 'LIVE', reconnecting: 'RECONNECTING', offline: 'OFFLINE' };

export function ConnectionStatus({ state, ageMs }: { state: ConnectionState; ageMs: number | null }) {
  const stale = ageMs === null || ageMs > STALE_AFTER_MS;
  return (
    <div
      className={`connection-status conn-${state}${stale ? ' is-stale' : ''}`}
      data-testid="connection-status" data-state={state} data-stale={stale ? 'true' : 'false'}
      role="status" aria-live="polite"
    >
      <span className="conn-dot" aria-hidden="true" />
      <span className="conn-text">{TEXT[state]}</span>{' '}
      <span className="conn-age" title="Time since the last update from the server">
        {ageMs === null ? 'no data yet' : `updated ${formatAge(ageMs)} ago`}
      </span>
    </div>
  );
}

/** The indicator with its own 250 ms clock, so only it re-renders as the age ticks. */
export function LiveConnectionStatus({ state, receivedAtMs }: { state: ConnectionState; receivedAtMs: number | null }) {
  const now = useNow(250);
  return <ConnectionStatus state={state} ageMs={ageAt(receivedAtMs, now)} />;
}
