/**
 * Which risk assessments become alerts. Per zone:
 * - hysteresis: a zone keeps its level until its score falls `hysteresisScore` below that
 *   level's threshold, so a score hovering at 0.50 does not flap WARNING/CAUTION;
 * - trigger floor: extreme_density, sudden_surge and stagnation_with_density raise the alert to at
 *   least WARNING, predicted_congestion to at least CAUTION, and each keeps its floor for
 *   `triggerHoldMs` after it last fired (the same anti-flap for a density hovering at 6 p/m²);
 * - an alert is raised when the zone enters an alerting episode or its level rises within one;
 * - cooldown per zone per level (guide §4, 60 s): no second alert at a level within the cooldown;
 * - escalation: the alert's level rose while a lower-level alert of the zone is inside its cooldown.
 */
import type { Alert, RiskAssessment, RiskLevel, TriggerKind, ZoneState } from '../../contracts/index.ts';
import { ALERT_SCHEMA, asEpochMs } from '../../contracts/index.ts';
import { DEFAULT_RISK_SETTINGS, levelOf, levelRank, maxLevel, type RiskSettings } from '../../risk/index.ts';
import type { DecisionSettings } from '../settings.ts';
import { recordId } from '../ids.ts';

const HARD_TRIGGERS: readonly TriggerKind[] = ['extreme_density', 'sudden_surge', 'stagnation_with_density'];
const LEVELS: readonly RiskLevel[] = ['SAFE', 'CAUTION', 'WARNING', 'CRITICAL'];

interface ZoneAlertState {
  /** Level after hysteresis, null while unknown. */
  effective: RiskLevel | null;
  /** Level of the current alerting episode, null outside one. */
  episode: RiskLevel | null;
  /** Last raise time per level rank. */
  readonly raisedAt: number[];
  /** Last time each trigger kind fired. */
  readonly triggerSeenAt: Map<TriggerKind, number>;
}

export interface AlertTracker {
  /** The alert this assessment raises (new or escalated), or null. */
  update(risk: RiskAssessment, state: ZoneState | undefined, zoneName: string): Alert | null;
  /** Level after hysteresis of a zone (null when unknown or never seen). */
  effectiveLevel(zoneId: string): RiskLevel | null;
}

/**
 * `levels` gives the score thresholds for the hysteresis; the runtime should pass its current risk
 * settings (`riskLevels` in the engine options), the guide's by default.
 */
export function createAlertTracker(getSettings: () => DecisionSettings, getRisk: () => RiskSettings = () => DEFAULT_RISK_SETTINGS): AlertTracker {
  const zones = new Map<string, ZoneAlertState>();
  const stateOf = (zoneId: string): ZoneAlertState => {
    let z = zones.get(zoneId);
    if (!z) {
      z = { effective: null, episode: null, raisedAt: [-Infinity, -Infinity, -Infinity, -Infinity], triggerSeenAt: new Map() };
      zones.set(zoneId, z);
    }
    return z;
  };

  return {
    effectiveLevel: (zoneId) => zones.get(zoneId)?.effective ?? null,
    update(risk, state, zoneName) {
      const s = getSettings();
      const z = stateOf(risk.zoneId);
      const ts = risk.ts;
      if (risk.level === null || risk.score === null) {
        // Unknown: no alert from numbers nobody has (the playbook decides what to do about it).
        z.effective = null;
        z.episode = null;
        return null;
      }
      // Hysteresis: stay at the previous level while score + margin still reaches it.
      const relaxed = levelOf(risk.score + s.hysteresisScore, getRisk());
      const held = z.effective === null ? risk.level : LEVELS[Math.min(levelRank(z.effective), levelRank(relaxed))]!;
      z.effective = maxLevel(risk.level, held);

      for (const t of risk.triggers) z.triggerSeenAt.set(t, ts);
      let floor: RiskLevel | null = null;
      if (z.triggerSeenAt.size > 0) {
        for (const t of HARD_TRIGGERS) if (holding(z, t, ts, s.triggerHoldMs)) floor = 'WARNING';
        if (floor === null && holding(z, 'predicted_congestion', ts, s.triggerHoldMs)) floor = 'CAUTION';
      }

      let level: RiskLevel | null = levelRank(z.effective) >= levelRank('WARNING') ? z.effective : null;
      if (floor !== null) level = level === null ? maxLevel(floor, z.effective) : maxLevel(level, floor);
      if (level === null) {
        z.episode = null;
        return null;
      }
      if (z.episode !== null && levelRank(level) <= levelRank(z.episode)) {
        z.episode = level;
        return null;
      }
      z.episode = level;
      const rank = levelRank(level);
      if (ts - z.raisedAt[rank]! < s.alertCooldownMs) return null;
      let escalation = false;
      for (let r = 0; r < rank; r++) if (ts - z.raisedAt[r]! < s.alertCooldownMs) escalation = true;
      z.raisedAt[rank] = ts;
      // The alert names what fired now, and what still holds its floor (hysteresis).
      const kinds = TRIGGER_ORDER.filter((t) => risk.triggers.includes(t) || (t === 'risk_threshold'
        ? levelRank(z.effective!) >= levelRank('WARNING') : holding(z, t, ts, s.triggerHoldMs)));
      return {
        schema: ALERT_SCHEMA,
        id: recordId('alert', risk.zoneId, level, ts),
        venueId: risk.venueId,
        zoneId: risk.zoneId,
        ts: asEpochMs(ts),
        level,
        triggers: kinds,
        score: risk.score,
        message: alertMessage(level, zoneName, kinds, state, risk.score, escalation),
        status: 'open',
        escalation,
        acknowledgedBy: null,
        acknowledgedAt: null,
        resolvedBy: null,
        resolvedAt: null,
      };
    },
  };
}

function holding(z: ZoneAlertState, t: TriggerKind, ts: number, holdMs: number): boolean {
  const seen = z.triggerSeenAt.get(t);
  return seen !== undefined && ts - seen <= holdMs;
}

/** Guide §4 priority order: the most severe trigger first. */
const TRIGGER_ORDER: readonly TriggerKind[] = [
  'extreme_density', 'stagnation_with_density', 'sudden_surge', 'predicted_congestion', 'risk_threshold',
];

function alertMessage(level: RiskLevel, zoneName: string, triggers: readonly TriggerKind[], state: ZoneState | undefined, score: number, escalation: boolean): string {
  const facts: string[] = [];
  if (state?.density != null) facts.push(`density ${state.density.toFixed(1)} p/m²`);
  if (state?.speed != null) facts.push(`speed ${state.speed.toFixed(2)} m/s`);
  if (state && state.surgeRate > 0) facts.push(`surge ${state.surgeRate.toFixed(2)} p/m²/min`);
  facts.push(`score ${score.toFixed(2)}`);
  return `${escalation ? 'ESCALATED to ' : ''}${level} in ${zoneName}: ${triggers.join(', ')} (${facts.join(', ')})`;
}
