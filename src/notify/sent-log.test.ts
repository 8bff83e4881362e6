import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySentLog } from './sent-log.ts';
import { sentLogContract } from './testing/sent-log-contract.ts';

sentLogContract('memory', () => memorySentLog());

test('the memory log forgets its oldest entries beyond its bound', () => {
  const log = memorySentLog(3);
  for (const k of ['k1', 'k2', 'k3', 'k4']) log.add(k, 'c');
  assert.equal(log.size, 3);
  assert.equal(log.has('k1', 'c'), false);
  assert.equal(log.has('k4', 'c'), true);
});
