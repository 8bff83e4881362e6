/** Alert lifecycle, pure: open → acknowledged → resolved, recording who and when. The runtime persists and audits. */
import type { Alert, EpochMs } from '../../contracts/index.ts';
import { CrowdflowError } from '../../contracts/index.ts';

function checkActor(actor: string): void {
  if (actor.trim().length === 0) throw new CrowdflowError('CF_ERR_AUTH', 'an operator action needs a named actor');
}

export function acknowledgeAlert(a: Alert, actor: string, at: EpochMs): Alert {
  checkActor(actor);
  if (a.status !== 'open') throw new CrowdflowError('CF_ERR_CONFLICT', `alert ${a.id} is ${a.status}; only an open alert can be acknowledged`);
  return { ...a, status: 'acknowledged', acknowledgedBy: actor, acknowledgedAt: at };
}

/** Resolving an open alert also records the acknowledgement, by the same person at the same time. */
export function resolveAlert(a: Alert, actor: string, at: EpochMs): Alert {
  checkActor(actor);
  if (a.status === 'resolved') throw new CrowdflowError('CF_ERR_CONFLICT', `alert ${a.id} is already resolved`);
  const acked = a.status === 'open' ? { acknowledgedBy: actor, acknowledgedAt: at } : {};
  return { ...a, ...acked, status: 'resolved', resolvedBy: actor, resolvedAt: at };
}
