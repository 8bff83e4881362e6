/**
 * Human validation, pure: a supervisor approves or rejects a pending recommendation (with a
 * reason); one nobody answers within the timeout expires and escalates. The runtime persists the
 * returned records and audits each transition.
 */
import type { Alert, EpochMs, Recommendation, Role } from '../contracts/index.ts';
import { ALERT_SCHEMA, CrowdflowError, ROLE_RANK } from '../contracts/index.ts';
import { recordId } from './ids.ts';

function checkDecider(r: Recommendation, actor: string, role: Role, verb: string): void {
  if (actor.trim().length === 0) throw new CrowdflowError('CF_ERR_AUTH', 'an operator action needs a named actor');
  if (ROLE_RANK[role] < ROLE_RANK.supervisor) {
    throw new CrowdflowError('CF_ERR_FORBIDDEN', `${actor} (${role}) cannot ${verb} a recommendation; expected role supervisor or admin`);
  }
  if (r.status !== 'pending_approval') {
    throw new CrowdflowError('CF_ERR_CONFLICT', `recommendation ${r.id} is ${r.status}; only a pending_approval one can be ${verb}d`);
  }
}

export function approveRecommendation(r: Recommendation, actor: string, role: Role, at: EpochMs): Recommendation {
  checkDecider(r, actor, role, 'approve');
  return { ...r, status: 'approved', decidedBy: actor, decidedAt: at };
}

export function rejectRecommendation(r: Recommendation, actor: string, role: Role, at: EpochMs, reason: string): Recommendation {
  checkDecider(r, actor, role, 'reject');
  const why = reason.trim();
  if (why.length === 0 || why.length > 500) throw new CrowdflowError('CF_ERR_RANGE', 'a rejection needs a reason of 1 to 500 characters');
  return { ...r, status: 'rejected', decidedBy: actor, decidedAt: at, reason: why };
}

/** Proposed (no approval needed) or approved → dispatched to the field teams. */
export function markDispatched(r: Recommendation, at: EpochMs): Recommendation {
  if (r.status !== 'proposed' && r.status !== 'approved') {
    throw new CrowdflowError('CF_ERR_CONFLICT', `recommendation ${r.id} is ${r.status}; only proposed or approved ones are dispatched`);
  }
  return { ...r, status: 'dispatched', decidedBy: r.decidedBy ?? 'system', decidedAt: r.decidedAt ?? at };
}

/**
 * Pending recommendations older than `timeoutMs` expire; each raises an escalation alert at (at
 * least) its level so the next person up the chain sees that a decision is waiting. Triggers:
 * the contract has no approval-timeout kind yet, so it carries risk_threshold.
 */
export function expirePending(recs: readonly Recommendation[], now: EpochMs, timeoutMs: number): { expired: Recommendation[]; escalations: Alert[] } {
  const expired: Recommendation[] = [];
  const escalations: Alert[] = [];
  for (const r of recs) {
    if (r.status !== 'pending_approval' || now - r.ts < timeoutMs) continue;
    const waitedS = Math.round((now - r.ts) / 1000);
    expired.push({ ...r, status: 'expired', decidedBy: 'system', decidedAt: now, reason: `no supervisor answer within ${Math.round(timeoutMs / 1000)} s` });
    escalations.push({
      schema: ALERT_SCHEMA,
      id: recordId('alert', r.zoneId, 'approval-timeout', r.id),
      venueId: r.venueId,
      zoneId: r.zoneId,
      ts: now,
      level: r.level,
      triggers: ['risk_threshold'],
      score: null,
      message: `ESCALATED: ${r.level} recommendation "${r.action.type}" for ${r.zoneId} waited ${waitedS} s without approval (${r.explanation.summary})`,
      status: 'open',
      escalation: true,
      acknowledgedBy: null,
      acknowledgedAt: null,
      resolvedBy: null,
      resolvedAt: null,
    });
  }
  return { expired, escalations };
}
