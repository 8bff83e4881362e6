import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EpochMs, ReadingId, SensorId, SensorReading } from '../contracts/index.ts';
import { parseVenue } from '../venue/index.ts';
import { FusionReplay } from './accuracy.ts';

const venue = parseVenue(`
schema: crowdflow.venue/v1
id: hall
name: Hall
capacity: 1000
zones:
  - { id: hall, type: concourse, capacity: 1000, polygon: [[0, 0], [50, 0], [50, 20], [0, 20]] }
  - { id: annex, type: concourse, capacity: 100, polygon: [[50, 0], [60, 0], [60, 20], [50, 20]] }
passages:
  - { id: door, from: hall, to: annex, opening: [[50, 5], [50, 15]] }
sensors:
  - { id: hall-camera, kind: zone_count, zone: hall, periodMs: 1000 }
`);
const T0 = 1_750_000_000_000;
const count = (ts: number, n: number): SensorReading => ({
  schema: 'crowdflow.reading/v1', kind: 'zone_count', id: `c:${ts}` as ReadingId, sensorId: 'hall-camera' as SensorId, ts: ts as EpochMs, count: n,
}) as SensorReading;

test('the replay scores each tick against the truth of that second; unseen zones count apart', () => {
  // The camera reads 100 every second; the truth is 90 until 5 s, then 110. The annex has no sensor.
  const truth = Array.from({ length: 10 }, (_, s) => ({
    ts: T0 + s * 1000,
    zones: [{ zoneId: 'hall', occupancy: s < 5 ? 90 : 110 }, { zoneId: 'annex', occupancy: 3 }],
  }));
  const replay = new FusionReplay(venue, truth, { probeMs: [T0 + 4000] });
  for (let s = 0; s < 10; s++) replay.push(count(T0 + s * 1000, 100));
  const r = replay.finish();
  const hall = r.zones.find((z) => z.zoneId === 'hall')!;
  const annex = r.zones.find((z) => z.zoneId === 'annex')!;
  // Ticks at T0 … T0 + 9 s: each scored once, error ±10.
  assert.equal(r.ticks, 10);
  assert.equal(hall.seconds, 10);
  assert.equal(hall.mae, 10);
  assert.equal(hall.bias, 0);
  assert.equal(hall.wape, 100 / 1000);
  assert.equal(annex.seconds, 0);
  assert.equal(annex.unknownSeconds, 10);
  assert.equal(r.overall.wape, 0.1);
  assert.equal(r.overall.signedWape, 0);
  assert.deepEqual(r.probes[0]!.zones.find((z) => z.zoneId === 'hall'), { zoneId: 'hall', fused: 100, truth: 90 });
  const cam = r.sources.find((x) => x.sensorId === 'hall-camera')!;
  assert.equal(cam.mae, 10);
  assert.equal(cam.meanWeight, 1);
});
