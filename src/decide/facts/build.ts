/**
 * One zone's facts at one tick, from its state, risk and forecast, its neighbours' states and
 * risks, the playbook's schedule and the local time. Names and types: playbook/facts.ts.
 */
import type { RiskAssessment, ZoneForecast, ZoneState } from '../../contracts/index.ts';
import type { Zone } from '../../venue/index.ts';
import type { Facts } from '../playbook/facts.ts';
import type { ScheduleEntry } from '../playbook/model.ts';
import type { VenueIndex } from './venue-index.ts';

export interface TickContext {
  readonly ts: number;
  readonly minuteOfDay: number;
  readonly index: VenueIndex;
  readonly schedule: readonly ScheduleEntry[];
  /** Ids of the schedule entries running now. */
  readonly activeSchedule: readonly string[];
  readonly states: ReadonlyMap<string, ZoneState>;
  readonly risks: ReadonlyMap<string, RiskAssessment>;
  readonly forecasts: ReadonlyMap<string, ZoneForecast>;
  /** Event time since which each currently unknown zone has been unknown. */
  readonly unknownSince: ReadonlyMap<string, number>;
}

const DAY_MIN = 1440;

export function isRunning(e: ScheduleEntry, minuteOfDay: number): boolean {
  return e.startMin <= e.endMin
    ? minuteOfDay >= e.startMin && minuteOfDay < e.endMin
    : minuteOfDay >= e.startMin || minuteOfDay < e.endMin;
}

const known = (s: ZoneState | undefined): s is ZoneState => s !== undefined && s.status !== 'unknown' && s.density !== null;

export function zoneFacts(ctx: TickContext, zone: Zone, state: ZoneState | undefined): Facts {
  const risk = ctx.risks.get(zone.id);
  const forecast = ctx.forecasts.get(zone.id);
  const ok = known(state);
  const density = ok ? state.density : null;

  let maxDensity: number | null = null;
  let minDensity: number | null = null;
  let maxScore: number | null = null;
  let maxLevelRank = -1;
  let unknownCount = 0;
  for (const n of ctx.index.neighbours.get(zone.id) ?? []) {
    const ns = ctx.states.get(n);
    if (known(ns)) {
      const d = ns.density as number;
      maxDensity = maxDensity === null ? d : Math.max(maxDensity, d);
      minDensity = minDensity === null ? d : Math.min(minDensity, d);
    } else unknownCount++;
    const nr = ctx.risks.get(n);
    if (nr?.score !== null && nr?.score !== undefined) maxScore = maxScore === null ? nr.score : Math.max(maxScore, nr.score);
    if (nr?.level) maxLevelRank = Math.max(maxLevelRank, LEVELS.indexOf(nr.level));
  }

  const stages = ctx.index.stagesOfZone.get(zone.id) ?? [];
  let stageActive = false;
  let toStart: number | null = null;
  let toEnd: number | null = null;
  for (const e of ctx.schedule) {
    if (e.stageId === null || !stages.includes(e.stageId)) continue;
    if (isRunning(e, ctx.minuteOfDay)) {
      stageActive = true;
      const m = (e.endMin - ctx.minuteOfDay + DAY_MIN) % DAY_MIN;
      toEnd = toEnd === null ? m : Math.min(toEnd, m);
    } else {
      const m = (e.startMin - ctx.minuteOfDay + DAY_MIN) % DAY_MIN;
      toStart = toStart === null ? m : Math.min(toStart, m);
    }
  }

  let peak50: number | null = null;
  let peak90: number | null = null;
  for (const p of forecast?.points ?? []) {
    peak50 = Math.max(peak50 ?? 0, p.density.p50);
    peak90 = Math.max(peak90 ?? 0, p.density.p90);
  }

  return {
    'zone.id': zone.id,
    'zone.type': zone.type,
    'zone.status': state?.status ?? 'unknown',
    'zone.unknownForS': ok ? null : (ctx.ts - (ctx.unknownSince.get(zone.id) ?? ctx.ts)) / 1000,
    'zone.density': density,
    'zone.densityRatio': density === null ? null : density / zone.congestionDensity,
    'zone.congestionDensity': zone.congestionDensity,
    'zone.occupancy': ok ? state.occupancy : null,
    'zone.capacity': zone.capacity,
    'zone.capacityUtilisation': ok ? state.capacityUtilisation : null,
    'zone.speed': ok ? state.speed : null,
    'zone.speedEstimated': ok ? state.speedEstimated : null,
    'zone.surgeRate': ok ? state.surgeRate : null,
    'zone.pressure': ok ? state.pressure : null,
    'zone.coherence': ok ? state.coherence : null,
    'zone.inflowPerMin': ok ? state.inflowPerMin : null,
    'zone.outflowPerMin': ok ? state.outflowPerMin : null,
    'zone.confidence': state ? state.confidence : null,
    'risk.score': risk?.score ?? null,
    'risk.level': risk?.level ?? null,
    'risk.triggers': risk?.triggers ?? [],
    'forecast.pCongestion': forecast ? forecast.pCongestion : null,
    'forecast.etaMin': forecast?.congestionEta != null ? Math.max(0, (forecast.congestionEta - ctx.ts) / 60_000) : null,
    'forecast.peakDensityP50': peak50,
    'forecast.peakDensityP90': peak90,
    'neighbours.maxDensity': maxDensity,
    'neighbours.minDensity': minDensity,
    'neighbours.maxScore': maxScore,
    'neighbours.maxLevel': maxLevelRank < 0 ? null : LEVELS[maxLevelRank]!,
    'neighbours.unknownCount': unknownCount,
    'schedule.active': ctx.activeSchedule,
    'schedule.stageActive': stageActive,
    'schedule.minutesToStart': toStart,
    'schedule.minutesToEnd': toEnd,
    'time.hour': Math.floor(ctx.minuteOfDay / 60),
    'time.minuteOfDay': ctx.minuteOfDay,
  };
}

const LEVELS = ['SAFE', 'CAUTION', 'WARNING', 'CRITICAL'] as const;
