/**
 * A virtual sensor bank over a running simulation: every sensor of the venue, at its own period,
 * produces the `crowdflow.reading/v1` a real device would send, with per-kind noise, bias,
 * latency and dropout. The reading's `ts` is its event time (end of the interval it covers);
 * latency delays when `read` hands it out, as a network would.
 *
 * - line_count on a passage: in = from → to; on a gate: in = entering the venue;
 * - zone_count: people in the zone; tracks: anonymised positions (venue metres) and velocities of
 *   the people in the zone or the camera's coverage, with a track id that is a salted hash of the
 *   agent, re-salted every 10 minutes (short-lived, no identity);
 * - ticket_scan: entries per gate with a `reduced_mobility` category;
 * - line_count and ticket_scan also carry the counter's running totals (unless `counterTotals` is false);
 * - wifi_count: devices ≈ occupancy / peoplePerDevice.
 * Noise: a count c becomes max(0, round(c · (1 + bias + sigma · N(0, 1)))); for tracks sigma is a
 * position error in metres and a negative bias the share of people the camera misses.
 */
import {
  READING_LIMITS, READING_SCHEMA, type EpochMs, type ReadingKind, type SensorReading,
} from '../contracts/index.ts';
import { pointInPolygon, type Sensor, type Venue } from '../venue/index.ts';
import { Rng, type AgentView, type CrossingTruth, type NoiseSpec, type ScenarioSpec, type ZoneTruth } from '../sim/index.ts';

/** What the bank reads: a Simulation satisfies it. */
export interface SensorSource {
  readonly timeS: number;
  zoneTruth(): ZoneTruth[];
  crossings(): CrossingTruth[];
  gateEntries(): { gateId: string; entries: number; reducedMobility: number }[];
  agents(): AgentView;
}

/** A scenario's `sensors` settings fit these options as they are: spread them in, so that every setting reaches every feed. */
export interface VirtualSensorOptions {
  readonly seed: number;
  readonly noise?: Partial<Record<ReadingKind, Partial<NoiseSpec>>>;
  /** Epoch time of simulation t = 0 (default 0). */
  readonly startEpochMs?: number;
  /**
   * Line counters and ticket gates send their running totals (default true): the sum of every
   * interval count they made, the readings that are then lost included.
   */
  readonly counterTotals?: boolean;
}

// The scenario's `sensors` is spread into the options: a setting added there without an option
// here would be dropped silently, so it fails to compile instead.
const everySettingIsAnOption: [Exclude<keyof ScenarioSpec['sensors'], keyof VirtualSensorOptions>] extends [never] ? true : false = true;
void everySettingIsAnOption;

export interface VirtualSensorBank {
  /** Readings delivered by tMs (event time ≤ tMs − latency), in delivery order. Call at least every second. */
  read(tMs: EpochMs): SensorReading[];
}

const TRACK_SALT_PERIOD_MS = 600_000;
const NO_NOISE: NoiseSpec = { sigma: 0, bias: 0, latencyMs: 0, dropout: 0 };

interface SensorClock {
  readonly sensor: Sensor;
  readonly noise: NoiseSpec;
  nextMs: number;
  lastIn: number;
  lastOut: number;
  /** The counter's running totals of what it reported (noise included), as its register holds them. */
  totalIn: number;
  totalOut: number;
}

export function createVirtualSensors(venue: Venue, source: SensorSource, opts: VirtualSensorOptions): VirtualSensorBank {
  return new Bank(venue, source, opts);
}

class Bank implements VirtualSensorBank {
  private readonly clocks: SensorClock[];
  private readonly rng: Rng;
  private readonly startMs: number;
  private pending: { deliverAt: number; reading: SensorReading }[] = [];
  private readonly zoneIndex: Map<string, number>;
  private readonly totals: boolean;

  constructor(private readonly venue: Venue, private readonly source: SensorSource, opts: VirtualSensorOptions) {
    this.rng = new Rng(opts.seed);
    this.startMs = opts.startEpochMs ?? 0;
    this.zoneIndex = new Map(venue.zones.map((z, i) => [z.id as string, i]));
    this.clocks = venue.sensors.map((sensor) => ({
      sensor,
      noise: { ...NO_NOISE, ...opts.noise?.[sensor.kind] },
      nextMs: this.startMs + sensor.periodMs,
      lastIn: 0,
      lastOut: 0,
      totalIn: 0,
      totalOut: 0,
    }));
    this.totals = opts.counterTotals ?? true;
  }

