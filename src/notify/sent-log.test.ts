import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySentLog } from './sent-log.ts';

test('keys are recorded per channel', () => {
  const log = memorySentLog();
  log.add('alert:a:open', 'slack');
  assert.equal(log.has('alert:a:open', 'slack'), true);
  assert.equal(log.has('alert:a:open', 'email'), false);
  assert.equal(log.has('alert:a:acknowledged', 'slack'), false);
  // Colons in keys and names cannot make two different pairs collide.
  log.add('b', 'x:a');
  assert.equal(log.has('a:b', 'x'), false);
});

test('the memory log forgets its oldest entries beyond its bound', () => {
  const log = memorySentLog(3);
  for (const k of ['k1', 'k2', 'k3', 'k4']) log.add(k, 'c');
  assert.equal(log.size, 3);
  assert.equal(log.has('k1', 'c'), false);
  assert.equal(log.has('k4', 'c'), true);
});
