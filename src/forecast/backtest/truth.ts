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

/**
 * Occupancy per zone per second from `startMs`; NaN where unknown. A fixed series ignores times
 * past `seconds`; a growing one (`grow: true`, for a replay whose length is not known before its
 * end) doubles its arrays as needed.
 */
export class TruthSeries {
  /** Per zone (venue order), one value per second; arrays past `seconds` hold NaN. */
  readonly occupancy: Float64Array[];
  private readonly index: Map<string, number>;
  private readonly grow: boolean;
  private length: number;

  constructor(readonly venue: Venue, readonly startMs: number, seconds: number, opts: { grow?: boolean } = {}) {
    this.index = new Map(venue.zones.map((z, i) => [z.id, i]));
    this.grow = opts.grow ?? false;
    this.length = this.grow ? 0 : seconds;
    this.occupancy = venue.zones.map(() => new Float64Array(Math.max(seconds, this.grow ? 64 : 0)).fill(NaN));
  }

  /** Seconds covered: the fixed length, or for a growing series one past the latest second set. */
  get seconds(): number {
    return this.length;
  }

  set(zoneId: string, tsMs: number, occupancy: number): void {
    const i = this.index.get(zoneId);
    if (i === undefined) return;
    this.setAt(i, tsMs, occupancy);
  }

  /** As `set`, by zone index (venue order). */
  setAt(zoneIndex: number, tsMs: number, occupancy: number): void {
    const s = Math.round((tsMs - this.startMs) / 1000);
    if (s < 0) return;
    if (s >= this.length) {
      if (!this.grow) return;
      this.ensureCapacity(s + 1);
      this.length = s + 1;
    }
    this.occupancy[zoneIndex]![s] = occupancy;
  }

  private ensureCapacity(n: number): void {
    const cap = this.occupancy[0]?.length ?? 0;
    if (n <= cap) return;
    const next = Math.max(n, cap * 2);
    for (let z = 0; z < this.occupancy.length; z++) {
      const a = new Float64Array(next).fill(NaN);
      a.set(this.occupancy[z]!);
      this.occupancy[z] = a;
    }
  }

  at(zoneIndex: number, tsMs: number): number {
    const s = Math.round((tsMs - this.startMs) / 1000);
    return s < 0 || s >= this.length ? NaN : this.occupancy[zoneIndex]![s]!;
  }

  density(zoneIndex: number, tsMs: number): number {
    return this.at(zoneIndex, tsMs) / this.venue.zones[zoneIndex]!.areaSqm;
  }

  static fromGroundTruth(venue: Venue, rows: Iterable<GroundTruthRow>, startMs: number, seconds: number): TruthSeries {
    const t = new TruthSeries(venue, startMs, seconds);
    for (const r of rows) t.add(r);
    return t;
  }

  /** The same from rows streamed one at a time (e.g. a ground-truth file read line by line). */
  static async fromGroundTruthStream(venue: Venue, rows: Iterable<GroundTruthRow> | AsyncIterable<GroundTruthRow>, startMs: number, seconds: number): Promise<TruthSeries> {
    const t = new TruthSeries(venue, startMs, seconds);
    for await (const r of rows) t.add(r);
    return t;
  }

  /** One ground-truth row: every zone's occupancy at `row.ts`. */
  add(row: GroundTruthRow): void {
    for (const z of row.zones) this.set(z.zoneId, row.ts, z.occupancy);
  }
}
