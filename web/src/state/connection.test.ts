import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectionState } from './connection.ts';
import type { SocketPhase } from '../api/console-socket.ts';

const status = (phase: SocketPhase) => ({ phase, failures: 0, retryAtMs: null });

test('open is live, connecting or waiting is reconnecting, stopped or no network is offline', () => {
  assert.equal(connectionState(status('open'), true), 'live');
  assert.equal(connectionState(status('connecting'), true), 'reconnecting');
  assert.equal(connectionState(status('waiting'), true), 'reconnecting');
  assert.equal(connectionState(status('stopped'), true), 'offline');
  assert.equal(connectionState(status('open'), false), 'offline');
});
