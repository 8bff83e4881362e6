import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSchemas } from '../../scripts/export-schemas.ts';
import { PUBLISHED_SCHEMAS, READING_SCHEMA, SensorReading } from './index.ts';

const root = join(import.meta.dirname, '..', '..');

test('the committed JSON Schemas match the contracts (run `npm run schemas` after a change)', () => {
  const rendered = renderSchemas();
  assert.equal(rendered.size, PUBLISHED_SCHEMAS.length);
  for (const [file, text] of rendered) {
    const committed = readFileSync(join(root, 'schemas', file), 'utf8');
    assert.equal(committed, text, `schemas/${file} is stale`);
  }
});

test('the published reading schema says a line count\'s running totals come both or neither', () => {
  const schema = JSON.parse(renderSchemas().get('reading.v1.json')!) as { oneOf: { properties: { kind: { const: string } }; dependentRequired?: unknown }[] };
  const line = schema.oneOf.find((b) => b.properties.kind.const === 'line_count')!;
  assert.deepEqual(line.dependentRequired, { totalIn: ['totalOut'], totalOut: ['totalIn'] });
  // and the contract itself refuses one without the other
  const base = { schema: READING_SCHEMA, sensorId: 'lc-1', ts: 1_700_000_000_000, id: 'lc-1:1', kind: 'line_count', intervalMs: 1000, in: 1, out: 0 };
  assert.equal(SensorReading.safeParse({ ...base, totalIn: 5 }).success, false);
  assert.equal(SensorReading.safeParse({ ...base, totalIn: 5, totalOut: 0 }).success, true);
});

test('every reading kind parses, and the brands do not change the values', () => {
  const ts = 1_700_000_000_000;
  const samples = [
    { kind: 'line_count', intervalMs: 1000, in: 3, out: 1 },
    { kind: 'zone_count', count: 120 },
    { kind: 'tracks', tracks: [{ trackId: 'a1', x: 10.5, y: -2, vx: 0.4, vy: 0 }] },
    { kind: 'ticket_scan', intervalMs: 5000, entries: 12, categories: { reduced_mobility: 1 } },
    { kind: 'wifi_count', intervalMs: 10000, devices: 80 },
  ];
  for (const [i, s] of samples.entries()) {
    const r = SensorReading.parse({ schema: READING_SCHEMA, id: `r${i}`, sensorId: 's1', ts, ...s });
    assert.equal(r.kind, s.kind);
    assert.equal(r.ts, ts);
  }
});

test('readings reject what a sensor must not send', () => {
  const base = { schema: READING_SCHEMA, id: 'r', sensorId: 's1', ts: 1, kind: 'zone_count', count: 1 };
  const bad: Array<[string, unknown]> = [
    ['negative count', { ...base, count: -1 }],
    ['fractional count', { ...base, count: 1.5 }],
    ['string ts', { ...base, ts: '2024-01-01' }],
    ['unknown kind', { ...base, kind: 'mood' }],
    ['personal data field', { ...base, phone: '+33…' }],
    ['wrong schema version', { ...base, schema: 'crowdflow.reading/v0' }],
    ['id with spaces', { ...base, id: 'a b' }],
    ['tracks over the limit', { ...base, kind: 'tracks', count: undefined, tracks: Array.from({ length: 5001 }, (_, k) => ({ trackId: `t${k}`, x: 0, y: 0 })) }],
  ];
  for (const [what, value] of bad) assert.equal(SensorReading.safeParse(value).success, false, what);
});
