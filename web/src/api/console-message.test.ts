import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConsoleMessage } from './console-message.ts';

test('known messages pass through', () => {
  const snap = { type: 'snapshot', ts: 1, zones: [], mode: { decisions: 'rules' } };
  assert.deepEqual(parseConsoleMessage(JSON.stringify(snap)), snap);
  const agents = { type: 'agents', ts: 1, positions: [1, 2] };
  assert.deepEqual(parseConsoleMessage(JSON.stringify(agents)), agents);
});

test('unknown types, missing main fields and bad JSON are dropped', () => {
  assert.equal(parseConsoleMessage('{"type":"weather","sun":true}'), null);
  assert.equal(parseConsoleMessage('{"type":"alert"}'), null);
  assert.equal(parseConsoleMessage('{"type":"snapshot","zones":{}}'), null);
  assert.equal(parseConsoleMessage('{"type":"toString","user":1}'), null);
  assert.equal(parseConsoleMessage('not json'), null);
  assert.equal(parseConsoleMessage('null'), null);
});
