/** The per-tick lookups every zone's facts read: states, risks and forecasts by zone, local time, schedule. */
import type { RiskAssessment, ZoneForecast, ZoneState } from '../../contracts/index.ts';
import type { Playbook } from '../playbook/model.ts';
import type { DecisionInput } from '../types.ts';
import { isRunning, type TickContext } from './build.ts';
import { localMinuteOfDay } from './clock.ts';
import type { VenueIndex } from './venue-index.ts';

/** Remembers since when each zone has been unknown (the first tick that saw it so). */
export function trackUnknown(states: readonly ZoneState[], ts: number, since: Map<string, number>): void {
  for (const s of states) {
    const unknown = s.status === 'unknown' || s.density === null;
    if (!unknown) since.delete(s.zoneId);
    else if (!since.has(s.zoneId)) since.set(s.zoneId, ts);
  }
}

export function tickContext(input: DecisionInput, playbook: Playbook, index: VenueIndex, unknownSince: ReadonlyMap<string, number>): TickContext {
  const minuteOfDay = localMinuteOfDay(input.ts, input.venue.timezone);
  const forecasts = new Map<string, ZoneForecast>();
  for (const f of input.forecasts) {
    const prev = forecasts.get(f.zoneId);
    if (!prev || f.ts > prev.ts) forecasts.set(f.zoneId, f);
  }
  return {
    ts: input.ts,
    minuteOfDay,
    index,
    schedule: playbook.schedule,
    activeSchedule: playbook.schedule.filter((e) => isRunning(e, minuteOfDay)).map((e) => e.id),
    states: new Map<string, ZoneState>(input.states.map((st) => [st.zoneId, st])),
    risks: new Map<string, RiskAssessment>(input.risks.map((r) => [r.zoneId, r])),
    forecasts,
    unknownSince,
  };
}

