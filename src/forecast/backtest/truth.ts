/**
 * The truth a backtest scores against: each zone's occupancy and density per second of event time.
 * From the simulator's ground truth when given, else from the replayed zone states themselves
 * (what the sensors saw: then the score says how well a model forecasts the fused estimate).
 */
import type { Venue } from '../../venue/index.ts';

/** One line of the simulator's `ground-truth.jsonl` (only the fields the backtest reads). */
export interface GroundTruthRow {
  readonly ts: number;
  readonly zones: readonly { readonly zoneId: string; readonly occupancy: number; readonly densityPpsm?: number }[];
}

/** Occupancy per zone per second from `startMs`; NaN where unknown. */
export class TruthSeries {
  readonly occupancy: Float64Array[];
  private readonly index: Map<string, number>;

  constructor(readonly venue: Venue, readonly startMs: number, readonly seconds: number) {
    this.index = new Map(venue.zones.map((z, i) => [z.id, i]));
    this.occupancy = venue.zones.map(() => new Float64Array(seconds).fill(NaN));
  }

  set(zoneId: string, tsMs: number, occupancy: number): void {
    const i = this.index.get(zoneId);
    const s = Math.round((tsMs - this.startMs) / 1000);
    if (i === undefined || s < 0 || s >= this.seconds) return;
    this.occupancy[i]![s] = occupancy;
  }

  at(zoneIndex: number, tsMs: number): number {
    const s = Math.round((tsMs - this.startMs) / 1000);
    return s < 0 || s >= this.seconds ? NaN : this.occupancy[zoneIndex]![s]!;
  }

  density(zoneIndex: number, tsMs: number): number {
    return this.at(zoneIndex, tsMs) / this.venue.zones[zoneIndex]!.areaSqm;
  }

  static fromGroundTruth(venue: Venue, rows: readonly GroundTruthRow[], startMs: number, seconds: number): TruthSeries {
    const t = new TruthSeries(venue, startMs, seconds);
    for (const r of rows) for (const z of r.zones) t.set(z.zoneId, r.ts, z.occupancy);
    return t;
  }
}
