/**
 * Records reach the console twice (pushed over the socket, fetched over REST after a
 * reconnect) and in any order. Lifecycles only move forward, so of two copies of one record
 * the one further along wins; a late, older copy never reopens a resolved alert.
 */
import type { Alert, AlertStatus, Recommendation, RecommendationStatus } from '../api/index.ts';

const ALERT_STAGE: Record<AlertStatus, number> = { open: 0, acknowledged: 1, resolved: 2 };

const RECOMMENDATION_STAGE: Record<RecommendationStatus, number> = {
  proposed: 0,
  pending_approval: 1,
  advisory: 1,
  approved: 2,
  rejected: 2,
  expired: 2,
  dispatched: 3,
};

/** The copy to keep: the incoming one unless it is behind the current one. */
export function newerAlert(current: Alert | undefined, incoming: Alert): Alert {
  if (current === undefined) return incoming;
  return ALERT_STAGE[incoming.status] >= ALERT_STAGE[current.status] ? incoming : current;
}

export function newerRecommendation(current: Recommendation | undefined, incoming: Recommendation): Recommendation {
  if (current === undefined) return incoming;
  return RECOMMENDATION_STAGE[incoming.status] >= RECOMMENDATION_STAGE[current.status] ? incoming : current;
}

export const isActiveAlert = (a: Alert): boolean => a.status !== 'resolved';
export const isPendingRecommendation = (r: Recommendation): boolean => r.status === 'pending_approval';
