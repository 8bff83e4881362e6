/**
 * A command button that stays visible and clickable for every role. When the role is too low
 * it is dimmed and says so to screen readers, and pressing it answers "Your role cannot do
 * this" at once instead of asking the server (which would refuse with 403 anyway). It is not
 * `disabled`: a control that silently does nothing under stress is worse than one that explains.
 */
import type { ReactNode } from 'react';

export interface RoleButtonProps {
  allowed: boolean;
  busy: boolean;
  onPress: () => void;
  onRefused: () => void;
  testId: string;
  className?: string;
  children: ReactNode;
}

export function RoleButton({ allowed, busy, onPress, onRefused, testId, className, children }: RoleButtonProps) {
  return (
    <button
      type="button"
      data-testid={testId}
      data-allowed={allowed ? 'true' : 'false'}
      className={`${className ?? ''}${allowed ? '' : ' not-allowed'}`}
      disabled={busy}
      title={allowed ? undefined : 'Your role cannot do this'}
      onClick={() => (allowed ? onPress() : onRefused())}
    >
      {children}
      {!allowed && <span className="visually-hidden"> (not permitted for your role)</span>}
    </button>
  );
}
