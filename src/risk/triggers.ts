/**
 * Alert triggers (crowdsafe-metrics-guide §4) on one zone state, plus predicted_congestion from
 * the zone's forecast. risk_threshold is the guide's fallback: the level reached WARNING.
 */
import type { RiskLevel, TriggerKind, ZoneForecast } from '../contracts/index.ts';
import type { RiskSettings } from './settings.ts';
import { levelRank } from './score.ts';

export interface TriggerInputs {
  readonly ts: number;
  readonly densityPpsm: number;
  readonly surgeRatePpsmPerMin: number;
  readonly speedMps: number;
  /**
   * True when the speed was estimated from density (no tracks): stagnation is then not
   * observed, only inferred from the density it would be compared with, so it does not trigger.
   */
  readonly speedEstimated: boolean;
  readonly level: RiskLevel;
}

export function physicalTriggers(i: TriggerInputs, s: RiskSettings): TriggerKind[] {
  const t = s.triggers;
  const out: TriggerKind[] = [];
  if (i.densityPpsm > t.extremeDensityPpsm) out.push('extreme_density');
  if (i.surgeRatePpsmPerMin > t.surgeRatePpsmPerMin && i.densityPpsm >= t.surgeMinDensityPpsm) out.push('sudden_surge');
  if (!i.speedEstimated && i.speedMps < t.stagnationSpeedMps && i.densityPpsm > t.stagnationDensityPpsm) out.push('stagnation_with_density');
  if (levelRank(i.level) >= levelRank('WARNING')) out.push('risk_threshold');
  return out;
}

/**
 * True when a fresh forecast of this zone gives P(congestion) ≥ the setting and, if it names an
 * onset, that onset is within the setting's horizon. A forecast made after the state, or older
 * than `forecastMaxAgeMs`, says nothing about this state.
 */
export function congestionPredicted(zoneId: string, ts: number, f: ZoneForecast | null | undefined, s: RiskSettings): boolean {
  if (!f || f.zoneId !== zoneId) return false;
  const age = ts - f.ts;
  if (age < 0 || age > s.triggers.forecastMaxAgeMs) return false;
  if (f.pCongestion < s.triggers.predictedCongestionP) return false;
  return f.congestionEta === null || f.congestionEta - ts <= s.triggers.predictedCongestionEtaMin * 60_000;
}
