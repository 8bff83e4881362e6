/**
 * One zone's facts at one tick, from its state, risk and forecast, its neighbours' states and
 * risks, the playbook's schedule and the local time. Names and types: playbook/facts.ts.
 *
 * Lazy and reusable: `ZoneFacts.reset` points it at the next zone; each fact is computed when a
 * rule first reads it, the aggregates over neighbours, schedule and forecast once per zone.
 * (A full record per zone per tick was the largest cost of a 500-zone tick.)
 */
import type { RiskAssessment, RiskLevel, ZoneForecast, ZoneState } from '../../contracts/index.ts';
import type { Zone } from '../../venue/index.ts';
import { FACTS, type FactName, type FactSource, type FactValue, type Facts } from '../playbook/facts.ts';
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
const LEVELS: readonly RiskLevel[] = ['SAFE', 'CAUTION', 'WARNING', 'CRITICAL'];
const NO_TRIGGERS: readonly string[] = [];

export function isRunning(e: ScheduleEntry, minuteOfDay: number): boolean {
  return e.startMin <= e.endMin
    ? minuteOfDay >= e.startMin && minuteOfDay < e.endMin
    : minuteOfDay >= e.startMin || minuteOfDay < e.endMin;
}

const isKnown = (s: ZoneState | undefined): s is ZoneState => s !== undefined && s.status !== 'unknown' && s.density !== null;

export class ZoneFacts implements FactSource {
  private ctx!: TickContext;
  private zone!: Zone;
  private state: ZoneState | undefined;
  private risk: RiskAssessment | undefined;
  private forecast: ZoneForecast | undefined;
  private known = false;
  private neighboursDone = false;
  private nMaxDensity: number | null = null;
  private nMinDensity: number | null = null;
  private nMaxScore: number | null = null;
  private nMaxLevel = -1;
  private nUnknown = 0;
  private scheduleDone = false;
  private stageActive = false;
  private toStart: number | null = null;
  private toEnd: number | null = null;
  private forecastDone = false;
  private peak50: number | null = null;
  private peak90: number | null = null;

  reset(ctx: TickContext, zone: Zone, state: ZoneState | undefined): this {
    this.ctx = ctx;
    this.zone = zone;
    this.state = state;
    this.risk = ctx.risks.get(zone.id);
    this.forecast = ctx.forecasts.get(zone.id);
    this.known = isKnown(state);
    this.neighboursDone = false;
    this.scheduleDone = false;
    this.forecastDone = false;
    return this;
  }

  value(name: FactName): FactValue {
    const s = this.known ? this.state! : null;
    switch (name) {
      case 'zone.id': return this.zone.id;
      case 'zone.type': return this.zone.type;
      case 'zone.status': return this.state?.status ?? 'unknown';
      case 'zone.unknownForS': return s ? null : (this.ctx.ts - (this.ctx.unknownSince.get(this.zone.id) ?? this.ctx.ts)) / 1000;
      case 'zone.density': return s ? s.density : null;
      case 'zone.densityRatio': return s ? (s.density as number) / this.zone.congestionDensity : null;
      case 'zone.congestionDensity': return this.zone.congestionDensity;
      case 'zone.occupancy': return s ? s.occupancy : null;
      case 'zone.capacity': return this.zone.capacity;
      case 'zone.capacityUtilisation': return s ? s.capacityUtilisation : null;
      case 'zone.speed': return s ? s.speed : null;
      case 'zone.speedEstimated': return s ? s.speedEstimated : null;
      case 'zone.surgeRate': return s ? s.surgeRate : null;
      case 'zone.pressure': return s ? s.pressure : null;
      case 'zone.coherence': return s ? s.coherence : null;
      case 'zone.inflowPerMin': return s ? s.inflowPerMin : null;
      case 'zone.outflowPerMin': return s ? s.outflowPerMin : null;
      case 'zone.confidence': return this.state ? this.state.confidence : null;
      case 'risk.score': return this.risk?.score ?? null;
      case 'risk.level': return this.risk?.level ?? null;
      case 'risk.triggers': return this.risk?.triggers ?? NO_TRIGGERS;
      case 'forecast.pCongestion': return this.forecast ? this.forecast.pCongestion : null;
      case 'forecast.etaMin': {
        const eta = this.forecast?.congestionEta;
        return eta === undefined || eta === null ? null : Math.max(0, (eta - this.ctx.ts) / 60_000);
      }
      case 'forecast.peakDensityP50': return this.forecastPeaks().peak50;
      case 'forecast.peakDensityP90': return this.forecastPeaks().peak90;
      case 'neighbours.maxDensity': return this.neighbours().nMaxDensity;
      case 'neighbours.minDensity': return this.neighbours().nMinDensity;
      case 'neighbours.maxScore': return this.neighbours().nMaxScore;
      case 'neighbours.maxLevel': return this.neighbours().nMaxLevel < 0 ? null : LEVELS[this.nMaxLevel]!;
      case 'neighbours.unknownCount': return this.neighbours().nUnknown;
      case 'schedule.active': return this.ctx.activeSchedule;
      case 'schedule.stageActive': return this.scheduleFacts().stageActive;
      case 'schedule.minutesToStart': return this.scheduleFacts().toStart;
      case 'schedule.minutesToEnd': return this.scheduleFacts().toEnd;
      case 'time.hour': return Math.floor(this.ctx.minuteOfDay / 60);
      case 'time.minuteOfDay': return this.ctx.minuteOfDay;
    }
  }

