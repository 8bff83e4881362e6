export { runBacktest, type BacktestInput, type BacktestReport, type HorizonScore, type ModelReport } from './run-backtest.ts';
export { findOnsets, scoreOnsets, type Alarm, type Onset, type OnsetScore } from './onsets.ts';
export { TruthSeries, type GroundTruthRow } from './truth.ts';
