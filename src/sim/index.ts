/** The crowd simulator: scenarios over a venue, the operational model, routing, journeys, truth. */
export { loadScenarioFile, parseScenario, ScenarioError, type Scenario } from './scenario-load.ts';
export { ScenarioSpec, SCENARIO_SCHEMA, EXIT_STRATEGIES, SCENARIO_DEFAULT_START_MS, scenarioStartMs, type ExitStrategy, type NoiseSpec } from './scenario-schema.ts';
export { createSimulation, type Simulation, type SimulationOptions, type AgentView } from './simulation.ts';
export type { ZoneTruth, CrossingTruth } from './truth.ts';
export type { SimSummary, GroupSummary, TimeStats } from './summary.ts';
export { World } from './world.ts';
export { LANE_SIDES, type LaneSide } from './lanes.ts';
export { DEFAULT_OPERATIONAL, DEFAULT_DT_S, type OperationalParams } from './params.ts';
export { SPEED_RANGES_MPS } from './profiles.ts';
export { Rng } from './rng.ts';
/** Weidmann (1993), shared with the stream and risk: src/venue/fundamental-diagram.ts. */
export { weidmannSpeed } from '../venue/index.ts';
