import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadScenarioFile } from '../sim/index.ts';
import { loadVenueFile } from '../venue/index.ts';
import { scenarioForecastInputs } from './scenario-inputs.ts';

test('a scenario gives the forecasters its schedule, arrival curves, reaction spread and planned egress', () => {
  const venue = loadVenueFile('venues/pilot-arena.yaml');
  const scenario = loadScenarioFile('scenarios/pilot-full-event.yaml', venue);
  const inputs = scenarioForecastInputs(scenario, 1_000);
  assert.equal(inputs.originMs, 1_000);
  assert.deepEqual(inputs.schedule, scenario.schedule.map((s) => ({ stage: s.stage, startS: s.startS, endS: s.endS })));
  assert.equal(inputs.arrivals?.length, scenario.demand.length);
  assert.equal(inputs.arrivals?.reduce((n, a) => n + a.count, 0), scenario.demand.reduce((n, d) => n + d.count, 0));
  assert.equal(inputs.leaveSpreadS, Math.max(10, scenario.reactionSpreadS));
  // The egress starts when the last show ends (not the first) and spreads as the scenario says.
  assert.deepEqual(inputs.egress, { startS: Math.max(...scenario.schedule.map((s) => s.endS)), spreadS: scenario.egress.spreadS });
  assert.ok(inputs.egress!.startS > scenario.schedule[0]!.endS);
  // No show, no planned egress.
  assert.equal(scenarioForecastInputs({ ...scenario, schedule: [] }, 0).egress, undefined);
});
