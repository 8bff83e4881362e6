/**
 * Decision settings: alert cooldown and hysteresis, recommendation repeat, human approval and the
 * ML policy's budget, confidence and circuit breaker. `DecisionEngine.setSettings` applies them
 * from the next tick; the runtime persists and audits them (see settings-change.ts).
 */
import { z } from 'zod';
import { RiskLevel } from '../contracts/index.ts';

export const DecisionSettings = z.object({
  /** No second alert for the same zone at the same level within this (guide §4: 60 s). */
  alertCooldownMs: z.number().int().min(0).max(3_600_000),
  /** A zone keeps its alert level until its score falls this far below the level's threshold. */
  hysteresisScore: z.number().min(0).max(0.25),
  /** A density/surge/stagnation trigger keeps holding its alert floor this long after it last fired. */
  triggerHoldMs: z.number().int().min(0).max(600_000),
  /** The same rule (or ML proposal) for the same zone repeats at most this often, unless the level rises. */
  recommendationCooldownMs: z.number().int().min(0).max(86_400_000),
  approval: z.object({
    /** Recommendations at or above this level wait for a supervisor. */
    level: RiskLevel,
    /** A pending recommendation unanswered this long expires and escalates. */
    timeoutMs: z.number().int().min(10_000).max(3_600_000),
  }).strict(),
  ml: z.object({
    /** Wall-time budget of one policy call. */
    budgetMs: z.number().int().min(10).max(10_000),
    /** Below this confidence an ML recommendation is advisory only. */
    minConfidence: z.number().min(0).max(1),
    /** Consecutive failures (errors, overruns, bad output) that open the circuit. */
    failuresToOpen: z.number().int().min(1).max(100),
    /** While open, the model is probed once per this interval. */
    probeIntervalMs: z.number().int().min(1000).max(3_600_000),
  }).strict(),
}).strict();
export type DecisionSettings = z.infer<typeof DecisionSettings>;

export const DEFAULT_DECISION_SETTINGS: DecisionSettings = {
  alertCooldownMs: 60_000,
  hysteresisScore: 0.05,
  triggerHoldMs: 30_000,
  recommendationCooldownMs: 300_000,
  approval: { level: 'CRITICAL', timeoutMs: 120_000 },
  ml: { budgetMs: 500, minConfidence: 0.6, failuresToOpen: 3, probeIntervalMs: 30_000 },
};

/** Defaults overlaid with a partial (one level deep for the nested groups), validated. */
export function resolveDecisionSettings(partial: Partial<DecisionSettings> = {}): DecisionSettings {
  const d = DEFAULT_DECISION_SETTINGS;
  return DecisionSettings.parse({
    ...d,
    ...partial,
    approval: { ...d.approval, ...partial.approval },
    ml: { ...d.ml, ...partial.ml },
  });
}
