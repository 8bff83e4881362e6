/** Views of the console state in the order operators read them. */
import type { Alert, Recommendation, RiskLevel } from '../api/index.ts';
import type { Stamped } from './console-state.ts';
import { isActiveAlert, isPendingRecommendation } from './lifecycle.ts';

const SEVERITY: Record<RiskLevel, number> = { SAFE: 0, CAUTION: 1, WARNING: 2, CRITICAL: 3 };

/** Newest first (event time, then id so that equal times keep a stable order). */
export function alertsNewestFirst(alerts: ReadonlyMap<string, Stamped<Alert>>, includeResolved: boolean): Alert[] {
  const out: Alert[] = [];
  for (const { record } of alerts.values()) if (includeResolved || isActiveAlert(record)) out.push(record);
  return out.sort((a, b) => b.ts - a.ts || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Most severe first, then higher priority, then newest: what a supervisor should decide first. */
export function pendingRecommendations(recommendations: ReadonlyMap<string, Stamped<Recommendation>>): Recommendation[] {
  const out: Recommendation[] = [];
  for (const { record } of recommendations.values()) if (isPendingRecommendation(record)) out.push(record);
  return out.sort(
    (a, b) => SEVERITY[b.level] - SEVERITY[a.level] || b.priority - a.priority || b.ts - a.ts || (a.id < b.id ? -1 : 1),
  );
}
