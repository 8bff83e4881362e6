import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadVenueFile } from '../venue/index.ts';
import { decodePayload, fuzzCases, validateMessage } from './index.ts';

const venue = loadVenueFile('venues/pilot-arena.yaml');
const now = 1_800_000_000_000;
const ctx = { venue, now: now as never, authenticatedSensor: 'cam-entry-nw' };

test('5,000 fuzzed payloads: every valid one accepted, every malformed one rejected with a coded reason', () => {
  const cases = fuzzCases(5000, { seed: 7, sensorId: 'cam-entry-nw', now });
  const byMutation = new Map<string, number>();
  for (const c of cases) {
    const decoded = decodePayload(c.payload);
    const verdicts = decoded.ok ? validateMessage(decoded.value, ctx) : [{ ok: false as const, code: decoded.code, reason: decoded.reason }];
    if (c.valid) {
      assert.equal(verdicts.length, 1);
      assert.ok(verdicts[0]!.ok, `valid case rejected: ${c.payload}`);
    } else {
      assert.ok(verdicts.length >= 1 && verdicts.every((v) => !v.ok), `${c.mutation} accepted: ${c.payload.slice(0, 200)}`);
      for (const v of verdicts) if (!v.ok) assert.match(`${v.code}: ${v.reason}`, /^CF_ERR_[A-Z_]+: .{8,}/);
      byMutation.set(c.mutation, (byMutation.get(c.mutation) ?? 0) + 1);
    }
  }
  assert.ok(byMutation.size >= 18, `mutations exercised: ${[...byMutation.keys()].join(', ')}`);
});

test('a batch keeps each verdict apart: bad readings do not take good ones down', () => {
  const good = { schema: 'crowdflow.reading/v1', id: 'g1', sensorId: 'cam-entry-nw', ts: now, kind: 'zone_count', count: 5 };
  const verdicts = validateMessage([good, { ...good, id: 'b1', count: -3 }, { ...good, id: 'g2' }, { ...good, id: 'b2', sensorId: 'cam-entry-ne' }], ctx);
  assert.deepEqual(verdicts.map((v) => v.ok), [true, false, true, false]);
  const codes = verdicts.flatMap((v) => (v.ok ? [] : [v.code]));
  assert.deepEqual(codes, ['CF_ERR_READING_SCHEMA', 'CF_ERR_SENSOR_AUTH']);
});

test('size is checked before parsing, and the reason names both sizes', () => {
  const d = decodePayload(Buffer.alloc(2_000_000, 0x20));
  assert.ok(!d.ok);
  assert.equal(d.code, 'CF_ERR_READING_TOO_LARGE');
  assert.match(d.reason, /2000000 bytes; the limit is 1048576/);
});

test('a tracks reading far outside the venue is refused; one inside passes', () => {
  const base = { schema: 'crowdflow.reading/v1', id: 't', sensorId: 'trk-main-pit', ts: now, kind: 'tracks' };
  const inside = validateMessage({ ...base, tracks: [{ trackId: 'a', x: 60, y: 70 }] }, { ...ctx, authenticatedSensor: null });
  assert.ok(inside[0]!.ok);
  const outside = validateMessage({ ...base, tracks: [{ trackId: 'a', x: 60, y: 70 }, { trackId: 'b', x: 5000, y: 70 }] }, { ...ctx, authenticatedSensor: null });
  assert.ok(!outside[0]!.ok && /tracks\[1\]/.test(outside[0]!.reason));
});
