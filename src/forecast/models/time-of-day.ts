/**
 * Time-of-day profile (historical average): the mean occupancy each zone had at the same minute of
 * the day on earlier days. The profile is learned online from completed days (UTC days; an event
 * crossing UTC midnight still lines up, only the day boundary moves) and may be seeded with one
 * built from earlier events. Where the profile has no value for a zone and minute (always, on the
 * first day of a replay), it falls back to the last value: report that, don't hide it.
 */
import type { EpochMs, ZoneId, ZoneState } from '../../contracts/index.ts';
import type { Venue } from '../../venue/index.ts';
import { MAX_HORIZON_MIN, MINUTE_MS, type Forecaster } from '../forecaster.ts';
import { HistoryForecaster } from './history-model.ts';

const DAY_MS = 86_400_000;
const MINUTES_PER_DAY = 1440;

/** Per zone, mean occupancy by minute of the UTC day (NaN where unknown). */
export type TimeOfDayProfile = ReadonlyMap<ZoneId, Float64Array>;

export interface TimeOfDayForecaster extends Forecaster {
  /** Share of the last forecast's points that came from the profile (the rest fell back to last value). */
  readonly profileCoverage: number;
}

export function createTimeOfDayForecaster(venue: Venue, opts: { profile?: TimeOfDayProfile } = {}): TimeOfDayForecaster {
  const sums = new Map<ZoneId, Float64Array>();
  const counts = new Map<ZoneId, Float64Array>();
  const today = new Map<ZoneId, Float64Array>();
  for (const z of venue.zones) {
    const seed = opts.profile?.get(z.id);
    sums.set(z.id, seed ? Float64Array.from(seed, (v) => (Number.isNaN(v) ? 0 : v)) : new Float64Array(MINUTES_PER_DAY));
    counts.set(z.id, seed ? Float64Array.from(seed, (v) => (Number.isNaN(v) ? 0 : 1)) : new Float64Array(MINUTES_PER_DAY));
    today.set(z.id, new Float64Array(MINUTES_PER_DAY).fill(NaN));
  }
  let day = -1;
  let used = 0, total = 0;

  const rollDay = (newDay: number): void => {
    if (day >= 0 && newDay > day) {
      for (const [id, mins] of today) {
        const s = sums.get(id)!, c = counts.get(id)!;
        for (let m = 0; m < MINUTES_PER_DAY; m++) if (!Number.isNaN(mins[m]!)) { s[m]! += mins[m]!; c[m]! += 1; mins[m] = NaN; }
      }
    }
    day = Math.max(day, newDay);
  };

  const model = new HistoryForecaster(venue, 'time-of-day', '1', ({ zone, now, ts }) => {
    const s = sums.get(zone.id)!, c = counts.get(zone.id)!;
    const out: number[] = [];
    for (let h = 1; h <= MAX_HORIZON_MIN; h++) {
      const m = minuteOfDay(ts + h * MINUTE_MS);
      total++;
      if (c[m]! > 0) { used++; out.push(s[m]! / c[m]!); } else out.push(now);
    }
    return out;
  }, (states: readonly ZoneState[], ts: EpochMs) => {
    rollDay(Math.floor(ts / DAY_MS));
    const m = minuteOfDay(ts);
    for (const st of states) {
      const mins = today.get(st.zoneId);
      if (mins && st.occupancy !== null) mins[m] = st.occupancy;
    }
  });

  return {
    name: model.name,
    version: model.version,
    observe: (states, ts) => model.observe(states, ts),
    forecast: (ts) => { used = 0; total = 0; return model.forecast(ts); },
    get profileCoverage() { return total === 0 ? 0 : used / total; },
  };
}

function minuteOfDay(tsMs: number): number {
  return Math.floor((((tsMs % DAY_MS) + DAY_MS) % DAY_MS) / MINUTE_MS);
}
