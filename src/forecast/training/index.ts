/**
 * Training data for the learned forecaster: scenario variants (pure). Runs are generated and read
 * by src/cli/training-runs.ts; zone states come from the backtest's streaming replay (backtest/replay.ts).
 */
export {
  applyVariation, drawVariation, EGRESS_STRATEGY_WEIGHTS, identityVariation, MAX_VARIANT_DROPOUT, VARIANT_RANGES, varyScenario, warpCurve,
  type Variation, type VariantOptions,
} from './variants.ts';
