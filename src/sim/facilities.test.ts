import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureVenue, rect, scenarioObject } from './fixtures.ts';
import { createSimulation, parseScenario } from './index.ts';

// A hall with a stage and an exit, and a bar room off it through a 3 m door: one slow bar.
const venue = fixtureVenue('bar-hall', {
  zones: [{ id: 'hall', polygon: rect(0, 0, 20, 12), type: 'stage_front' }, { id: 'bar', polygon: rect(20, 3, 28, 9), type: 'facility' }],
  passages: [{ id: 'door', from: 'hall', to: 'bar', opening: [[20, 4.5], [20, 7.5]] }],
  gates: [{ id: 'exit', zone: 'hall', opening: [[0, 4], [0, 8]] }],
  stages: [{ id: 'stage', zone: 'hall', position: [2, 6] }],
  facilities: [{ id: 'bar-1', kind: 'bar', zone: 'bar', position: [27, 6], serviceRatePerMin: 6 }],
});

/** 150 people watch a 300 s show; each wants a drink about every 4 minutes (far above 6 served a minute). */
function run(maxWaitS: number): { peakBar: number; exited: number } {
  const sc = parseScenario(scenarioObject('thirsty', 900, {
    seed: 5,
    initial: [{ zone: 'hall', count: 150 }],
    schedule: [{ stage: 'stage', startS: 0, endS: 300 }],
    facilities: { showVisitsPerHour: 15, intervalVisitsPerHour: 15, dwellS: [5, 5], kindWeights: { bar: 1, toilet: 0, food: 0, merch: 0 }, maxWaitS },
    reactionSpreadS: 10,
    egress: { strategy: 'nearest', spreadS: 30 },
  }), venue);
  const sim = createSimulation(venue, sc);
  let peakBar = 0;
  for (let t = 10; t <= 900; t += 10) {
    sim.advanceTo(t);
    peakBar = Math.max(peakBar, sim.zoneTruth().find((z) => z.zoneId === 'bar')!.occupancy);
  }
  return { peakBar, exited: sim.summary().agentsExited };
}

test('people balk at a queue longer than maxWaitS, and a queue never holds anyone past egress', () => {
  const patient = run(7200), balking = run(60);
  // Without balking the queue grows with the demand (about 9 requests a minute against 6 served).
  assert.ok(patient.peakBar > 40, `no balking: peak ${patient.peakBar} people in the bar room`);
  // A 60 s wait at 6 a minute is about 6 people queued, plus those being served and walking in.
  assert.ok(balking.peakBar <= 20, `balking at 60 s: peak ${balking.peakBar} people in the bar room`);
  // Egress empties the bar too: those still queued when the show ends leave with everyone else.
  assert.equal(patient.exited, 150, `no balking: ${patient.exited} of 150 left`);
  assert.equal(balking.exited, 150, `balking: ${balking.exited} of 150 left`);
});
