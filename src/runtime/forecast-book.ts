/**
 * The latest forecast of every zone, as the pipeline acts on it. A forecast is acted on only while
 * fresh: made at or before the state it is used with, and at most `maxAgeMs` (event time) older
 * than it. A stale forecast is never acted on, it is dropped (the service stalled or died).
 * `maxAgeMs` is 3 forecast intervals; the pipeline widens the interval to its tick's event-time
 * step when ticks are further apart than forecasts (an accelerated demo clock: 10 s per tick).
 */
import type { ZoneForecast } from '../contracts/index.ts';

export class ForecastBook {
  private readonly byZone = new Map<string, ZoneForecast>();
  /** Event time of the newest forecast accepted (−Infinity before any). */
  newestTs = -Infinity;

  constructor(public maxAgeMs: number) {}

  /** A batch from the model: replaces each zone's forecast unless the kept one is newer. */
  accept(forecasts: readonly ZoneForecast[]): void {
    for (const f of forecasts) {
      const kept = this.byZone.get(f.zoneId);
      if (kept === undefined || kept.ts <= f.ts) this.byZone.set(f.zoneId, f);
      if (f.ts > this.newestTs) this.newestTs = f.ts;
    }
  }

  /** The zone's forecast if fresh at event time `ts`; a stale one is removed. */
  fresh(zoneId: string, ts: number): ZoneForecast | null {
    const f = this.byZone.get(zoneId);
    if (f === undefined) return null;
    const age = ts - f.ts;
    if (age > this.maxAgeMs) {
      this.byZone.delete(zoneId);
      return null;
    }
    return age >= 0 ? f : null;
  }

  /** Age of the newest forecast at `ts` (ms), null when none is fresh. */
  ageMs(ts: number): number | null {
    const age = ts - this.newestTs;
    return Number.isFinite(age) && age <= this.maxAgeMs ? Math.max(0, age) : null;
  }

  get size(): number {
    return this.byZone.size;
  }
}
