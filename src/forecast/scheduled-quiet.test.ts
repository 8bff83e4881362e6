import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plannedChanges, quietSecondsAt } from './scheduled-quiet.ts';

const plan = {
  schedule: [{ stage: 'main', startS: 5400, endS: 8100 }],
  arrivals: [{ gate: 'g', count: 1000, curve: [[0, 0], [1200, 0], [4800, 1]] as [number, number][] }],
  leaveSpreadS: 180, gatherS: 600,
  egress: { startS: 8100, spreadS: 600 },
};

test('the plan\'s changes: arrivals between the curve\'s last 0 and first 1, a show\'s gathering and release, the egress', () => {
  assert.deepEqual(plannedChanges(plan), [[1200, 4800], [4800, 5400], [8100, 8280], [8100, 8700]]);
});

test('quiet seconds: 0 inside a change, the time to the next one between, Infinity after the last', () => {
  const ch = plannedChanges(plan);
  assert.equal(quietSecondsAt(ch, 600), 600, 'before the arrivals start');
  assert.equal(quietSecondsAt(ch, 3000), 0, 'arrivals under way');
  assert.equal(quietSecondsAt(ch, 5400), 0, 'the gathering ends at the show\'s start');
  assert.equal(quietSecondsAt(ch, 6000), 2100, 'mid-show: until its end');
  assert.equal(quietSecondsAt(ch, 8500), 0, 'egress under way');
  assert.equal(quietSecondsAt(ch, 9000), Infinity);
});

test('no plan, no change known; an arrival curve that never reaches 1 arrives for good', () => {
  assert.equal(quietSecondsAt(plannedChanges({}), 0), Infinity);
  const open = plannedChanges({ arrivals: [{ gate: 'g', count: 10, curve: [[0, 0], [600, 0.5]] }] });
  assert.deepEqual(open, [[0, Infinity]]);
  assert.equal(quietSecondsAt(open, 1e6), 0);
});
