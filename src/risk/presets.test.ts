import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { CrowdflowError } from '../contracts/index.ts';
import { assessRisk, DEFAULT_RISK_SETTINGS, parsePreset, presetProfile, riskSettingsForProfile } from './index.ts';
import { zoneState } from './test-helpers.ts';
import { ZONE_TYPES } from '../venue/index.ts';

const files = readdirSync('presets').filter((f) => f.endsWith('.yaml')).sort();
const load = (f: string) => parsePreset(readFileSync(`presets/${f}`, 'utf8'), `presets/${f}`);

test('the guide presets ship and load: metro, stadium/concert, festival/religious', () => {
  assert.deepEqual(files, ['exhibition-demo.yaml', 'festival-religious.yaml', 'metro.yaml', 'stadium-concert.yaml']);
  for (const f of files) {
    const p = load(f);
    assert.equal(`${p.id}.yaml`, f);
  }
});

test('every preset covers every zone type of the venue model exactly once', () => {
  for (const f of files) {
    const p = load(f);
    for (const t of ZONE_TYPES) assert.ok(presetProfile(p, t, 100), `${f} has no profile for ${t}`);
  }
});

test('a profile scales capacity with the real area and carries the guide densities', () => {
  const stadium = load('stadium-concert.yaml');
  // Guide: entry gate 25 m², capacity 100, WARNING ~150, CRITICAL ~190 → 4 per m², 6 and 7.6 p/m².
  const entry = presetProfile(stadium, 'entry', 600)!;
  assert.equal(entry.label, 'Entry gate');
  assert.equal(entry.capacity, 2400);
  assert.equal(entry.warningDensityPpsm, 6);
  assert.equal(entry.criticalDensityPpsm, 7.6);
  const s = riskSettingsForProfile(DEFAULT_RISK_SETTINGS, entry);
  assert.equal(s.triggers.extremeDensityPpsm, 6);
  // The preset's 7.6 p/m² CRITICAL is above the guide's lethal band: the floor stays at 7.
  assert.equal(s.triggers.criticalDensityPpsm, 7);
  // A preset whose CRITICAL density is below 7 lowers the floor to it.
  const gate = riskSettingsForProfile(DEFAULT_RISK_SETTINGS, { ...entry, criticalDensityPpsm: 6.5 });
  assert.equal(gate.triggers.criticalDensityPpsm, 6.5);
  assert.equal(assessRisk(zoneState({ density: 6.6, speed: 1.2 }), gate).level, 'CRITICAL');
  // Festival narrow passage: 48 / 8 = 6 p/m² too; metro platform 450 / 75 = 6.
  assert.equal(presetProfile(load('festival-religious.yaml'), 'corridor', 30)!.warningDensityPpsm, 6);
  assert.equal(presetProfile(load('metro.yaml'), 'standing', 30)!.warningDensityPpsm, 6);
  // The demo preset is stricter: 20 people on 3 m² is 6.67 p/m².
  const demo = riskSettingsForProfile(DEFAULT_RISK_SETTINGS, presetProfile(load('exhibition-demo.yaml'), 'plaza', 3));
  assert.equal(demo.triggers.extremeDensityPpsm, 6.67);
  assert.ok(!assessRisk(zoneState({ density: 6.5 }), demo).triggers.includes('extreme_density'));
  assert.ok(assessRisk(zoneState({ density: 6.5 }), DEFAULT_RISK_SETTINGS).triggers.includes('extreme_density'));
});

test('a bad preset names file, line and path', () => {
  const text = 'schema: crowdflow.preset/v1\nid: x\nname: X\nzones:\n  - { label: A, zoneTypes: [entry], areaSqm: 10, capacity: 40, warningAt: 60, criticalAt: 50 }\n  - { label: B, zoneTypes: [entry, hall], areaSqm: 10, capacity: 40, warningAt: 60, criticalAt: 75 }\n';
  assert.throws(() => parsePreset(text, 'p.yaml'), (e: unknown) => {
    assert.ok(e instanceof CrowdflowError && e.code === 'CF_ERR_CONFIG');
    assert.match(e.message, /p\.yaml:5:\d+ zones\[0\]\.criticalAt: criticalAt must be ≥ warningAt/);
    assert.match(e.message, /p\.yaml:6:\d+ zones\[1\]\.zoneTypes\[1\]: /);
    return true;
  });
});
