/** The end-of-run summary: per group exit times (with the vulnerable share apart), gates, zone peaks. */
import type { GateId, ZoneId } from '../contracts/index.ts';
import { REDUCED_MOBILITY } from './profiles.ts';
import type { SimState } from './state.ts';
import type { Truth } from './truth.ts';

export interface TimeStats {
  readonly count: number;
  readonly firstS: number | null;
  readonly meanS: number | null;
  readonly medianS: number | null;
  readonly p95S: number | null;
  readonly lastS: number | null;
}

export interface GroupSummary {
  readonly group: string;
  readonly spawned: number;
  readonly exited: number;
  /** Exit times, s from the start of the run. */
  readonly exitTimes: TimeStats;
  /** Exit times of people with reduced mobility, and of everyone else (fairness of an evacuation). */
  readonly exitTimesReducedMobility: TimeStats;
  readonly exitTimesOthers: TimeStats;
  /** Exit times counted from the evacuation order, when there was one. */
  readonly evacuationTimes: TimeStats | null;
}

export interface SimSummary {
  readonly schema: 'crowdflow.sim-summary/v1';
  readonly scenarioId: string;
  readonly venueId: string;
  readonly seed: number;
  readonly dtS: number;
  readonly simulatedS: number;
  readonly agentsSpawned: number;
  readonly agentsExited: number;
  readonly agentsInside: number;
  readonly queuedOutside: number;
  readonly turnedAway: number;
  readonly evacuationOrderedAtS: number | null;
  readonly groups: readonly GroupSummary[];
  readonly gates: readonly { gateId: GateId; entries: number; exits: number; maxQueue: number; meanWaitS: number; maxWaitS: number }[];
  readonly zones: readonly { zoneId: ZoneId; peakOccupancy: number; peakDensityPpsm: number }[];
  readonly peakLocalDensity: { readonly ppsm: number; readonly atS: number; readonly x: number; readonly y: number; readonly cellM: number };
}

export function timeStats(values: number[]): TimeStats {
  if (values.length === 0) return { count: 0, firstS: null, meanS: null, medianS: null, p95S: null, lastS: null };
  const v = [...values].sort((a, b) => a - b);
  const q = (p: number): number => v[Math.min(v.length - 1, Math.floor(p * (v.length - 1) + 0.5))]!;
  const r = (x: number): number => Math.round(x * 100) / 100;
  return { count: v.length, firstS: r(v[0]!), meanS: r(v.reduce((a, b) => a + b, 0) / v.length), medianS: r(q(0.5)), p95S: r(q(0.95)), lastS: r(v[v.length - 1]!) };
}

export function buildSummary(
  s: SimState, truth: Truth,
  queues: readonly { length: number; maxLength: number; waitSumS: number; waitMaxS: number; admitted: number }[],
  turnedAway: number,
): SimSummary {
  const n = s.nextId;
  const groups: GroupSummary[] = s.groups.map((g, gi) => {
    const all: number[] = [], rm: number[] = [], others: number[] = [], sinceOrder: number[] = [];
    let spawned = 0;
    for (let id = 0; id < n; id++) {
      if (s.groupOf[id] !== gi) continue;
      spawned++;
      const t = s.exitS[id]!;
      if (Number.isNaN(t)) continue;
      all.push(t);
      (s.profileOf[id] === REDUCED_MOBILITY ? rm : others).push(t);
      if (s.evacuation && t >= s.evacuation.atS) sinceOrder.push(t - s.evacuation.atS);
    }
    return {
      group: g.id, spawned, exited: all.length,
      exitTimes: timeStats(all), exitTimesReducedMobility: timeStats(rm), exitTimesOthers: timeStats(others),
      evacuationTimes: s.evacuation ? timeStats(sinceOrder) : null,
    };
  });
  const exited = groups.reduce((t, g) => t + g.exited, 0);
  return {
    schema: 'crowdflow.sim-summary/v1',
    scenarioId: s.scenario.id,
    venueId: s.venue.id,
    seed: s.scenario.seed,
    dtS: s.dtS,
    simulatedS: Math.round(s.timeS * 1000) / 1000,
    agentsSpawned: n,
    agentsExited: exited,
    agentsInside: s.store.count,
    queuedOutside: queues.reduce((t, q) => t + q.length, 0),
    turnedAway,
    evacuationOrderedAtS: s.evacuation?.atS ?? null,
    groups,
    gates: s.venue.gates.map((g, k) => ({
      gateId: g.id,
      entries: s.gateEntries[k]!,
      exits: s.gateExits[k]!,
      maxQueue: queues[k]!.maxLength,
      meanWaitS: queues[k]!.admitted > 0 ? Math.round((queues[k]!.waitSumS / queues[k]!.admitted) * 10) / 10 : 0,
      maxWaitS: Math.round(queues[k]!.waitMaxS * 10) / 10,
    })),
    zones: s.venue.zones.map((z, k) => ({ zoneId: z.id, peakOccupancy: truth.peakOccupancy[k]!, peakDensityPpsm: Math.round(truth.peakDensity[k]! * 1000) / 1000 })),
    peakLocalDensity: { ppsm: truth.peakLocalDensity, atS: truth.peakLocalAtS, x: truth.peakLocalX, y: truth.peakLocalY, cellM: Math.max(1, Math.round(2 / s.grid.cellM)) * s.grid.cellM },
  };
}
