/**
 * What the physics and learned forecasters take from a scenario: the stage schedule, the arrival
 * curves, how fast a released crowd leaves (the scenario's reaction spread) and the planned egress. One conversion for
 * the backtest, training and serving, so the three feed the models the same inputs.
 */
import type { Scenario } from '../sim/index.ts';
import type { PhysicsOptions } from './models/physics.ts';

export function scenarioForecastInputs(s: Scenario, originMs: number): PhysicsOptions {
  return {
    originMs,
    schedule: s.schedule.map((x) => ({ stage: x.stage, startS: x.startS, endS: x.endS })),
    arrivals: s.demand.map((d) => ({ gate: d.gate, count: d.count, curve: d.curve.map(([t, f]) => [t, f] as const) })),
    leaveSpreadS: Math.max(10, s.reactionSpreadS),
    // The simulator's people leave after the last show, each with a lag spread over egress.spreadS.
    ...(s.schedule.length > 0 ? { egress: { startS: Math.max(...s.schedule.map((x) => x.endS)), spreadS: Math.max(1, s.egress.spreadS) } } : {}),
  };
}
