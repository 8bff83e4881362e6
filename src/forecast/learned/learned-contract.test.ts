/**
 * The learned model runs the shared forecaster contract (contract-suite.ts: its factory is async),
 * plus what only it has: the artifact's version in every record, no tensor leaked per forecast,
 * an artifact for other features refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { CONTRACT_START, contractSeries as series, runForecasterContract } from '../contract-suite.ts';
import { feed, lineOnlyVenue } from '../test-fixtures.ts';
import { createLearnedForecaster, type LearnedOptions } from './forecaster.ts';
import { randomArtifact } from './test-fixtures.ts';

const START = CONTRACT_START;
const OPTS: LearnedOptions = {
  originMs: START, schedule: [{ stage: 'stage', startS: 300, endS: 900 }],
  arrivals: [{ gate: 'gate-w', count: 500, curve: [[0, 0], [600, 0.5], [1200, 1]] }],
};
const make = () => createLearnedForecaster(lineOnlyVenue(), randomArtifact(3), OPTS);

runForecasterContract({ name: 'learned', make, dispose: (m) => m.dispose() });

test('learned: the version names the artifact (semver + weights hash)', async () => {
  const venue = lineOnlyVenue();
  const m = await make();
  const ts = feed(m, venue, START, 400, series(7));
  for (const f of m.forecast(ts)) {
    assert.equal(f.modelVersion, m.modelVersion);
    assert.match(f.modelVersion, /^learned@0\.0\.1\+[0-9a-f]{8}$/);
  }
  m.dispose();
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
