/**
 * The phases of an event's plan, for scoring a backtest phase by phase: where in the event a model
 * fails (an egress it empties too early, shows it is restless in) is what to improve next, and
 * the whole event's figure hides it. From the stage schedule alone (event seconds from t = 0):
 * "ingress" before the first show starts, "show N (stages)" while any show is on, "interval N"
 * between shows, "egress" after the last one ends. Pure.
 */
import type { PhysicsOptions } from '../models/physics.ts';

export interface Phase {
  readonly name: string;
  /** Event time (ms) the phase starts at, inclusive, and ends at, exclusive (±Infinity at the ends). */
  readonly fromMs: number;
  readonly toMs: number;
}

export function planPhases(plan: Pick<PhysicsOptions, 'originMs' | 'schedule'>): Phase[] {
  const slots = (plan.schedule ?? []).filter((s) => s.endS > s.startS);
  if (slots.length === 0) return [];
  const at = (s: number) => plan.originMs + s * 1000;
  // Every start and end is a boundary; a segment is "on" when some show covers it.
  const bounds = [...new Set(slots.flatMap((s) => [s.startS, s.endS]))].sort((a, b) => a - b);
  // Consecutive segments with a show on are one show phase (overlapping shows, or one starting as
  // another ends); numbered and named once complete.
  const runs: { on: boolean; fromS: number; toS: number; stages: Set<string> }[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const [a, b] = [bounds[k]!, bounds[k + 1]!];
    const stages = slots.filter((s) => s.startS <= a && s.endS >= b).map((s) => s.stage);
    const on = stages.length > 0;
    const last = runs.at(-1);
    if (last && last.on === on) { last.toS = b; stages.forEach((x) => last.stages.add(x)); }
    else runs.push({ on, fromS: a, toS: b, stages: new Set(stages) });
  }
  let shows = 0, intervals = 0;
  const out = runs.map((r) => ({
    name: r.on ? `show ${++shows} (${[...r.stages].join(', ')})` : `interval ${++intervals}`,
    fromMs: at(r.fromS), toMs: at(r.toS),
  }));
  return [
    { name: 'ingress', fromMs: -Infinity, toMs: at(bounds[0]!) },
    ...out,
    { name: 'egress', fromMs: at(bounds.at(-1)!), toMs: Infinity },
  ];
}
