import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAgentFrames } from './agent-frames.ts';

test('frames reach subscribers in order; a late older frame is dropped until a reset', () => {
  const frames = createAgentFrames();
  const seen: number[] = [];
  const unsubscribe = frames.subscribe((f) => seen.push(f.ts));
  frames.push({ ts: 2, positions: [1, 1] });
  frames.push({ ts: 1, positions: [0, 0] });
  assert.deepEqual(seen, [2]);
  assert.deepEqual(frames.latest()?.positions, [1, 1]);
  frames.reset();
  frames.push({ ts: 1, positions: [0, 0] });
  assert.deepEqual(seen, [2, 1]);
  unsubscribe();
  frames.push({ ts: 3, positions: [] });
  assert.deepEqual(seen, [2, 1], 'no calls after unsubscribe');
  assert.equal(frames.latest()?.ts, 3);
});
