/**
 * The shared forecaster contract (forecaster-contract.test.ts) for the learned model, whose factory
 * is async: valid records, horizons 1..10, ordered non-negative bands, deterministic, silent zones
 * left out; plus no tensor leaked per forecast.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { ZoneForecast } from '../../contracts/index.ts';
import { HORIZONS_MIN } from '../forecaster.ts';
import { feed, lineOnlyVenue, seededRandom } from '../test-fixtures.ts';
import { createLearnedForecaster, type LearnedOptions } from './forecaster.ts';
import { randomArtifact } from './test-fixtures.ts';

const START = Date.UTC(2026, 5, 1, 18);
const OPTS: LearnedOptions = {
  originMs: START, schedule: [{ stage: 'stage', startS: 300, endS: 900 }],
  arrivals: [{ gate: 'gate-w', count: 500, curve: [[0, 0], [600, 0.5], [1200, 1]] }],
};
const make = () => createLearnedForecaster(lineOnlyVenue(), randomArtifact(3), OPTS);

function series(seed: number): (zi: number, s: number) => number {
  const rnd = seededRandom(seed);
  const noise = Array.from({ length: 3 * 1200 }, () => rnd() - 0.5);
  return (zi, s) => Math.max(0, [300, 200, 350][zi]! * Math.sin((Math.PI * s) / 1200) + 30 * noise[zi * 1200 + s]!);
}

test('learned: valid, ordered, non-negative forecasts for every zone and horizon 1..10', async () => {
  const venue = lineOnlyVenue();
  for (const at of [5, 400, 700, 1100]) {
    const m = await make();
    const ts = feed(m, venue, START, at, series(7));
    const out = m.forecast(ts);
    assert.equal(out.length, venue.zones.length);
    for (const f of out) {
      ZoneForecast.parse(f);
      assert.equal(f.ts, ts);
      assert.equal(f.modelVersion, m.modelVersion);
      assert.match(f.modelVersion, /^learned@0\.0\.1\+[0-9a-f]{8}$/);
      assert.deepEqual(f.points.map((p) => p.horizonMin), [...HORIZONS_MIN]);
      for (const p of f.points) {
        assert.ok(p.occupancy.p10 >= 0 && p.occupancy.p10 <= p.occupancy.p50 && p.occupancy.p50 <= p.occupancy.p90, `${f.zoneId} h${p.horizonMin} occupancy band`);
        assert.ok(p.density.p10 <= p.density.p50 && p.density.p50 <= p.density.p90, `${f.zoneId} h${p.horizonMin} density band`);
      }
      assert.ok(f.pCongestion >= 0 && f.pCongestion <= 1);
      if (f.congestionEta !== null) assert.ok(f.congestionEta >= ts && f.congestionEta <= ts + 10 * 60_000);
    }
    m.dispose();
  }
});

test('learned: deterministic (two instances, same inputs, same forecasts)', async () => {
  const venue = lineOnlyVenue();
  const a = await make(), b = await make();
  const occ = series(11);
  assert.deepEqual(a.forecast(feed(a, venue, START, 800, occ)), b.forecast(feed(b, venue, START, 800, occ)));
  a.dispose(); b.dispose();
});

test('learned: no forecast for a zone whose occupancy is unknown, nor one silent for over a minute', async () => {
  const venue = lineOnlyVenue();
  const m = await make();
  const ts = feed(m, venue, START, 200, (zi, s) => (zi === 1 ? null : 50 + s / 10));
  assert.deepEqual(m.forecast(ts).map((f) => f.zoneId), ['plaza', 'pit']);
  const m2 = await make();
  feed(m2, venue, START, 120, () => 40);
  const ts2 = feed(m2, venue, START + 120_000, 90, (zi) => (zi === 2 ? null : 40));
  assert.deepEqual(m2.forecast(ts2).map((f) => f.zoneId), ['plaza', 'hall']);
  m.dispose(); m2.dispose();
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
