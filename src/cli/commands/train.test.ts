import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseLearnedArtifact } from '../../forecast/index.ts';
import { LINE_ONLY_VENUE_YAML } from '../../forecast/test-fixtures.ts';
import { trainCommand } from './train.ts';

/** Line counts filling the tiny venue at a run-specific pace: plaza → hall → pit. */
function writeRun(dir: string, pace: number): void {
  mkdirSync(dir, { recursive: true });
  const t0 = Date.UTC(2026, 5, 1, 18);
  const lines: string[] = [];
  for (let s = 1; s <= 1200; s++) {
    const ts = t0 + s * 1000;
    for (const [sensorId, inCount] of [['lc-gate', s % pace === 0 ? 2 : 0], ['lc-plaza-hall', s % (pace + 1) === 0 ? 1 : 0], ['lc-hall-pit', s % (2 * pace) === 0 ? 1 : 0]] as const) {
      lines.push(JSON.stringify({ schema: 'crowdflow.reading/v1', kind: 'line_count', id: `${sensorId}:${ts}`, sensorId, ts, intervalMs: 1000, in: inCount, out: 0 }));
    }
  }
  writeFileSync(join(dir, 'readings.jsonl'), lines.join('\n') + '\n');
}

async function quiet<T>(f: () => Promise<T>): Promise<{ value: T; out: string; err: string }> {
  const log = console.log, error = console.error;
  let out = '', err = '';
  console.log = (s: string) => { out += s + '\n'; };
  console.error = (s: string) => { err += s + '\n'; };
  try { return { value: await f(), out, err }; } finally { console.log = log; console.error = error; }
}

test('train replays run dirs, trains, writes a valid artifact and a summary; the cache skips the replay', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cf-train-'));
  try {
    writeFileSync(join(dir, 'venue.yaml'), LINE_ONLY_VENUE_YAML);
    for (const [name, pace] of [['a', 2], ['b', 3], ['c', 4]] as const) writeRun(join(dir, name), pace);
    const out = join(dir, 'models', 'tiny.json');
    const args = ['--runs', join(dir, 'a'), join(dir, 'b'), join(dir, 'c'), '--venue', join(dir, 'venue.yaml'), '--out', out,
      '--epochs', '1', '--hidden', '8', '--members', '2', '--warmup', '120', '--validation', `${basename(dir)}/c`, '--cache', join(dir, 'cache')];
    const first = await quiet(() => trainCommand.run(args));
    assert.equal(first.value, 0, first.err);
    const artifact = parseLearnedArtifact(JSON.parse(readFileSync(out, 'utf8')));
    const summary = JSON.parse(first.out) as { version: string; runs: { id: string; split: string }[] };
    assert.equal(summary.version, artifact.version);
    assert.deepEqual(summary.runs.map((r) => r.split), ['train', 'train', 'validation']);
    const cached = readdirSync(join(dir, 'cache'));
    assert.equal(cached.length, 3);
    // Keyed by the code that made the samples (the sources run here), not only by version constants.
    for (const f of cached) assert.match(f, /\.physics-ctm@\d+\.f\d+\.[0-9a-f]{10}\.json$/, f);
    const second = await quiet(() => trainCommand.run(args));
    assert.equal(second.value, 0);
    assert.match(second.err, /samples from .*cache/);
    assert.equal(JSON.parse(readFileSync(out, 'utf8')).version, artifact.version, 'same runs, same seed: same weights');
    // Run b simulated again under the same id (other readings): replayed, not read from b's old cache.
    writeRun(join(dir, 'b'), 5);
    const third = await quiet(() => trainCommand.run(args));
    assert.equal(third.value, 0);
    assert.match(third.err, /\/b: \d+ samples, \d+ onsets \(replayed/);
    assert.equal((third.err.match(/samples from .*cache/g) ?? []).length, 2, 'a and c from the cache');
    assert.equal(readdirSync(join(dir, 'cache')).length, 4);
    const bad = await quiet(() => trainCommand.run([...args.slice(0, -4), '--validation', 'nope/x']));
    assert.equal(bad.value, 1);
    assert.match(bad.err, /CF_ERR_CONFIG: validation run\(s\) nope\/x not among the runs/);
    const disabled = await quiet(() => trainCommand.run([...args, '--disable-features', 'confidence,degraded']));
    assert.equal(disabled.value, 0, disabled.err);
    const masked = parseLearnedArtifact(JSON.parse(readFileSync(out, 'utf8')));
    for (const name of ['confidence', 'degraded']) assert.equal(masked.norm.std[masked.features.indexOf(name)], 1e30, `${name} is not seen`);
    const unknown = await quiet(() => trainCommand.run([...args, '--disable-features', 'nope']));
    assert.equal(unknown.value, 1);
    assert.match(unknown.err, /disabled feature "nope" is not a feature/);
    assert.ok(existsSync(out));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
