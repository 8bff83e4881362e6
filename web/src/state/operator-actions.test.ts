import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../api/index.ts';
import { FORBIDDEN_TEXT, noticeForFailure } from './use-operator-actions.ts';

test('a 403 reads "Your role cannot do this."', () => {
  assert.deepEqual(noticeForFailure(new ApiError(403, 'CF_ERR_FORBIDDEN', 'supervisor role required'), 'approve'), {
    kind: 'forbidden', text: FORBIDDEN_TEXT,
  });
  assert.equal(FORBIDDEN_TEXT, 'Your role cannot do this.');
});

test('a 401 says nothing here: the session ends and the login form explains', () => {
  assert.equal(noticeForFailure(new ApiError(401, 'CF_ERR_AUTH', 'expired'), 'resolve the alert'), null);
});

test('other failures name the command and carry the server code', () => {
  const n = noticeForFailure(new ApiError(409, 'CF_ERR_CONFLICT', 'alert already resolved'), 'acknowledge the alert');
  assert.equal(n?.kind, 'error');
  assert.equal(n?.text, 'Could not acknowledge the alert: CF_ERR_CONFLICT: alert already resolved');
  assert.match(noticeForFailure(new TypeError('boom'), 'x')!.text, /Could not x: boom/);
});
