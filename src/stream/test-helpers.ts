/** Builders of logged readings for the stream's tests and benchmark (not part of the public face). */
import type { EpochMs, LoggedReading, ReadingId, SensorId, SensorReading } from '../contracts/index.ts';

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
