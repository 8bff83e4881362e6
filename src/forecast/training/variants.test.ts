import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadScenarioFile, parseScenario, type ScenarioSpec } from '../../sim/index.ts';
import { loadVenueFile } from '../../venue/index.ts';
import { applyVariation, drawVariation, VARIANT_RANGES, varyScenario, warpCurve } from './variants.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const BASES = ['riverside-festival', 'harbour-stadium', 'canal-arena'].map((id) => {
  const venue = loadVenueFile(join(ROOT, 'venues', `${id}.yaml`));
  const { file: _file, ...spec } = loadScenarioFile(join(ROOT, 'scenarios', 'training', `${id}.yaml`), venue);
  return { venue, base: spec as ScenarioSpec };
});

const within = (x: number, [lo, hi]: readonly [number, number]): boolean => x >= lo && x <= hi;

test('the same seed gives the same scenario; different seeds differ; the base is not changed', () => {
  const { base } = BASES[0]!;
  const before = JSON.stringify(base);
  const a = varyScenario(base, 17), b = varyScenario(base, 17), c = varyScenario(base, 18);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.scenario, c.scenario);
  assert.notEqual(a.scenario.seed, c.scenario.seed);
  assert.equal(JSON.stringify(base), before);
});

test('seed 0 is the base scenario itself', () => {
  for (const { base } of BASES) assert.deepEqual(varyScenario(base, 0).scenario, base);
});

test('every variant is a valid scenario of its venue with its draws in the documented ranges', () => {
  for (const { venue, base } of BASES) {
    for (let seed = 1; seed <= 40; seed++) {
      const { scenario: s, variation: v } = varyScenario(base, seed, { maxDurationS: 7200 });
      assert.doesNotThrow(() => parseScenario(s, venue), `seed ${seed}`);
      const R = VARIANT_RANGES;
      assert.ok(within(v.demandScale, R.demandScale) && v.demandLineScales.every((x) => within(x, R.demandLineScale)));
      assert.ok(within(v.arrivalStretch, R.arrivalStretch) && within(v.arrivalShiftS, R.arrivalShiftS));
      assert.ok(within(v.scheduleShiftS, R.scheduleShiftS) && v.showLengthScales.every((x) => within(x, R.showLengthScale)));
      assert.ok(within(v.noiseDropoutScale, R.noiseDropoutScale) && within(v.noiseSigmaScale, R.noiseSigmaScale));
      const total = s.demand.reduce((n, d) => n + d.count, 0), baseTotal = base.demand.reduce((n, d) => n + d.count, 0);
      assert.ok(total >= 0.7 * 0.8 * baseTotal - base.demand.length && total <= 1.3 * 1.2 * baseTotal + base.demand.length, `demand ${total}`);
      for (const d of s.demand) {
        assert.equal(d.curve[0]![0], 0, 'curves start at t = 0');
        assert.ok(d.curve.every(([t], i) => i === 0 || t > d.curve[i - 1]![0]), 'strictly increasing times');
      }
      s.schedule.forEach((show, i) => {
        const b = base.schedule[i]!;
        assert.equal(show.startS, Math.max(0, b.startS + v.scheduleShiftS));
        const ratio = (show.endS - show.startS) / (b.endS - b.startS);
        assert.ok(ratio >= 0.74 && ratio <= 1.26, `show length ratio ${ratio}`);
      });
      const lastEnd = Math.max(...s.schedule.map((x) => x.endS));
      assert.equal(s.durationS, Math.min(7200, lastEnd + s.egress.spreadS + 600), 'the egress is simulated');
      for (const n of Object.values(s.sensors.noise)) if (n) assert.ok(n.dropout <= 0.2 && n.sigma <= 5 && n.bias >= -0.9);
      assert.ok(s.reactionSpreadS >= 30 && s.reactionSpreadS <= 600);
    }
  }
});

test('a duration cap bounds the run; a non-integer or negative seed is refused', () => {
  const { base } = BASES[1]!;
  assert.equal(applyVariation(base, drawVariation(base, 5), { maxDurationS: 1000 }).durationS, 1000);
  assert.throws(() => drawVariation(base, -1), /`variantSeed` -1 not in \[0, 2147483647\]/);
  assert.throws(() => drawVariation(base, 1.5), /variantSeed/);
});

test('warpCurve stretches and shifts times, keeps shares and t = 0, stays increasing', () => {
  assert.deepEqual(warpCurve([[0, 0], [600, 0.2], [1200, 1]], 1.5, -100), [[0, 0], [800, 0.2], [1700, 1]]);
  assert.deepEqual(warpCurve([[0, 0], [100, 0.5], [200, 1]], 0.75, -300), [[0, 0], [1, 0.5], [2, 1]]);
});
