/** Which engine decides: the rules alone, the ML policy with the rules, or the rules because the ML circuit is open. */
import type { DecisionMode as Mode } from '../api/index.ts';

export function DecisionMode({ mode }: { mode: Mode | null }) {
  const degraded = mode === 'rules (ml circuit open)';
  return (
    <div className={`decision-mode${degraded ? ' is-degraded' : ''}`} data-testid="decision-mode" data-mode={mode ?? 'unknown'}>
      <span className="label">Decisions</span>{' '}
      <span className="value">{mode ?? 'unknown'}</span>
    </div>
  );
}
