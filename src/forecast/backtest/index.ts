export {
  runBacktest, runBacktestStream, type BacktestInput, type BacktestReport, type BacktestStreamInput, type HorizonScore, type ModelReport, type PhaseScore, type ZoneScore,
} from './run-backtest.ts';
export { planPhases, type Phase } from './phases.ts';
export { findOnsets, poolOnsetScores, scoreOnsets, type Alarm, type Onset, type OnsetScore } from './onsets.ts';
export { TruthSeries, type GroundTruthRow } from './truth.ts';
export {
  createReplay, replayStates, replayStatesSync, type Replay, type ReplayOptions, type ReplaySummary, type ReplayTick,
} from './replay.ts';
export {
  aggregateReports, checkTargets, ISSUE_TARGETS, type AggregateReport, type ModelAggregate, type TargetCheck, type TargetChecks,
} from './aggregate.ts';
