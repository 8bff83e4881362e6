/**
 * A command button that stays visible to every role. When the role is too low it is marked
 * unavailable (aria-disabled, not `disabled`, so it stays focusable and explains itself) and
 * pressing it says "Your role cannot do this" instead of asking the server.
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
      className={`${className ?? ''}${allowed ? '' : ' not-allowed'}`}
      aria-disabled={!allowed || busy}
      disabled={busy}
      title={allowed ? undefined : 'Your role cannot do this'}
      onClick={() => (allowed ? onPress() : onRefused())}
    >
      {children}
    </button>
  );
}
