import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planPhases } from './phases.ts';

const T0 = 1_780_000_000_000;
const at = (s: number) => T0 + s * 1000;

test('phases of a two-show night: ingress, show, interval, show, egress', () => {
  const p = planPhases({ originMs: T0, schedule: [{ stage: 'side', startS: 9000, endS: 11700 }, { stage: 'main', startS: 5400, endS: 8100 }] });
  assert.deepEqual(p, [
    { name: 'ingress', fromMs: -Infinity, toMs: at(5400) },
    { name: 'show 1 (main)', fromMs: at(5400), toMs: at(8100) },
    { name: 'interval 1', fromMs: at(8100), toMs: at(9000) },
    { name: 'show 2 (side)', fromMs: at(9000), toMs: at(11700) },
    { name: 'egress', fromMs: at(11700), toMs: Infinity },
  ]);
});

test('overlapping shows, and one starting as another ends, are one phase naming every stage', () => {
  const p = planPhases({ originMs: T0, schedule: [
    { stage: 'a', startS: 100, endS: 300 }, { stage: 'b', startS: 200, endS: 400 }, { stage: 'c', startS: 400, endS: 500 },
    { stage: 'a', startS: 600, endS: 700 },
  ] });
  assert.deepEqual(p.map((x) => x.name), ['ingress', 'show 1 (a, b, c)', 'interval 1', 'show 2 (a)', 'egress']);
  assert.equal(p[1]!.toMs, at(500));
});

test('no schedule, no phases', () => {
  assert.deepEqual(planPhases({ originMs: T0 }), []);
  assert.deepEqual(planPhases({ originMs: T0, schedule: [] }), []);
});
