/** Reading builders for tests: valid `crowdflow.reading/v1` records with unique ids. */
import { READING_SCHEMA, type SensorReading } from '../../src/contracts/index.ts';

let seq = 0;
const nextId = (p: string): string => `${p}-${process.pid}-${Date.now()}-${seq++}`;

export function zoneCount(sensorId: string, count: number, ts: number, id = nextId(sensorId)): SensorReading {
  return { schema: READING_SCHEMA, id, sensorId, ts, kind: 'zone_count', count } as SensorReading;
}

export function lineCount(sensorId: string, inCount: number, outCount: number, ts: number, id = nextId(sensorId)): SensorReading {
  return { schema: READING_SCHEMA, id, sensorId, ts, kind: 'line_count', intervalMs: 1000, in: inCount, out: outCount } as SensorReading;
}

export function wifiCount(sensorId: string, devices: number, ts: number, id = nextId(sensorId)): SensorReading {
  return { schema: READING_SCHEMA, id, sensorId, ts, kind: 'wifi_count', intervalMs: 10_000, devices } as SensorReading;
}
