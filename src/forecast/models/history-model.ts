/**
 * Shared frame of the history-based models: keep every zone's recent occupancy, and per zone turn
 * it into a central path and an error scale. A zone whose occupancy is unknown (no sensor sees it
 * in the last minute) gets no forecast: a count nobody can see is never forecast as zero.
 */
import type { EpochMs, ZoneForecast, ZoneState } from '../../contracts/index.ts';
import type { Venue, Zone } from '../../venue/index.ts';
import { randomWalkSigmas, zoneForecast, type ZonePath } from '../band.ts';
import { MAX_HORIZON_MIN, type Forecaster } from '../forecaster.ts';
import { ZoneHistory } from '../history.ts';
import { WEIDMANN } from '../../venue/index.ts';

export interface PathContext {
  readonly zone: Zone;
  readonly history: ZoneHistory;
  readonly now: number;
  readonly ts: EpochMs;
}

/** Central occupancy at horizons 1..MAX_HORIZON_MIN minutes. */
export type CentralPath = (ctx: PathContext) => number[];

export class HistoryForecaster implements Forecaster {
  readonly history: ZoneHistory;

  constructor(
    readonly venue: Venue,
    readonly name: string,
    readonly version: string,
    private readonly central: CentralPath,
    private readonly onObserve?: (states: readonly ZoneState[], ts: EpochMs) => void,
  ) {
    this.history = new ZoneHistory(venue.zones.map((z) => z.id));
  }

  observe(states: readonly ZoneState[], ts: EpochMs): void {
    this.history.observe(states, ts);
    this.onObserve?.(states, ts);
  }

  forecast(ts: EpochMs): ZoneForecast[] {
    const out: ZoneForecast[] = [];
    const version = `${this.name}@${this.version}`;
    for (const zone of this.venue.zones) {
      const now = this.history.latest(zone.id);
      if (Number.isNaN(now)) continue;
      const p50 = this.central({ zone, history: this.history, now, ts });
      const path: ZonePath = { p50, sigma: randomWalkSigmas(this.history.minuteChangeRms(zone.id), now, MAX_HORIZON_MIN), now };
      out.push(zoneForecast(this.venue.id, zone, ts, version, path));
    }
    return out;
  }
}

/** Physical ceiling of a zone's occupancy: jam density (5.4 p/m², Weidmann 1993) over its area. */
export const JAM_DENSITY_PPSM = WEIDMANN.jamDensity;
export function jamOccupancy(zone: Zone): number {
  return JAM_DENSITY_PPSM * zone.areaSqm;
}
