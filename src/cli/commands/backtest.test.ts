import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LINE_ONLY_VENUE_YAML } from '../../forecast/test-fixtures.ts';
import { backtestCommand, parseHorizonMin } from './backtest.ts';

test('--horizon takes whole minutes in [1m, 10m]', () => {
  assert.equal(parseHorizonMin('10m'), 10);
  assert.equal(parseHorizonMin('600s'), 10);
  assert.equal(parseHorizonMin('3'), 3);
  assert.throws(() => parseHorizonMin('11m'), /CF_ERR_RANGE: --horizon 11m not a whole number of minutes in \[1m, 10m\]/);
  assert.throws(() => parseHorizonMin('90s'), /CF_ERR_RANGE/);
});

test('backtest reads a venue and a readings file and writes a report for every model', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cf-backtest-'));
  try {
    writeFileSync(join(dir, 'venue.yaml'), LINE_ONLY_VENUE_YAML);
    const t0 = Date.UTC(2026, 5, 1, 18);
    const lines: string[] = [];
    for (let s = 1; s <= 900; s++) {
      const ts = t0 + s * 1000;
      for (const [sensorId, inCount] of [['lc-gate', s % 2], ['lc-plaza-hall', s % 4 === 0 ? 1 : 0], ['lc-hall-pit', 0]] as const) {
        lines.push(JSON.stringify({ schema: 'crowdflow.reading/v1', kind: 'line_count', id: `${sensorId}:${ts}`, sensorId, ts, intervalMs: 1000, in: inCount, out: 0 }));
      }
    }
    lines.push('{"schema":"crowdflow.reading/v1","kind":"line_count"}');
    writeFileSync(join(dir, 'readings.jsonl'), lines.join('\n') + '\n');
    const log = console.log;
    console.log = () => {};
    let code: number;
    try {
      code = await backtestCommand.run(['--venue', join(dir, 'venue.yaml'), '--readings', join(dir, 'readings.jsonl'), '--horizon', '5m', '--warmup', '120', '--out', join(dir, 'report.json')]);
    } finally {
      console.log = log;
    }
    assert.equal(code, 0);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { truth: string; invalidReadings: number; models: { model: string; perHorizon: { n: number }[] }[] };
    assert.equal(report.truth, 'replayed-states');
    assert.equal(report.invalidReadings, 1);
    assert.equal(report.models.length, 5);
    for (const m of report.models) assert.ok(m.perHorizon.length === 5 && m.perHorizon[0]!.n > 0, m.model);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--runs scores several run dirs (venue from training.json) and pools them with the targets per model', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cf-backtest-runs-'));
  try {
    const venueFile = join(dir, 'venue.yaml');
    writeFileSync(venueFile, LINE_ONLY_VENUE_YAML);
    const t0 = Date.UTC(2026, 5, 1, 18);
    const runs = [1, 2].map((k) => {
      const run = join(dir, `run-${k}`);
      mkdirSync(run);
      const lines: string[] = [], truth: string[] = [];
      let pit = 0;
      for (let s = 1; s <= 900; s++) {
        const ts = t0 + s * 1000;
        const toPit = s % (k + 1) === 0 ? 1 : 0;
        pit += toPit;
        for (const [sensorId, inCount] of [['lc-gate', toPit], ['lc-plaza-hall', toPit], ['lc-hall-pit', toPit]] as const) {
          lines.push(JSON.stringify({ schema: 'crowdflow.reading/v1', kind: 'line_count', id: `${sensorId}:${ts}`, sensorId, ts, intervalMs: 1000, in: inCount, out: 0 }));
        }
        truth.push(JSON.stringify({ ts, zones: [{ zoneId: 'plaza', occupancy: 0 }, { zoneId: 'hall', occupancy: 0 }, { zoneId: 'pit', occupancy: pit }] }));
      }
      writeFileSync(join(run, 'readings.jsonl'), lines.join('\n') + '\n');
      writeFileSync(join(run, 'ground-truth.jsonl'), truth.join('\n') + '\n');
      writeFileSync(join(run, 'training.json'), JSON.stringify({ venueFile }));
      return run;
    });
    const log = console.log, err = console.error;
    const errors: string[] = [];
    console.log = () => {};
    console.error = (m: string) => errors.push(m);
    let code: number;
    try {
      code = await backtestCommand.run(['--runs', ...runs, '--horizon', '5m', '--warmup', '120', '--out', join(dir, 'report.json')]);
    } finally {
      console.log = log;
      console.error = err;
    }
    assert.equal(code, 0, errors.join('\n'));
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as {
      aggregate: { runs: number; venues: string[]; models: { model: string; perHorizon: { n: number; sumAbsError: number }[]; targets: { allMet: boolean; wapeRatio10: { met: null } } }[] };
      runs: { dir: string; truth: string; models: unknown[] }[];
    };
    assert.equal(report.aggregate.runs, 2);
    assert.deepEqual(report.aggregate.venues, ['tiny-line']);
    assert.deepEqual(report.runs.map((r) => [r.dir, r.truth, r.models.length]), runs.map((r) => [r, 'ground-truth', 5]));
    for (const m of report.aggregate.models) {
      assert.equal(m.targets.wapeRatio10.met, null, 'a 5-minute horizon cannot judge the 10-minute target');
      assert.equal(m.targets.allMet, false);
    }
    assert.match(errors.join('\n'), /targets: 2 run\(s\) of tiny-line/);
    // A model file that is not an artifact is refused with its name.
    writeFileSync(join(dir, 'bad.json'), '{"schema":"nope"}');
    console.error = () => {};
    try {
      assert.equal(await backtestCommand.run(['--runs', runs[0]!, '--model', join(dir, 'bad.json')]), 1);
    } finally {
      console.error = err;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
