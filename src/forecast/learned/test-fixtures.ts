/** An untrained artifact (seeded random weights) for the learned forecaster's tests (not public). */
import { FORECAST_MODEL_SCHEMA, parseLearnedArtifact, weightsHash, type LearnedArtifact } from './artifact.ts';
import { knotsFor } from './calibration.ts';
import { FEATURE_COUNT, FEATURE_NAMES } from './features.ts';
import { encodeLayers, initialWeights, OUTPUT_COUNT } from './net.ts';

export function randomArtifact(seed = 1, hidden: readonly number[] = [16]): LearnedArtifact {
  const members = [encodeLayers(initialWeights([FEATURE_COUNT, ...hidden, OUTPUT_COUNT], seed))];
  const ten = Array.from({ length: 10 }, (_, i) => 0.1 + 0.02 * i);
  return parseLearnedArtifact({
    schema: FORECAST_MODEL_SCHEMA, name: 'test', version: `0.0.1+${weightsHash(members.flat())}`, createdAt: '2026-06-01T00:00:00Z',
    features: [...FEATURE_NAMES], norm: { mean: new Array(FEATURE_COUNT).fill(0), std: new Array(FEATURE_COUNT).fill(1) },
    targetScale: 0.05, quantiles: [0.1, 0.5, 0.9], hidden: [...hidden], members, calibration: knotsFor(0.3), config: {}, trainingRuns: [],
    metrics: {
      referenceWapeByHorizon: ten, lastValueWapeByHorizon: ten, physicsWapeByHorizon: ten, bandCoverage: 0.8,
      alarm: { rawThreshold: 0.3, precision: null, recall: null, medianLeadS: null, onsets: 0 }, epochs: 0, trainLoss: 0, validationLoss: 0,
    },
  });
}
