/** Every built-in forecaster runs the shared contract (contract-suite.ts); a new model is added here. */
import {
  createDampedHoltForecaster, createLastValueForecaster, createLinearTrendForecaster, createPhysicsForecaster,
  createTimeOfDayForecaster,
} from './index.ts';
import { CONTRACT_START, runForecasterContract } from './contract-suite.ts';

runForecasterContract({ name: 'last-value', make: createLastValueForecaster });
runForecasterContract({ name: 'linear-trend', make: createLinearTrendForecaster });
runForecasterContract({ name: 'damped-holt', make: createDampedHoltForecaster });
runForecasterContract({ name: 'time-of-day', make: createTimeOfDayForecaster });
runForecasterContract({
  name: 'physics-ctm',
  make: (v) => createPhysicsForecaster(v, {
    originMs: CONTRACT_START, schedule: [{ stage: 'stage', startS: 300, endS: 900 }],
    arrivals: [{ gate: 'gate-w', count: 500, curve: [[0, 0], [600, 0.5], [1200, 1]] }],
  }),
});
