/** Recommendation records: deterministic id, approval requirement and initial status. */
import type { Action, Recommendation, RiskLevel, TraceStep } from '../../contracts/index.ts';
import { RECOMMENDATION_SCHEMA, asEpochMs } from '../../contracts/index.ts';
import { levelRank } from '../../risk/index.ts';
import type { DecisionSettings } from '../settings.ts';
import { recordId } from '../ids.ts';

export interface RecommendationDraft {
  readonly venueId: string;
  readonly zoneId: string;
  readonly ts: number;
  readonly action: Action;
  readonly priority: number;
  readonly level: RiskLevel;
  readonly source: 'rules' | 'ml';
  readonly confidence: number;
  readonly ruleId: string | null;
  readonly summary: string;
  readonly trace: TraceStep[];
  /** The playbook rule marks it. */
  readonly ruleRequiresApproval: boolean;
  /** Distinguishes several actions of one rule. */
  readonly index: number;
}

/**
 * Status: ML below the confidence setting → advisory (shown, never dispatched); at or above the
 * approval level, or marked by the rule → pending_approval; otherwise proposed.
 */
export function buildRecommendation(d: RecommendationDraft, s: DecisionSettings): Recommendation {
  const advisory = d.source === 'ml' && d.confidence < s.ml.minConfidence;
  const requiresApproval = !advisory && (d.ruleRequiresApproval || levelRank(d.level) >= levelRank(s.approval.level));
  return {
    schema: RECOMMENDATION_SCHEMA,
    id: recordId('rec', d.zoneId, d.source === 'rules' ? d.ruleId ?? 'rule' : 'ml', d.action.type, d.index, d.ts),
    venueId: d.venueId as Recommendation['venueId'],
    zoneId: d.zoneId as Recommendation['zoneId'],
    ts: asEpochMs(d.ts),
    action: d.action,
    priority: d.priority,
    level: d.level,
    source: d.source,
    confidence: d.confidence,
    explanation: { ruleId: d.ruleId, summary: d.summary, trace: d.trace },
    requiresApproval,
    status: advisory ? 'advisory' : requiresApproval ? 'pending_approval' : 'proposed',
    decidedBy: null,
    decidedAt: null,
    reason: null,
  };
}

/** Identifies "the same recommendation again" for the repeat cooldown: zone, action and its targets. */
export function actionKey(zoneId: string, a: Action): string {
  const target = a.params.gate ?? a.params.stage ?? a.params.to ?? a.params.from ?? a.params.gates ?? a.params.zones ?? a.params.zone ?? '';
  return `${zoneId}|${a.type}|${Array.isArray(target) ? target.join(',') : String(target)}`;
}
