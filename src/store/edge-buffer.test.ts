import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SensorReading } from '../contracts/index.ts';
import { openEdgeBuffer } from './index.ts';

const count = (i: number): SensorReading => ({ schema: 'crowdflow.reading/v1', id: `c${i}`, sensorId: 's', ts: i, kind: 'zone_count', count: i }) as SensorReading;
const tracks = (i: number): SensorReading => ({
  schema: 'crowdflow.reading/v1', id: `t${i}`, sensorId: 'cam', ts: i, kind: 'tracks',
  tracks: Array.from({ length: 20 }, (_, k) => ({ trackId: `k${k}`, x: k, y: k })),
}) as SensorReading;

test('FIFO, acknowledged up to a sequence number, persistent across a reopen', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edge-buf-'));
  try {
    const path = join(dir, 'b.sqlite');
    let buf = openEdgeBuffer(path, 1_000_000);
    assert.ok(buf.push([count(1), count(2), count(3)]));
    assert.ok(buf.push([count(2)]), 'a duplicate id is stored once');
    assert.equal(buf.count(), 3);
    const [first, second] = buf.peek(2);
    buf.ack(second!.seq);
    assert.deepEqual(buf.peek(10).map((b) => b.reading.id), ['c3']);
    assert.ok(first!.seq < second!.seq);
    buf.close();
    buf = openEdgeBuffer(path, 1_000_000);
    assert.deepEqual(buf.peek(10).map((b) => b.reading.id), ['c3']);
    buf.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('when full, the oldest tracks go first, and counts are refused rather than dropped', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edge-buf-'));
  try {
    const oneTracks = JSON.stringify(tracks(0)).length;
    const oneCount = JSON.stringify(count(0)).length;
    const buf = openEdgeBuffer(join(dir, 'b.sqlite'), oneTracks * 3 + oneCount * 2);
    assert.ok(buf.push([tracks(1), count(1), tracks(2), tracks(3)]));
    assert.ok(buf.push([count(2), count(3)]), 'room made by dropping the oldest tracks');
    assert.equal(buf.stats.dropped, 1);
    assert.deepEqual(buf.peek(10).map((b) => b.reading.id), ['c1', 't2', 't3', 'c2', 'c3']);
    // Fill with counts only: tracks go, then new counts are refused whole.
    const many = Array.from({ length: 40 }, (_, i) => count(100 + i));
    assert.equal(buf.push(many), false);
    assert.equal(buf.stats.refused, 40);
    assert.deepEqual(buf.peek(100).map((b) => b.reading.id), ['c1', 't2', 't3', 'c2', 'c3'], 'a refused push changes nothing');
    assert.equal(buf.stats.dropped, 1);
    assert.ok(buf.bytes() <= oneTracks * 3 + oneCount * 2);
    buf.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
