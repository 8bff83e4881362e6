import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateRuns, planRuns, readRunGroundTruth, readRunReadings, readRunScenario, runFiles, type ReadCounts } from './training-runs.ts';

function reading(i: number): string {
  return JSON.stringify({ schema: 'crowdflow.reading/v1', kind: 'line_count', id: `lc:${i}`, sensorId: 'lc', ts: 1_780_000_000_000 + i * 1000, intervalMs: 1000, in: i % 3, out: 0 });
}

test('a run dir is read line by line: valid readings in order, invalid ones counted, ground truth trimmed', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cf-run-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'readings.jsonl'), [reading(1), '{"schema":"nope"}', '', reading(2), reading(3)].join('\n') + '\n');
  writeFileSync(join(dir, 'ground-truth.jsonl'), [1, 2].map((s) => JSON.stringify({ tS: s, ts: 1_780_000_000_000 + s * 1000, zones: [{ zoneId: 'a', occupancy: s, meanSpeedMps: 1 }], crossings: {} })).join('\n'));
  const counts: ReadCounts = { lines: 0, invalid: 0 };
  const ids: string[] = [];
  for await (const r of readRunReadings(dir, counts)) ids.push(r.id);
  assert.deepEqual(ids, ['lc:1', 'lc:2', 'lc:3']);
  assert.deepEqual(counts, { lines: 4, invalid: 1 });
  const rows = [];
  for await (const row of readRunGroundTruth(dir)) rows.push(row);
  assert.deepEqual(rows, [1, 2].map((s) => ({ ts: 1_780_000_000_000 + s * 1000, zones: [{ zoneId: 'a', occupancy: s }] })));
  assert.equal(runFiles(dir).scenario, null);
});

test('a line that is not JSON names its file and line; a dir without readings is refused', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cf-run-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  assert.throws(() => runFiles(dir), /CF_ERR_NOT_FOUND: .*expected a run directory with readings.jsonl/);
  writeFileSync(join(dir, 'readings.jsonl'), reading(1) + '\n{oops\n');
  await assert.rejects(async () => { for await (const _ of readRunReadings(dir)) { /* drain */ } }, /readings.jsonl:2: expected one JSON object per line/);
});

test('generateRuns writes a complete run dir (readings, truth, summary, scenario, training.json) and resumes', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'cf-gen-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const root = join(import.meta.dirname, '..', '..');
  const plans = planRuns([{ venueFile: join(root, 'venues', 'harbour-stadium.yaml'), scenarioFile: join(root, 'scenarios', 'training', 'harbour-stadium.yaml') }], 2, 4);
  assert.deepEqual(plans.map((p) => p.variantSeed), [0, 4001]);
  const seen: string[] = [];
  const runs = await generateRuns({ plans: plans.slice(1), outDir: out, maxDurationS: 90, onRun: (r) => seen.push(r.dir) });
  const run = runs[0]!;
  assert.equal(run.dir, join(out, 'harbour-stadium', 'v4001'));
  assert.deepEqual(seen, [run.dir]);
  assert.equal(run.durationS, 90);
  assert.equal(run.skipped, false);
  const files = runFiles(run.dir);
  assert.ok(files.groundTruth && files.scenario && files.summary);
  let rows = 0;
  for await (const _ of readRunGroundTruth(run.dir)) rows++;
  assert.equal(rows, 90);
  let readings = 0;
  for await (const _ of readRunReadings(run.dir)) readings++;
  assert.equal(readings, run.readings);
  assert.ok(readings > 0);
  const scenario = readRunScenario(run.dir) as { id: string; seed: number };
  assert.equal(scenario.id, 'harbour-stadium-v4001');
  assert.equal(scenario.seed, run.variation.simSeed);
  const again = await generateRuns({ plans: plans.slice(1), outDir: out, maxDurationS: 90 });
  assert.equal(again[0]!.skipped, true);
  assert.equal(again[0]!.readings, run.readings);
});
