/**
 * The forecast service with a learned-model artifact: the worker loads it (TensorFlow.js, wasm
 * backend, in a worker thread), every forecast carries the served version (the artifact's, and the
 * physics its p50 is weighted with), and the drift monitor gets the artifact's reference WAPE.
 * The artifact is the learned model's untrained test artifact (seeded weights): this checks
 * serving, not skill.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { asEpochMs, ZoneForecast, type EpochMs } from '../../src/contracts/index.ts';
import { randomArtifact } from '../../src/forecast/learned/test-fixtures.ts';
import { PHYSICS_MODEL_NAME, PHYSICS_MODEL_REVISION } from '../../src/forecast/models/physics.ts';
import { stateOf } from '../../src/forecast/test-fixtures.ts';
import { startForecastService } from '../../src/runtime/forecast-service.ts';
import { loadVenueFile } from '../../src/venue/index.ts';
import { PILOT_VENUE, tempDir } from './harness.ts';

test('a learned artifact is served from the worker with its version, and drift compares with its reference', async () => {
  const dir = tempDir();
  const artifact = randomArtifact(3);
  const file = join(dir.path, 'model.json');
  writeFileSync(file, JSON.stringify(artifact));
  const venue = loadVenueFile(PILOT_VENUE);
  const received: { forecasts: ZoneForecast[]; ts: EpochMs }[] = [];
  const logs: string[] = [];
  const start = Date.UTC(2026, 5, 1, 18);
  const svc = startForecastService({
    venue, venueFile: PILOT_VENUE, artifactFile: file, startMs: start, everyS: 5,
    onForecasts: (forecasts, ts) => received.push({ forecasts, ts }), log: (m) => logs.push(m),
  });
  try {
    // Event time 1 s per 20 ms until two forecasts came back (the model loads in seconds).
    for (let s = 0; s < 3000 && received.length < 2; s++) {
      const ts = asEpochMs(start + s * 1000);
      svc.submit(venue.zones.map((z, i) => stateOf(venue, z.id, ts, 20 + i + 0.1 * s)), ts);
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(received.length >= 2, `forecasts received: ${received.length}; ${logs.join('\n')}`);
    // The model is named "learned", versioned by its artifact and, served skill-weighted, the physics inside.
    const version = `learned@${artifact.version}.skill.${PHYSICS_MODEL_NAME}-${PHYSICS_MODEL_REVISION}`;
    for (const { forecasts, ts } of received) {
      assert.equal(forecasts.length, venue.zones.length);
      for (const f of forecasts) {
        ZoneForecast.parse(f);
        assert.equal(f.modelVersion, version);
        assert.equal(f.ts, ts);
      }
    }
    const status = svc.status();
    assert.equal(status.state, 'ok');
    assert.equal(status.modelVersion, version);
    assert.deepEqual(status.drift?.referenceWapeByHorizon, artifact.metrics.referenceWapeByHorizon);
    assert.equal(status.drift?.status, 'insufficient_data', 'a reference, but nothing matched yet');
    assert.ok(svc.inference.count >= 2);
  } finally {
    await svc.stop();
    dir.remove();
  }
});
