import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CrowdflowError } from '../../contracts/index.ts';
import { feed, lineOnlyVenue, seededRandom } from '../test-fixtures.ts';
import { decodeFloat32, encodeFloat32, parseLearnedArtifact } from './artifact.ts';
import { calibrate, chooseOperatingPoint, knotsFor } from './calibration.ts';
import { createRunRecorder, decodeRunSamples, encodeRunSamples, ONSET_MASKED, type RunSamples } from './dataset.ts';
import { FEATURE_COUNT } from './features.ts';
import { createLearnedForecaster } from './forecaster.ts';
import { randomArtifact } from './test-fixtures.ts';
import { DEFAULT_TRAIN_CONFIG, trainLearnedModel } from './train.ts';

const START = Date.UTC(2026, 5, 1, 18);

/** pit (threshold 3 p/m² × 100 m² = 300) rises through its threshold at second `crossS`; the others drift. */
function run(id: string, seed: number, crossS: number, seconds = 2400): RunSamples {
  const venue = lineOnlyVenue();
  const rnd = seededRandom(seed);
  const rec = createRunRecorder(venue, { originMs: START, runId: id });
  feed(rec, venue, START, seconds, (zi, s) => (zi === 2 ? Math.max(0, 300 + (s - crossS) * 0.5) : 200 + 100 * Math.sin(s / 300 + zi) + 10 * rnd()));
  return rec.finish();
}

test('float32 weights survive base64; a malformed artifact is refused saying what is wrong', () => {
  const v = Float32Array.from([0, -1.5, 3.25e-7, 1e30]);
  assert.deepEqual(decodeFloat32(encodeFloat32(v)), v);
  const a = randomArtifact(2);
  assert.throws(() => parseLearnedArtifact({ ...a, schema: 'x' }), /CF_ERR_CONFIG.*schema/);
  assert.throws(() => parseLearnedArtifact({ ...a, norm: { mean: [1], std: [1] } }), /CF_ERR_CONFIG.*one per feature/);
  assert.throws(() => parseLearnedArtifact({ ...a, members: [[{ ...a.members[0]![0]!, shape: [3, 3] }, ...a.members[0]!.slice(1)]] }), /expected 9/);
});

test('calibration: monotone, the operating point reads 0.5, ends fixed', () => {
  const k = knotsFor(0.2);
  assert.equal(calibrate(k, 0.2), 0.5);
  assert.equal(calibrate(k, 0), 0);
  assert.equal(calibrate(k, 1), 1);
  let prev = -1;
  for (let r = 0; r <= 1; r += 0.01) { const c = calibrate(k, r); assert.ok(c >= prev); prev = c; }
});

test('the operating point is the most recall at the target precision, scored as the backtest does', () => {
  // One onset at 900 s; a forecast every 30 s; scores rise in its last 10 min, one false alarm elsewhere at 0.5.
  const rows = [];
  for (let t = 0; t < 900; t += 30) rows.push({ zoneIndex: 0, tsMs: t * 1000, score: t >= 300 ? 0.4 + t / 3000 : 0.1 });
  rows.push({ zoneIndex: 1, tsMs: 0, score: 0.5 });
  const op = chooseOperatingPoint([{ onsets: [{ zoneIndex: 0, tsMs: 900_000 }], rows }], 0.8);
  assert.equal(op.score.recall, 1);
  assert.equal(op.score.medianLeadS, 600);
  assert.ok(op.score.precision! >= 0.8);
  assert.ok(op.rawThreshold > 0.1 && op.rawThreshold <= 0.5, `threshold ${op.rawThreshold}`);
});

test('samples: rows only where the 10-min truth exists; onset labels follow the backtest definition', () => {
  const s = run('a', 1, 1500);
  assert.equal(s.onsets.length, 1);
  assert.equal(s.x.length, s.rows * FEATURE_COUNT);
  const onsetMs = s.onsets[0]!.tsMs;
  for (let i = 0; i < s.rows; i++) {
    assert.ok(s.tsMs[i]! + 600_000 <= START + 2399_000, 'truth covers the longest horizon');
    if (s.zoneIndex[i] !== 2) { assert.equal(s.onsetClass[i], 0); continue; }
    const dt = onsetMs - s.tsMs[i]!;
    const expected = s.tsMs[i]! >= onsetMs ? ONSET_MASKED : dt <= 600_000 ? Math.ceil(dt / 60_000) : 0;
    assert.equal(s.onsetClass[i], expected, `pit at ${(s.tsMs[i]! - START) / 1000} s`);
  }
  const back = decodeRunSamples(JSON.parse(JSON.stringify(encodeRunSamples(s))))!;
  assert.deepEqual(back.onsetClass, s.onsetClass);
  assert.deepEqual(back.x, s.x);
});

test('training: seeded (same runs, same seed, same weights and version), split by run, a usable artifact', async () => {
  const runs = [run('a', 1, 1500), run('b', 2, 1200), run('c', 3, 1800)];
  const cfg = { ...DEFAULT_TRAIN_CONFIG, hidden: [8], epochs: 2, members: 2, validationRuns: ['c'] };
  const meta = { name: 'test', semver: '0.1.0', createdAt: '2026-06-01T00:00:00Z' };
  const a = await trainLearnedModel(runs, cfg, meta);
  const b = await trainLearnedModel(runs, cfg, meta);
  assert.equal(a.artifact.version, b.artifact.version);
  assert.match(a.artifact.version, /^0\.1\.0\+[0-9a-f]{8}$/);
  assert.deepEqual(a.artifact.trainingRuns.map((r) => [r.id, r.split]), [['a', 'train'], ['b', 'train'], ['c', 'validation']]);
  assert.equal(a.artifact.metrics.referenceWapeByHorizon.length, 10);
  assert.ok(a.epochLog.length >= 1 && a.epochLog.every((e) => Number.isFinite(e.trainLoss) && Number.isFinite(e.validationLoss)));
  const m = await createLearnedForecaster(lineOnlyVenue(), JSON.parse(JSON.stringify(a.artifact)), { originMs: START });
  assert.ok(m.version.startsWith(`${a.artifact.version}.skill.`), `${m.version} serves the artifact ${a.artifact.version}`);
  m.dispose();
  await assert.rejects(trainLearnedModel(runs.slice(0, 1), cfg, meta), CrowdflowError);
});
