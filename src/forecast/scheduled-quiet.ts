/**
 * How long the event's plan promises no change: the seconds from `tS` (event time, s from the
 * origin) to the next scheduled change of the crowd, 0 while one is under way, Infinity when none
 * is planned. The changes: a show's gathering (the physics model's `gatherS` before its start) and
 * its release (from its end over `leaveSpreadS`), the arrivals (while any curve is between 0 and 1)
 * and the planned egress. Pure.
 *
 * Why: persistence (last value) is the forecast to beat while nothing changes (a show's crowd
 * holds), but it cannot know a change is coming, and its skill, scored ten minutes late, says so only
 * after the ramp has begun. The plan knows; so persistence takes part only where the plan says
 * nothing will change within the horizon.
 */
import type { PhysicsOptions } from './models/physics.ts';

/** The physics model's defaults (physics.ts), used when the inputs do not set them. */
const DEFAULT_GATHER_S = 600;
const DEFAULT_LEAVE_SPREAD_S = 600;

export type PlanInputs = Pick<PhysicsOptions, 'schedule' | 'arrivals' | 'leaveSpreadS' | 'gatherS' | 'egress'>;

/** The plan's windows of change, [from, to] in event seconds, sorted by start. */
export function plannedChanges(plan: PlanInputs): readonly (readonly [number, number])[] {
  const gatherS = plan.gatherS ?? DEFAULT_GATHER_S, leaveS = plan.leaveSpreadS ?? DEFAULT_LEAVE_SPREAD_S;
  const out: [number, number][] = [];
  for (const slot of plan.schedule ?? []) {
    out.push([slot.startS - gatherS, slot.startS], [slot.endS, slot.endS + leaveS]);
  }
  for (const a of plan.arrivals ?? []) {
    // A cumulative curve [t, share]: people arrive from its last point at 0 to its first at 1.
    let from = -Infinity, to = Infinity;
    for (const [t, f] of a.curve) {
      if (f <= 0) from = t;
      if (f >= 1 && to === Infinity) to = t;
    }
    if (a.count > 0) out.push([from, to]);
  }
  if (plan.egress) out.push([plan.egress.startS, plan.egress.startS + plan.egress.spreadS]);
  return out.sort((x, y) => x[0] - y[0]);
}

/** Seconds from tS to the next planned change; 0 inside one; Infinity when none is ahead. */
export function quietSecondsAt(changes: readonly (readonly [number, number])[], tS: number): number {
  let quiet = Infinity;
  for (const [from, to] of changes) {
    if (from <= tS && tS <= to) return 0;
    if (from > tS) quiet = Math.min(quiet, from - tS);
  }
  return quiet;
}
