import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SensorReading, type EpochMs } from '../contracts/index.ts';
import { loadVenueFile } from '../venue/index.ts';
import { createSimulation, parseScenario, World } from '../sim/index.ts';
import { createVirtualSensors } from './index.ts';

const venue = loadVenueFile('venues/pilot-arena.yaml');
const world = new World(venue, 0.5);
const scenario = parseScenario({
  schema: 'crowdflow.scenario/v1', id: 'sensors', durationS: 120, seed: 5, routing: { cellM: 0.5 },
  demand: [{ gate: 'gate-nw', count: 200, curve: [[0, 0], [40, 1]] }, { gate: 'gate-w', count: 100, curve: [[0, 0], [40, 1]] }],
  initial: [{ zone: 'main-pit', count: 300 }, { zone: 'concourse-s', count: 200 }],
  schedule: [{ stage: 'main-stage', startS: 0, endS: 3600 }],
}, venue);
const START = 1_780_000_000_000;

test('every sensor of the venue reports valid readings at its period; exact without noise', () => {
  const sim = createSimulation(venue, scenario, { world });
  const bank = createVirtualSensors(venue, sim, { seed: 1, startEpochMs: START });
  const all: SensorReading[] = [];
  for (let t = 1; t <= 60; t++) {
    sim.advanceTo(t);
    all.push(...bank.read((START + t * 1000) as EpochMs));
  }
  for (const r of all) SensorReading.parse(r);
  assert.equal(new Set(all.map((r) => r.id)).size, all.length, 'reading ids are unique');
  for (const s of venue.sensors) {
    const n = new Set(all.filter((r) => r.sensorId === s.id).map((r) => r.ts)).size;
    assert.equal(n, Math.floor(60_000 / s.periodMs), `${s.id} (${s.kind}) every ${s.periodMs} ms`);
  }
  const kinds = new Set(all.map((r) => r.kind));
  assert.deepEqual([...kinds].sort(), ['line_count', 'ticket_scan', 'tracks', 'wifi_count', 'zone_count']);
  // Without noise the counts are the truth: cumulative line counts equal the crossings.
  const crossings = new Map(sim.crossings().map((c) => [c.id as string, c]));
  for (const s of venue.sensors) {
    if (s.kind !== 'line_count') continue;
    const mine = all.filter((r): r is Extract<SensorReading, { kind: 'line_count' }> => r.sensorId === s.id && r.kind === 'line_count');
    const truth = crossings.get((s.passage ?? s.gate)!)!;
    assert.equal(mine.reduce((t, r) => t + r.in, 0), truth.in, `${s.id} in`);
    assert.equal(mine.reduce((t, r) => t + r.out, 0), truth.out, `${s.id} out`);
  }
  const scans = all.filter((r) => r.kind === 'ticket_scan').reduce((t, r) => t + (r.kind === 'ticket_scan' ? r.entries : 0), 0);
  assert.equal(scans, sim.gateEntries().reduce((t, g) => t + g.entries, 0));
  assert.ok(scans > 50, `people entered (${scans})`);
  const last = all.filter((r) => r.kind === 'zone_count' && r.sensorId === 'cam-entry-nw').at(-1);
  assert.equal(last?.kind === 'zone_count' ? last.count : -1, sim.zoneTruth().find((z) => z.zoneId === 'entry-nw')!.occupancy);
  const tracks = all.filter((r) => r.kind === 'tracks' && r.sensorId === 'trk-main-pit').at(-1);
  assert.ok(tracks?.kind === 'tracks' && tracks.tracks.length > 100, 'the main pit camera sees the audience');
});

test('noise, latency and dropout change what arrives and when', () => {
  const sim = createSimulation(venue, scenario, { world });
  const bank = createVirtualSensors(venue, sim, {
    seed: 2, startEpochMs: START,
    noise: { zone_count: { sigma: 0.1, bias: -0.05, latencyMs: 2500, dropout: 0.2 } },
  });
  const got: { at: number; r: SensorReading }[] = [];
  for (let t = 1; t <= 60; t++) {
    sim.advanceTo(t);
    for (const r of bank.read((START + t * 1000) as EpochMs)) got.push({ at: START + t * 1000, r });
  }
  const zc = got.filter((g) => g.r.kind === 'zone_count');
  for (const g of zc) assert.ok(g.at - g.r.ts >= 2500, 'delivered no earlier than its latency');
  const expected = venue.sensors.filter((s) => s.kind === 'zone_count').length * 57;
  assert.ok(zc.length < expected * 0.9 && zc.length > expected * 0.65, `${zc.length} of ${expected} survived 20 % dropout`);
});

test('counters send running totals of what they counted, lost readings included; or none when the scenario says so', () => {
  let crossings = new Map<string, { in: number }>();
  const run = (counterTotals: boolean): SensorReading[] => {
    const sim = createSimulation(venue, scenario, { world });
    const bank = createVirtualSensors(venue, sim, {
      seed: 3, startEpochMs: START, counterTotals,
      noise: { line_count: { sigma: 0.1, bias: 0, latencyMs: 0, dropout: 0.3 }, ticket_scan: { sigma: 0, bias: 0, latencyMs: 0, dropout: 0.3 } },
    });
    const all: SensorReading[] = [];
    for (let t = 1; t <= 60; t++) {
      sim.advanceTo(t);
      all.push(...bank.read((START + t * 1000) as EpochMs));
    }
    crossings = new Map(sim.crossings().map((c) => [c.id as string, c]));
    return all;
  };
  const all = run(true);
  for (const r of all) SensorReading.parse(r);
  let gaps = 0, compared = 0;
  for (const s of venue.sensors) {
    if (s.kind !== 'line_count') continue;
    const mine = all.filter((r): r is Extract<SensorReading, { kind: 'line_count' }> => r.sensorId === s.id && r.kind === 'line_count');
    for (let k = 1; k < mine.length; k++) {
      // Totals grow by exactly the reading's own interval when nothing was lost in between.
      const contiguous = mine[k]!.ts - mine[k - 1]!.ts === s.periodMs;
      const grew = mine[k]!.totalIn! - mine[k - 1]!.totalIn!;
      if (contiguous) assert.equal(grew, mine[k]!.in, `${s.id} at ${mine[k]!.ts}`);
      else {
        gaps++;
        assert.ok(grew >= mine[k]!.in);
      }
    }
    const truth = crossings.get((s.passage ?? s.gate)!)!;
    // With 10 % count noise the register stays near the truth, whatever was lost.
    if (truth.in < 30) continue;
    compared++;
    assert.ok(Math.abs(mine.at(-1)!.totalIn! - truth.in) <= 0.2 * truth.in + 3, `${s.id}: ${mine.at(-1)!.totalIn} against ${truth.in}`);
  }
  assert.ok(compared >= 2, `registers compared with the truth: ${compared}`);
  assert.ok(gaps > 20, `readings were lost (${gaps} gaps)`);
  const scans = all.filter((r): r is Extract<SensorReading, { kind: 'ticket_scan' }> => r.kind === 'ticket_scan');
  assert.ok(scans.length > 0 && scans.every((r) => r.totalEntries !== undefined && r.totalEntries >= r.entries));
  const plain = run(false);
  assert.ok(plain.every((r) => !('totalIn' in r) && !('totalEntries' in r)), 'no totals when turned off');
  assert.equal(plain.length, all.length, 'the same readings otherwise');
});
