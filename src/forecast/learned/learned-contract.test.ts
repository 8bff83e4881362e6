/**
 * The learned model runs the shared forecaster contract (contract-suite.ts: its factory is async),
 * plus what only it has: the artifact's version in every record, no tensor leaked per forecast,
 * an artifact for other features refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { asEpochMs } from '../../contracts/index.ts';
import { CONTRACT_START, contractSeries as series, runForecasterContract } from '../contract-suite.ts';
import { feed, lineOnlyVenue, seededRandom } from '../test-fixtures.ts';
import { createPhysicsForecaster, PHYSICS_MODEL_NAME, PHYSICS_MODEL_REVISION } from '../models/physics.ts';
import { copyColumns, forecastsFromColumns } from '../forecast-columns.ts';
import { createLearnedForecaster, type LearnedOptions } from './forecaster.ts';
import { randomArtifact } from './test-fixtures.ts';

const START = CONTRACT_START;
const OPTS: LearnedOptions = {
  originMs: START, schedule: [{ stage: 'stage', startS: 300, endS: 900 }],
  arrivals: [{ gate: 'gate-w', count: 500, curve: [[0, 0], [600, 0.5], [1200, 1]] }],
};
const make = () => createLearnedForecaster(lineOnlyVenue(), randomArtifact(3), OPTS);

runForecasterContract({ name: 'learned', make, dispose: (m) => m.dispose() });

test('learned: the version names what is served (the artifact\'s semver + weights hash, and the physics its p50 is weighted with)', async () => {
  const venue = lineOnlyVenue();
  const m = await make();
  const ts = feed(m, venue, START, 400, series(7));
  for (const f of m.forecast(ts)) {
    assert.equal(f.modelVersion, m.modelVersion);
    // The plan (OPTS) is known, so persistence is a member too.
    assert.match(f.modelVersion, new RegExp(`^learned@0\\.0\\.1\\+[0-9a-f]{8}\\.skill\\.${PHYSICS_MODEL_NAME}-${PHYSICS_MODEL_REVISION}\\.persistence$`));
  }
  m.dispose();
  const alone = await createLearnedForecaster(venue, randomArtifact(3), { ...OPTS, skillWeighting: false });
  assert.match(alone.modelVersion, /^learned@0\.0\.1\+[0-9a-f]{8}$/);
  alone.dispose();
});

test('learned: no tensor leaks per forecast; dispose frees the weights', async () => {
  const venue = lineOnlyVenue();
  const before = tf.memory().numTensors;
  const m = await make();
  const withWeights = tf.memory().numTensors;
  assert.equal(withWeights - before, 4, 'one weight and one bias per layer (2 layers)');
  const occ = series(5);
  let ts = feed(m, venue, START, 400, occ);
  for (let k = 0; k < 20; k++) {
    m.forecast(ts);
    ts = feed(m, venue, ts + 1000, 5, occ);
  }
  assert.equal(tf.memory().numTensors, withWeights);
  m.dispose();
  assert.equal(tf.memory().numTensors, before);
  assert.throws(() => m.forecast(ts), /CF_ERR_CONFIG/);
});

test('learned: an artifact built for other features is refused with what to do', async () => {
  const a = randomArtifact(1);
  const renamed = { ...a, features: a.features.map((f, i) => (i === 0 ? 'something_else' : f)) };
  await assert.rejects(createLearnedForecaster(lineOnlyVenue(), renamed, OPTS), /CF_ERR_CONFIG.*retrain/);
});

test('learned: the served p50 combines the net and the physics by recent skill; band width and alarms are the net\'s', async () => {
  const venue = lineOnlyVenue();
  const on = await createLearnedForecaster(venue, randomArtifact(3), { ...OPTS, persistence: false });
  const off = await createLearnedForecaster(venue, randomArtifact(3), { ...OPTS, skillWeighting: false });
  const physics = createPhysicsForecaster(venue, OPTS);
  // 25 minutes of zones swinging by ±150 people over 20 minutes (with noise), a forecast every
  // 30 s (the weighting keeps and scores those).
  const rnd = seededRandom(9);
  const noise = Array.from({ length: 3 * 1500 }, () => rnd() - 0.5);
  const occ = (zi: number, s: number) => [300, 200, 350][zi]! + 150 * Math.sin((Math.PI * s) / 600 + zi) + 20 * noise[zi * 1500 + s]!;
  let ts = feed(on, venue, START, 1, occ);
  feed(off, venue, START, 1, occ); feed(physics, venue, START, 1, occ);
  for (let s = 1; s < 1500; s++) {
    const t = START + s * 1000;
    ts = feed(on, venue, t, 1, (z) => occ(z, s)); feed(off, venue, t, 1, (z) => occ(z, s)); feed(physics, venue, t, 1, (z) => occ(z, s));
    if (s % 30 === 0) { on.forecast(ts); off.forecast(ts); }
  }
  const a = on.forecast(ts), b = off.forecast(ts), p = physics.forecast(ts);
  assert.equal(a.length, b.length);
  let moved = 0;
  for (const f of a) {
    const g = b.find((x) => x.zoneId === f.zoneId)!, q = p.find((x) => x.zoneId === f.zoneId)!;
    assert.equal(f.pCongestion, g.pCongestion, `${f.zoneId}: alarms are the onset head's`);
    assert.equal(f.congestionEta, g.congestionEta);
    f.points.forEach((pt, h) => {
      const net = g.points[h]!.occupancy.p50, phys = q.points[h]!.occupancy.p50;
      assert.ok(pt.occupancy.p50 >= Math.min(net, phys) - 1e-9 && pt.occupancy.p50 <= Math.max(net, phys) + 1e-9, `${f.zoneId} h${h + 1}: ${pt.occupancy.p50} between ${net} and ${phys}`);
      assert.ok(Math.abs((pt.occupancy.p90 - pt.occupancy.p50) - (g.points[h]!.occupancy.p90 - net)) < 1e-6, 'the upper band keeps its width');
      if (Math.abs(pt.occupancy.p50 - net) > 1e-6) moved++;
    });
  }
  assert.ok(moved > 0, 'the weighting moved some forecast off the net\'s');
  on.dispose(); off.dispose();
});

test('learned: the planned egress reaches the physics inside it, as in training (scenarioForecastInputs)', async () => {
  const venue = lineOnlyVenue();
  const egress = { startS: 600, spreadS: 300 };
  const without = await createLearnedForecaster(venue, randomArtifact(3), { ...OPTS, skillWeighting: false });
  const withEgress = await createLearnedForecaster(venue, randomArtifact(3), { ...OPTS, egress, skillWeighting: false });
  // A steady crowd (the pit full); forecast at 700 s, the egress under way.
  const steady = (i: number) => [50, 100, 300, 200][i] ?? 0;
  const t1 = feed(without, venue, START, 700, steady);
  feed(withEgress, venue, START, 700, steady);
  const pit = (m: typeof without) => m.forecast(t1).find((f) => f.zoneId === 'pit')!.points[9]!.occupancy.p50;
  assert.ok(pit(withEgress) < pit(without) - 1, `the pit empties with the egress: ${pit(withEgress)} against ${pit(without)}`);
  without.dispose(); withEgress.dispose();
});

test('learned: persistence takes part only where the plan promises no change within the horizon', async () => {
  const venue = lineOnlyVenue();
  // The plan (OPTS): arrivals until 1200 s, the show's release until 1500 s; quiet from then on.
  const plain = await createLearnedForecaster(venue, randomArtifact(3), { ...OPTS, persistence: false });
  const persist = await make();
  const net = await createLearnedForecaster(venue, randomArtifact(3), { ...OPTS, skillWeighting: false });
  const physics = createPhysicsForecaster(venue, OPTS);
  assert.match(persist.modelVersion, /\.skill\.[a-z-]+-\d+\.persistence$/);
  const unplanned = await createLearnedForecaster(venue, randomArtifact(3), { originMs: START, persistence: true });
  assert.doesNotMatch(unplanned.modelVersion, /persistence/, 'without a plan nothing is known to stay quiet');
  unplanned.dispose();
  const rnd = seededRandom(4);
  const noise = Array.from({ length: 3 * 2700 }, () => rnd() - 0.5);
  // Crowds that hold, with noise: persistence is the member to beat.
  const occ = (zi: number, s: number) => [300, 200, 350][zi]! + 40 * noise[zi * 2700 + s]!;
  const models = [plain, persist, net, physics];
  let sameWhileChanging = 0, comparedWhileChanging = 0, moved = 0;
  for (let s = 0; s < 2700; s++) {
    let ts = asEpochMs(START);
    for (const m of models) ts = feed(m, venue, START + s * 1000, 1, (z) => occ(z, s));
    if (s % 30 !== 0) continue;
    const a = plain.forecast(ts), b = persist.forecast(ts);
    if (s < 1500) {
      for (let k = 0; k < a.length; k++) { comparedWhileChanging++; if (a[k]!.points[9]!.occupancy.p50 === b[k]!.points[9]!.occupancy.p50) sameWhileChanging++; }
    } else if (s >= 2400) {
      const n = net.forecast(ts), p = physics.forecast(ts);
      b.forEach((f, k) => {
        const members = [n[k]!.points[9]!.occupancy.p50, p[k]!.points[9]!.occupancy.p50, occ(k, s)];
        const v = f.points[9]!.occupancy.p50;
        assert.ok(v >= Math.min(...members) - 1e-9 && v <= Math.max(...members) + 1e-9, `${f.zoneId}: ${v} within ${members}`);
        if (Math.abs(v - a[k]!.points[9]!.occupancy.p50) > 1e-6) moved++;
      });
    }
  }
  assert.ok(comparedWhileChanging > 0 && sameWhileChanging === comparedWhileChanging, `while the plan changes the crowd, persistence takes no part (${sameWhileChanging}/${comparedWhileChanging} the same)`);
  assert.ok(moved > 0, 'once the plan is quiet and persistence has been scored, it moves the served p50');
  plain.dispose(); persist.dispose(); net.dispose();
});

test('learned: its flat columns are its records (forecast-columns.ts), reused call after call; a copy is the rows alone', async () => {
  const venue = lineOnlyVenue();
  const m = await make();
  const rnd = seededRandom(11);
  let ts = asEpochMs(START);
  for (let s = 0; s < 900; s++) ts = feed(m, venue, START + s * 1000, 1, (z) => [300, 200, 350][z]! + 20 * (rnd() - 0.5));
  const records = m.forecast(ts);
  const cols = m.forecastColumns(ts);
  assert.equal(cols.rows, records.length);
  const copy = copyColumns(cols);
  assert.deepEqual(forecastsFromColumns(venue, copy), records);
  assert.equal(copy.p50.length, cols.rows * 10);
  assert.ok(m.forecastColumns(ts).p50 === cols.p50, 'the model reuses its columns');
  assert.ok(copy.p50 !== cols.p50 && copy.p50.buffer !== cols.p50.buffer, 'a copy owns its buffers (transferable)');
  m.dispose();
});
