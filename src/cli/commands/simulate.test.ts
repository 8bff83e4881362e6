import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SensorReading } from '../../contracts/index.ts';
import { simulateCommand } from './simulate.ts';

const VENUE = `schema: crowdflow.venue/v1
id: tiny
name: Tiny hall
capacity: 500
zones:
  - { id: hall, type: standing, capacity: 400, polygon: [[0, 0], [20, 0], [20, 10], [0, 10]] }
  - { id: lobby, type: entry, capacity: 100, polygon: [[20, 0], [26, 0], [26, 10], [20, 10]] }
passages:
  - { id: door, from: lobby, to: hall, opening: [[20, 3], [20, 7]] }
gates:
  - { id: main, zone: lobby, opening: [[26, 3], [26, 7]], serviceRatePerMin: 120 }
stages:
  - { id: stage, zone: hall, position: [-1, 5] }
sensors:
  - { id: lc-door, kind: line_count, passage: door }
  - { id: cam-hall, kind: zone_count, zone: hall }
  - { id: ts-main, kind: ticket_scan, gate: main, periodMs: 5000 }
`;

const SCENARIO = `schema: crowdflow.scenario/v1
id: tiny-show
venue: venue.yaml
durationS: 60
seed: 3
routing: { cellM: 0.25 }
demand:
  - { gate: main, count: 60, curve: [[0, 0], [30, 1]] }
schedule:
  - { stage: stage, startS: 0, endS: 600 }
`;

test('simulate writes ground truth, valid readings, a summary and a replay page', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cf-sim-'));
  try {
    writeFileSync(join(dir, 'venue.yaml'), VENUE);
    writeFileSync(join(dir, 'scenario.yaml'), SCENARIO);
    const out = join(dir, 'out');
    const code = await simulateCommand.run(['--scenario', join(dir, 'scenario.yaml'), '--out', out, '--duration', '40', '--html', '--quiet']);
    assert.equal(code, 0);
    const truth = readFileSync(join(out, 'ground-truth.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(truth.length, 40);
    const last = truth.at(-1);
    const hall = last.zones.find((z: { zoneId: string }) => z.zoneId === 'hall');
    assert.ok(hall.occupancy > 20, `people reached the hall (${hall.occupancy})`);
    const door = last.crossings.find((c: { id: string }) => c.id === 'door');
    assert.equal(door.in - door.out, hall.occupancy, 'everyone in the hall came through the door');
    const readings = readFileSync(join(out, 'readings.jsonl'), 'utf8').trim().split('\n').map((l) => SensorReading.parse(JSON.parse(l)));
    assert.equal(readings.filter((r) => r.sensorId === 'ts-main').length, 8);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    assert.equal(summary.scenarioId, 'tiny-show');
    assert.equal(summary.gates[0].entries, summary.agentsSpawned);
    assert.match(readFileSync(join(out, 'replay.html'), 'utf8'), /<canvas/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a bad scenario exits 1 with the file, line and path', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cf-sim-'));
  const errors: string[] = [];
  const original = console.error;
  console.error = (m: string) => { errors.push(String(m)); };
  try {
    writeFileSync(join(dir, 'venue.yaml'), VENUE);
    writeFileSync(join(dir, 'scenario.yaml'), SCENARIO.replace('gate: main', 'gate: side'));
    const code = await simulateCommand.run(['--scenario', join(dir, 'scenario.yaml'), '--out', join(dir, 'out'), '--quiet']);
    assert.equal(code, 1);
    assert.match(errors.join('\n'), /scenario.yaml:8:\d+ demand\[0\].gate: unknown gate "side"; expected one of main/);
  } finally {
    console.error = original;
    rmSync(dir, { recursive: true, force: true });
  }
});
