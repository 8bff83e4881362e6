/** Builders of logged readings for the stream's tests and benchmark (not part of the public face). */
import type { EpochMs, LoggedReading, ReadingId, SensorId, SensorReading } from '../contracts/index.ts';
import { seededRandom } from '../contracts/index.ts';

export { seededRandom };

type Unbranded<T> = { [P in keyof T]: T[P] extends number ? number : T[P] };
type Body<K extends SensorReading['kind']> = Unbranded<Omit<Extract<SensorReading, { kind: K }>, 'schema' | 'id' | 'sensorId' | 'ts' | 'kind'>>;

/** A log that stamps offsets in order and ingest times `latencyMs` after event time. */
export class TestLog {
  private next = 0;
  readonly entries: LoggedReading[] = [];
  constructor(private readonly latencyMs = 50) {}

  add<K extends SensorReading['kind']>(kind: K, sensorId: string, ts: number, body: Body<K>, id?: string, receivedAt?: number): LoggedReading {
    const reading = {
      schema: 'crowdflow.reading/v1', kind, id: (id ?? `${sensorId}:${ts}:${this.next}`) as ReadingId,
      sensorId: sensorId as SensorId, ts: ts as EpochMs, ...body,
    } as unknown as SensorReading;
    const lr: LoggedReading = { offset: this.next++, receivedAt: (receivedAt ?? ts + this.latencyMs) as EpochMs, reading };
    this.entries.push(lr);
    return lr;
  }
}


export interface WorkloadOptions {
  readonly seed: number;
  readonly startMs: number;
  readonly durationMs: number;
  /** Share of readings delivered late by up to `maxDelayMs` (edge buffering). */
  readonly lateShare?: number;
  readonly maxDelayMs?: number;
  /** Share of readings sent twice (a retry with the same id). */
  readonly duplicateShare?: number;
  /** Share of sensors that fall silent halfway. */
  readonly silentShare?: number;
}

interface VenueLike {
  readonly sensors: readonly { readonly id: string; readonly kind: SensorReading['kind']; readonly periodMs: number; readonly zoneIds: readonly string[] }[];
  readonly zoneById: ReadonlyMap<string, { readonly polygon: readonly (readonly [number, number])[] }>;
}

/**
 * Readings of every sensor of a venue at its period, in arrival (log) order: counts drawn around
 * slowly varying levels, tracks of people random-walking in their zone, some readings late,
 * some retried, some sensors dying halfway.
 */
export function venueWorkload(venue: VenueLike, o: WorkloadOptions): LoggedReading[] {
  const rnd = seededRandom(o.seed);
  const lateShare = o.lateShare ?? 0;
  const maxDelayMs = o.maxDelayMs ?? 0;
  const dupShare = o.duplicateShare ?? 0;
  const pending: { receivedAt: number; reading: SensorReading }[] = [];
  let seq = 0;
  for (const s of venue.sensors) {
    const silentFrom = rnd() < (o.silentShare ?? 0) ? o.startMs + o.durationMs / 2 : Infinity;
    const level = 20 + Math.floor(rnd() * 200);
    const zone = venue.zoneById.get(s.zoneIds[0]!)!;
    const xs = zone.polygon.map((p) => p[0]);
    const ys = zone.polygon.map((p) => p[1]);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const people = Array.from({ length: 5 + Math.floor(rnd() * 15) }, (_, i) => ({ id: `t${i}`, x: x0 + rnd() * (x1 - x0), y: y0 + rnd() * (y1 - y0) }));
    const phase = Math.floor(rnd() * s.periodMs);
    for (let t = o.startMs + phase; t < o.startMs + o.durationMs && t < silentFrom; t += s.periodMs) {
      const id = `${s.id}-${seq++}`;
      const wave = Math.sin((t - o.startMs) / 60_000);
      let body: Record<string, unknown>;
      switch (s.kind) {
        case 'zone_count': body = { count: Math.max(0, Math.round(level * (1 + 0.3 * wave) + (rnd() - 0.5) * 10)) }; break;
        case 'wifi_count': body = { intervalMs: s.periodMs, devices: Math.max(0, Math.round(level * 0.7 + (rnd() - 0.5) * 10)) }; break;
        case 'line_count': body = { intervalMs: s.periodMs, in: Math.floor(rnd() * 6), out: Math.floor(rnd() * 5) }; break;
        case 'ticket_scan': body = { intervalMs: s.periodMs, entries: Math.floor(rnd() * 10) }; break;
        case 'tracks':
          for (const p of people) {
            p.x = Math.min(x1, Math.max(x0, p.x + (rnd() - 0.5) * 2));
            p.y = Math.min(y1, Math.max(y0, p.y + (rnd() - 0.5) * 2));
          }
          body = { tracks: people.map((p) => ({ trackId: p.id, x: p.x, y: p.y })) };
          break;
      }
      const reading = { schema: 'crowdflow.reading/v1', id, sensorId: s.id, ts: t, kind: s.kind, ...body } as unknown as SensorReading;
      const delay = rnd() < lateShare ? rnd() * maxDelayMs : 20 + rnd() * 150;
      pending.push({ receivedAt: Math.round(t + delay), reading });
      if (rnd() < dupShare) pending.push({ receivedAt: Math.round(t + delay + rnd() * 5_000), reading });
    }
  }
  pending.sort((a, b) => a.receivedAt - b.receivedAt);
  return pending.map((p, offset) => ({ offset, receivedAt: p.receivedAt as EpochMs, reading: p.reading }));
}
