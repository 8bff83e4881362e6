/**
 * The contract every SentLog keeps (the in-memory one here, the SQLite one in src/store):
 * a suite an implementation runs with a factory. `reopen`, when given, must return a log over
 * the same storage, as after a restart.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SentLog } from '../sent-log.ts';

export function sentLogContract(
  name: string,
  make: () => SentLog | Promise<SentLog>,
  reopen?: (previous: SentLog) => SentLog | Promise<SentLog>,
): void {
  test(`${name} SentLog contract: records a key per channel`, async () => {
    const log = await make();
    assert.equal(await log.has('alert:a:open', 'slack'), false);
    await log.add('alert:a:open', 'slack');
    assert.equal(await log.has('alert:a:open', 'slack'), true);
    assert.equal(await log.has('alert:a:open', 'email'), false);
    assert.equal(await log.has('alert:a:acknowledged', 'slack'), false);
  });

  test(`${name} SentLog contract: adding twice is harmless`, async () => {
    const log = await make();
    await log.add('k', 'c');
    await log.add('k', 'c');
    assert.equal(await log.has('k', 'c'), true);
  });

  test(`${name} SentLog contract: separators in keys or names cannot collide`, async () => {
    const log = await make();
    await log.add('b', 'x:a');
    assert.equal(await log.has('a:b', 'x'), false);
    assert.equal(await log.has('b', 'x:a'), true);
  });

  // Only persistent logs can be reopened; an in-memory one has no such case to run.
  if (reopen) {
    test(`${name} SentLog contract: survives a reopen`, async () => {
      const log = await make();
      await log.add('alert:z:open', 'pagerduty');
      const again = await reopen(log);
      assert.equal(await again.has('alert:z:open', 'pagerduty'), true);
    });
  }
}
