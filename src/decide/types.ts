/** What the runtime hands the decision engine each tick, and what it gets back. */
import type { Alert, EpochMs, Recommendation, RiskAssessment, ZoneForecast, ZoneState } from '../contracts/index.ts';
import type { Venue } from '../venue/index.ts';

export interface DecisionInput {
  readonly ts: EpochMs;
  readonly venue: Venue;
  readonly states: readonly ZoneState[];
  /** Computed with each zone's forecast (assessRisk(state, settings, forecast)) so predicted_congestion is in. */
  readonly risks: readonly RiskAssessment[];
  readonly forecasts: readonly ZoneForecast[];
}

export type DecisionMode = 'rules' | 'ml+rules' | 'rules (ml circuit open)';

export interface DecisionTick {
  /** Newly raised or escalated this tick. */
  readonly alerts: Alert[];
  /** New this tick, highest priority first. */
  readonly recommendations: Recommendation[];
  readonly mode: DecisionMode;
}