  /** Every fact as a plain record (for tools and tests; the engine reads facts one by one). */
  toRecord(): Facts {
    const out: Partial<Record<FactName, FactValue>> = {};
    for (const name of Object.keys(FACTS) as FactName[]) out[name] = this.value(name);
    return out as Facts;
  }

  private neighbours(): this {
    if (this.neighboursDone) return this;
    this.neighboursDone = true;
    this.nMaxDensity = null;
    this.nMinDensity = null;
    this.nMaxScore = null;
    this.nMaxLevel = -1;
    this.nUnknown = 0;
    for (const n of this.ctx.index.neighbours.get(this.zone.id) ?? []) {
      const ns = this.ctx.states.get(n);
      if (isKnown(ns)) {
        const d = ns.density as number;
        this.nMaxDensity = this.nMaxDensity === null ? d : Math.max(this.nMaxDensity, d);
        this.nMinDensity = this.nMinDensity === null ? d : Math.min(this.nMinDensity, d);
      } else this.nUnknown++;
      const nr = this.ctx.risks.get(n);
      if (nr && nr.score !== null) this.nMaxScore = this.nMaxScore === null ? nr.score : Math.max(this.nMaxScore, nr.score);
      if (nr && nr.level !== null) this.nMaxLevel = Math.max(this.nMaxLevel, LEVELS.indexOf(nr.level));
    }
    return this;
  }

  private scheduleFacts(): this {
    if (this.scheduleDone) return this;
    this.scheduleDone = true;
    this.stageActive = false;
    this.toStart = null;
    this.toEnd = null;
    const stages = this.ctx.index.stagesOfZone.get(this.zone.id);
    if (!stages) return this;
    const now = this.ctx.minuteOfDay;
    for (const e of this.ctx.schedule) {
      if (e.stageId === null || !stages.includes(e.stageId)) continue;
      if (isRunning(e, now)) {
        this.stageActive = true;
        const m = (e.endMin - now + DAY_MIN) % DAY_MIN;
        this.toEnd = this.toEnd === null ? m : Math.min(this.toEnd, m);
      } else {
        const m = (e.startMin - now + DAY_MIN) % DAY_MIN;
        this.toStart = this.toStart === null ? m : Math.min(this.toStart, m);
      }
    }
    return this;
  }

  private forecastPeaks(): this {
    if (this.forecastDone) return this;
    this.forecastDone = true;
    this.peak50 = null;
    this.peak90 = null;
    for (const p of this.forecast?.points ?? []) {
      this.peak50 = Math.max(this.peak50 ?? 0, p.density.p50);
      this.peak90 = Math.max(this.peak90 ?? 0, p.density.p90);
    }
    return this;
  }
}

/** A fresh fact source for one zone (the engine reuses one instead). */
export function zoneFacts(ctx: TickContext, zone: Zone, state: ZoneState | undefined): ZoneFacts {
  return new ZoneFacts().reset(ctx, zone, state);
}
