/**
 * The learned forecaster (TensorFlow.js): the physics forecast corrected per zone and horizon by a
 * small net trained on simulated events; its artifact format, features, training and calibration.
 */
export { createLearnedForecaster, type LearnedForecaster, type LearnedOptions } from './forecaster.ts';
export { parseLearnedArtifact, FORECAST_MODEL_SCHEMA, type LearnedArtifact } from './artifact.ts';
export { FEATURE_NAMES, FEATURE_COUNT, createFeatureExtractor, type FeatureExtractor, type FeatureFrame } from './features.ts';
export { createRunRecorder, decodeRunSamples, encodeRunSamples, ONSET_MASKED, type RunRecorder, type RunSamples } from './dataset.ts';
export { loadTf, type TfBackend } from './backend.ts';
export { calibrate, chooseOperatingPoint } from './calibration.ts';
