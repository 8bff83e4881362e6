import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadVenueFile } from '../venue/index.ts';
import { loadScenarioFile, parseScenario, ScenarioError } from './index.ts';

const venue = loadVenueFile('venues/pilot-arena.yaml');

test('the shipped pilot scenarios load', () => {
  for (const f of ['scenarios/pilot-full-event.yaml', 'scenarios/pilot-evacuation.yaml']) {
    const sc = loadScenarioFile(f, venue);
    assert.equal(sc.file, f);
    assert.ok(sc.durationS > 0);
  }
});

test('errors name the file, the line, the path and what was expected', () => {
  const text = [
    'schema: crowdflow.scenario/v1',
    'id: bad',
    'durationS: 600',
    'demand:',
    '  - gate: gate-q',
    '    count: 10',
    '    curve: [[0, 0], [60, 1]]',
    'schedule:',
    '  - { stage: main-stage, startS: 100, endS: 50 }',
    'dtS: 0.5',
  ].join('\n');
  const err = (() => { try { parseScenario(text, venue, 'scenarios/bad.yaml'); } catch (e) { return e; } return null; })();
  assert.ok(err instanceof ScenarioError);
  assert.match(err.message, /^CF_ERR_SCENARIO: scenarios\/bad.yaml/);
  assert.match(err.message, /scenarios\/bad.yaml:9:\d+ schedule\[0\]: endS must be after startS/);
  assert.match(err.message, /scenarios\/bad.yaml:10:\d+ dtS: .*0.1/);
});

test('references to the venue are checked with the valid choices', () => {
  const text = 'schema: crowdflow.scenario/v1\nid: bad\ndurationS: 60\ndemand:\n  - gate: gate-q\n    count: 10\n    curve: [[0, 0], [60, 0.5]]\n';
  assert.throws(() => parseScenario(text, venue, 's.yaml'), (e: Error) => {
    assert.match(e.message, /s.yaml:5:\d+ demand\[0\].gate: unknown gate "gate-q"; expected one of gate-nw/);
    assert.match(e.message, /demand\[0\].curve\[1\]: the curve must end at share 1/);
    return true;
  });
});