  read(tMs: EpochMs): SensorReading[] {
    let truth: ZoneTruth[] | null = null;
    let crossings: Map<string, CrossingTruth> | null = null;
    let entries: Map<string, { entries: number; reducedMobility: number }> | null = null;
    for (const c of this.clocks) {
      while (c.nextMs <= tMs) {
        const ts = c.nextMs;
        c.nextMs += c.sensor.periodMs;
        const s = c.sensor;
        const made: SensorReading[] = [];
        const base = { schema: READING_SCHEMA, sensorId: s.id, ts: ts as EpochMs } as const;
        const id = (part = 0): SensorReading['id'] => `${s.id}:${ts}${part > 0 ? `:${part}` : ''}` as SensorReading['id'];
        if (s.kind === 'line_count') {
          crossings ??= new Map(this.source.crossings().map((x) => [x.id as string, x]));
          const x = crossings.get((s.passage ?? s.gate)!)!;
          const dIn = x.in - c.lastIn, dOut = x.out - c.lastOut;
          c.lastIn = x.in; c.lastOut = x.out;
          const nIn = this.count(dIn, c.noise), nOut = this.count(dOut, c.noise);
          c.totalIn += nIn; c.totalOut += nOut;
          const totals = this.totals ? { totalIn: c.totalIn, totalOut: c.totalOut } : {};
          made.push({ ...base, id: id(), kind: 'line_count', intervalMs: s.periodMs as never, in: nIn, out: nOut, ...totals });
        } else if (s.kind === 'ticket_scan') {
          entries ??= new Map(this.source.gateEntries().map((g) => [g.gateId, g]));
          const g = entries.get(s.gate)!;
          const dIn = g.entries - c.lastIn, dRm = g.reducedMobility - c.lastOut;
          c.lastIn = g.entries; c.lastOut = g.reducedMobility;
          const n = this.count(dIn, c.noise);
          c.totalIn += n;
          const totals = this.totals ? { totalEntries: c.totalIn } : {};
          made.push({ ...base, id: id(), kind: 'ticket_scan', intervalMs: s.periodMs as never, entries: n, ...totals, categories: { reduced_mobility: Math.min(n, dRm) } });
        } else if (s.kind === 'zone_count') {
          truth ??= this.source.zoneTruth();
          made.push({ ...base, id: id(), kind: 'zone_count', count: this.count(truth[this.zoneIndex.get(s.zone)!]!.occupancy, c.noise) });
        } else if (s.kind === 'wifi_count') {
          truth ??= this.source.zoneTruth();
          const people = truth[this.zoneIndex.get(s.zone)!]!.occupancy;
          made.push({ ...base, id: id(), kind: 'wifi_count', intervalMs: s.periodMs as never, devices: this.count(people / s.peoplePerDevice, c.noise) });
        } else {
          made.push(...this.tracks(s, ts, c.noise).map((tracks, part) => ({ ...base, id: id(part), kind: 'tracks' as const, tracks })));
        }
        for (const r of made) {
          if (c.noise.dropout > 0 && this.rng.next() < c.noise.dropout) continue;
          this.pending.push({ deliverAt: ts + c.noise.latencyMs, reading: r });
        }
      }
    }
    const due = this.pending.filter((p) => p.deliverAt <= tMs).sort((a, b) => a.deliverAt - b.deliverAt || (a.reading.id < b.reading.id ? -1 : 1));
    this.pending = this.pending.filter((p) => p.deliverAt > tMs);
    return due.map((p) => p.reading);
  }

  private count(c: number, n: NoiseSpec): number {
    const v = Math.round(c * (1 + n.bias + (n.sigma > 0 ? n.sigma * this.rng.normal() : 0)));
    return Math.min(READING_LIMITS.maxCount, Math.max(0, v));
  }

  /** Tracks of the people the camera sees, split into readings of at most maxTracksPerReading. */
  private tracks(s: Extract<Sensor, { kind: 'tracks' }>, ts: number, n: NoiseSpec): { trackId: string; x: number; y: number; vx: number; vy: number }[][] {
    const zi = this.zoneIndex.get(s.zone)!;
    const a = this.source.agents();
    const salt = Math.floor(ts / TRACK_SALT_PERIOD_MS) * 2654435761 + zi * 97;
    const miss = Math.max(0, -n.bias);
    const out: { trackId: string; x: number; y: number; vx: number; vy: number }[] = [];
    const r3 = (v: number): number => Math.round(v * 1000) / 1000;
    const clampV = (v: number): number => Math.max(-20, Math.min(20, r3(v)));
    for (let i = 0; i < a.count; i++) {
      if (a.zone[i] !== zi) continue;
      const x = a.x[i]!, y = a.y[i]!;
      if (s.coverage && !pointInPolygon(x, y, s.coverage)) continue;
      if (miss > 0 && this.rng.next() < miss) continue;
      out.push({
        trackId: (Math.imul(a.id[i]! ^ salt, 2654435761) >>> 0).toString(36),
        x: r3(x + (n.sigma > 0 ? n.sigma * this.rng.normal() : 0)),
        y: r3(y + (n.sigma > 0 ? n.sigma * this.rng.normal() : 0)),
        vx: clampV(a.vx[i]!),
        vy: clampV(a.vy[i]!),
      });
    }
    const parts: (typeof out)[] = [];
    for (let k = 0; k < out.length || parts.length === 0; k += READING_LIMITS.maxTracksPerReading) {
      parts.push(out.slice(k, k + READING_LIMITS.maxTracksPerReading));
    }
    return parts;
  }
}
