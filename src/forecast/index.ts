/**
 * Forecasting: every zone's occupancy and density 1..10 minutes ahead with a band, P(congestion)
 * and an ETA; the naive baselines any model must beat, a physics (cell-transmission) model, and
 * the backtest that scores them on recorded readings. Public face of src/forecast.
 */
export { HORIZONS_MIN, MAX_HORIZON_MIN, type Forecaster } from './forecaster.ts';
export { normalCdf, randomWalkSigmas, zoneForecast, type ZonePath } from './band.ts';
export { ZoneHistory, BUCKET_MS } from './history.ts';
export { createLastValueForecaster } from './models/last-value.ts';
export { createLinearTrendForecaster, leastSquaresSlope } from './models/linear-trend.ts';
export { createDampedHoltForecaster, type DampedHoltParams } from './models/damped-holt.ts';
export { createTimeOfDayForecaster, type TimeOfDayForecaster, type TimeOfDayProfile } from './models/time-of-day.ts';
export {
  createPhysicsForecaster, curveSlopePerMin, MAX_SPECIFIC_FLOW_PPMS, PHYSICS_MODEL_VERSION,
  type ArrivalCurve, type PhysicsOptions, type ShowSlot,
} from './models/physics.ts';
export { JAM_DENSITY_PPSM } from './models/history-model.ts';
export { scenarioForecastInputs } from './scenario-inputs.ts';
export * from './backtest/index.ts';
export * from './forecast-columns.ts';
export { DriftMonitor, DEFAULT_DRIFT_OPTIONS, type DriftOptions, type DriftReport, type DriftStatus } from './drift.ts';
export * from './learned/index.ts';
export * from './training/index.ts';
