/**
 * One zone state (and its forecast) → RiskAssessment. Inputs as ARCHITECTURE.md defines them:
 * density p/m², surgeRate p/m² per minute, speed m/s (reported, estimated by the stream, or, when
 * absent, estimated here from density by Weidmann 1993), pressure and coherence in [0, 1],
 * occupancy for the ×1.15 (count > 100). An unknown zone gets no score: null is better than a
 * made-up number.
 */
import type { RiskAssessment, ZoneForecast, ZoneState } from '../contracts/index.ts';
import { asRatio, RISK_SCHEMA } from '../contracts/index.ts';
import type { RiskSettings } from './settings.ts';
import { clampScore, levelOf, scoreComponents } from './score.ts';
import { congestionPredicted, physicalTriggers } from './triggers.ts';
import { weidmannSpeedMps } from './speed.ts';

/** The speed the score uses: the state's, or Weidmann's estimate from density when it has none. */
export function effectiveSpeedMps(state: ZoneState): number | null {
  if (state.speed !== null) return state.speed;
  return state.density === null ? null : weidmannSpeedMps(state.density);
}

// Records are written out in full, not spread from a common head: object spread costs ~10 µs
// per call here (measured in bench/decide.ts), which is 5 ms per tick for 500 zones.
export function assessRisk(state: ZoneState, settings: RiskSettings, forecast?: ZoneForecast | null): RiskAssessment {
  const speed = effectiveSpeedMps(state);
  if (state.status === 'unknown' || state.density === null || speed === null) {
    return { schema: RISK_SCHEMA, venueId: state.venueId, zoneId: state.zoneId, ts: state.ts, score: null, level: null, components: null, triggers: [] };
  }
  const components = scoreComponents({
    densityPpsm: state.density,
    surgeRatePpsmPerMin: state.surgeRate,
    speedMps: speed,
    pressure: state.pressure,
    coherence: state.coherence,
    occupancy: state.occupancy,
  }, settings);
  const score = clampScore(components.unclamped);
  // The density floor (guide §7) overrides a lower score: see RiskTriggerSettings.criticalDensityPpsm.
  const level = state.density >= settings.triggers.criticalDensityPpsm ? 'CRITICAL' : levelOf(score, settings);
  const triggers = physicalTriggers({
    ts: state.ts, densityPpsm: state.density, surgeRatePpsmPerMin: state.surgeRate, speedMps: speed,
    speedEstimated: state.speed === null || state.speedEstimated, level,
  }, settings);
  if (congestionPredicted(state.zoneId, state.ts, forecast, settings)) triggers.push('predicted_congestion');
  return { schema: RISK_SCHEMA, venueId: state.venueId, zoneId: state.zoneId, ts: state.ts, score: asRatio(score), level, components, triggers };
}
