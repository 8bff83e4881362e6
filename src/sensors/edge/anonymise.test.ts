import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anonymiseLocal, EDGE_WIFI_SCHEMA, findPersonalField, RotatingSalt } from './index.ts';

let n = 0;
const fakeRandom = (bytes: number): Buffer => Buffer.alloc(bytes, ++n);
const DAY = 86_400_000;

test('hashes link a device within a salt period and not across periods', () => {
  const salt = new RotatingSalt(DAY, fakeRandom);
  const a = salt.hash('aa:bb:cc:dd:ee:ff', 1000);
  assert.equal(salt.hash('aa:bb:cc:dd:ee:ff', DAY - 1), a);
  assert.notEqual(salt.hash('aa:bb:cc:dd:ee:00', 1000), a);
  assert.notEqual(salt.hash('aa:bb:cc:dd:ee:ff', DAY + 1), a, 'a new day, a new salt');
  assert.match(a, /^[A-Za-z0-9_-]{16}$/);
  assert.throws(() => new RotatingSalt(10), /rotateEveryMs/);
});

test('raw device observations become a count of unique devices, without the identifiers', () => {
  const salt = new RotatingSalt(DAY, fakeRandom);
  const out = anonymiseLocal({ schema: EDGE_WIFI_SCHEMA, id: 'w1', sensorId: 'wifi-1', ts: 5000, intervalMs: 10_000, devices: ['AA:01', 'aa:01 ', 'AA:02'] }, salt);
  assert.ok(out.ok);
  assert.deepEqual(out.value, { schema: 'crowdflow.reading/v1', id: 'w1', sensorId: 'wifi-1', ts: 5000, kind: 'wifi_count', intervalMs: 10_000, devices: 2 });
  assert.ok(!JSON.stringify(out.value).includes('AA'));
});

test('camera track ids are re-keyed; payloads with personal data are refused with the field named', () => {
  const salt = new RotatingSalt(DAY, fakeRandom);
  const out = anonymiseLocal([{ kind: 'tracks', sensorId: 'cam', ts: 1, tracks: [{ trackId: 'person-17', x: 1, y: 2 }] }], salt);
  assert.ok(out.ok);
  const track = (out.value as Array<{ tracks: Array<{ trackId: string }> }>)[0]!.tracks[0]!;
  assert.notEqual(track.trackId, 'person-17');
  assert.equal(findPersonalField({ a: { b: [{ c: 1 }, { Phone_Number: 'x' }] } }), 'a.b[1].Phone_Number');
  assert.equal(findPersonalField({ count: 3, kind: 'zone_count' }), null);
  const refused = anonymiseLocal({ kind: 'zone_count', count: 1, mac: '00:11' }, salt);
  assert.ok(!refused.ok && refused.code === 'CF_ERR_PERSONAL_DATA' && /mac/.test(refused.reason));
});
