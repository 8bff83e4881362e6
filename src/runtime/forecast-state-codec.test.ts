import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ZoneState, ZONE_STATE_SCHEMA, seededRandom } from '../contracts/index.ts';
import { loadVenueFile } from '../venue/index.ts';
import { stateCodec } from './forecast-state-codec.ts';

const venue = loadVenueFile(join(import.meta.dirname, '..', '..', 'venues', 'pilot-arena.yaml'));

/** Every zone, with every nullable field null in some and set in others, 0–3 sources each. */
function states(seed: number): ZoneState[] {
  const rnd = seededRandom(seed);
  const maybe = (v: number): number | null => (rnd() < 0.3 ? null : v);
  return venue.zones.map((z, i) => ZoneState.parse({
    schema: ZONE_STATE_SCHEMA, venueId: venue.id, zoneId: z.id, ts: 1_780_000_000_000 + i, windowMs: 30_000,
    occupancy: maybe(rnd() * 500), density: maybe(rnd() * 4), inflowPerMin: maybe(rnd() * 60), outflowPerMin: maybe(rnd() * 60),
    speed: maybe(rnd() * 1.4), speedEstimated: rnd() < 0.5, surgeRate: rnd(), pressure: rnd(), coherence: rnd(),
    capacityUtilisation: maybe(rnd() * 1.5), confidence: rnd(), status: (['ok', 'degraded', 'unknown'] as const)[i % 3],
    sources: venue.sensors.slice(i % 5, (i % 5) + (i % 4)).map((s) => ({
      sensorId: s.id, kind: s.kind, weight: rnd(), occupancy: maybe(rnd() * 300), lastTs: maybe(1_780_000_000_000 - i), stale: rnd() < 0.5,
    })),
  }));
}

test('zone states survive the trip to the worker field for field, nulls included', () => {
  const codec = stateCodec(venue);
  for (const seed of [1, 2, 3]) {
    const original = states(seed);
    const back = codec.decode(codec.encode(original));
    assert.deepEqual(back, original);
    for (const s of back) ZoneState.parse(s);
  }
  assert.deepEqual(codec.decode(codec.encode([])), []);
});

test('the buffers are transferable (posted without a copy), and a foreign zone is refused', () => {
  const codec = stateCodec(venue);
  const e = codec.encode(states(4));
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(e, codec.transferList(e));
  assert.equal(e.zones.byteLength, 0, 'detached: moved, not copied');
  port1.close();
  port2.close();
  assert.throws(() => codec.encode([{ ...states(5)[0]!, zoneId: 'nowhere' as never }]), /"nowhere", not a zone of venue pilot-arena/);
});
