/**
 * Stream processing: raw readings of every kind of field sensor → one fused ZoneState per zone
 * per hop, over sliding event-time windows with watermarks and allowed lateness, exactly once.
 * Public face of src/stream.
 */
export { DEFAULT_STREAM_CONFIG, resolveStreamConfig, type StreamConfig } from './config.ts';
export {
  createStreamProcessor, MAX_LATE_RECORDS, type StreamCheckpoint, type StreamProcessor,
} from './processor.ts';
export { weidmannSpeed, WEIDMANN } from '../venue/index.ts';
export {
  countCrossings, frameMetrics, normalisePressure, PRESSURE_FULL_SCALE_PER_S2,
  strictlyInside, type FrameMetrics, type PreviousFrame, type TrackMemory, type TrackPoint,
} from './tracks-metrics.ts';
export {
  coverageReliability, fuse, freshness, occupancyVariance, reconcile, RELIABILITY, type Candidate, type Fused,
} from './fusion.ts';
export { FusionReplay, type FusionAccuracy, type ReplayOptions, type TruthRow, type ZoneAccuracy } from './accuracy.ts';
