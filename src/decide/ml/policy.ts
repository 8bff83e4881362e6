/**
 * The ML policy port. A policy sees the same input as the rules and proposes actions, usually
 * earlier than the rules can because it reads the forecasts. The engine calls it under a
 * latency budget and turns proposals into `source: 'ml'` recommendations; it never needs a
 * policy to produce a decision (the playbook always runs).
 */
import type { Action, TraceStep } from '../../contracts/index.ts';
import type { DecisionInput } from '../types.ts';

export interface MlProposal {
  readonly zoneId: string;
  readonly action: Action;
  /** In [0, 1]; below the settings' minConfidence the recommendation is advisory only. */
  readonly confidence: number;
  readonly summary: string;
  /** Defaults to 50. */
  readonly priority?: number;
  /** The inputs that led to it, shown as the explanation trace. */
  readonly evidence?: readonly TraceStep[];
}

export interface MlPolicy {
  readonly name: string;
  /** `signal` aborts when the budget runs out: stop work, the result will be ignored. */
  propose(input: DecisionInput, signal: AbortSignal): Promise<readonly MlProposal[]> | readonly MlProposal[];
}
