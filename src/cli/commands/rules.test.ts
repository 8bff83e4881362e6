import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zoneState } from '../../risk/test-helpers.ts';
import { loadVenueFile } from '../../venue/index.ts';
import { rulesCommand } from './rules.ts';

/** Captures console output of one command run. */
async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...a: unknown[]) => void out.push(a.join(' '));
  console.error = (...a: unknown[]) => void err.push(a.join(' '));
  try {
    const code = await rulesCommand.run(argv);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

test('rules check validates the shipped playbook', async () => {
  const r = await run(['check', 'rules/pilot-arena.yaml']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /valid playbook "pilot-arena-default" for venue "pilot-arena": \d+ rules/);
});

test('rules check reports a bad playbook with file and line, exit 1', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cf-rules-'));
  try {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'schema: crowdflow.playbook/v1\nid: bad\nvenue: pilot-arena\nrules:\n  - id: r\n    priority: 1\n    when: { fact: zone.density, op: gt, value: 4 }\n    then: [{ action: close_gate, gate: gate-x }]\n');
    const r = await run(['check', file]);
    assert.equal(r.code, 1);
    assert.match(r.err, /bad\.yaml:8:\d+ rules\[0\]\.then\[0\]\.gate: close_gate\.gate: unknown gate "gate-x"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing file or venue is a plain error, exit 1', async () => {
  const r = await run(['check', 'rules/nope.yaml']);
  assert.equal(r.code, 1);
  assert.match(r.err, /CF_ERR_CONFIG: cannot read rules\/nope\.yaml: ENOENT/);
  const v = await run(['check', 'rules/pilot-arena.yaml', '--venue', 'venues/nope.yaml']);
  assert.equal(v.code, 1);
  assert.match(v.err, /nope\.yaml/);
});

test('rules check --run dry-runs a recorded run and says what it would have recommended, and when', async () => {
  const venue = loadVenueFile('venues/pilot-arena.yaml');
  const dir = mkdtempSync(join(tmpdir(), 'cf-run-'));
  try {
    const t0 = Date.UTC(2026, 6, 14, 18, 0, 0);
    const lines: string[] = [];
    // 120 s: tunnel N1 fills from 1 to 7 p/m² and slows down; everything else stays quiet.
    for (let s = 0; s < 120; s++) {
      for (const z of venue.zones) {
        const tunnel = z.id === 'tunnel-n1';
        const density = tunnel ? 1 + (6 * s) / 119 : 0.5;
        lines.push(JSON.stringify(zoneState({
          zoneId: z.id, ts: t0 + s * 1000, density, speed: tunnel ? Math.max(0.05, 1.2 - density / 5) : 1.2,
          occupancy: Math.round(density * z.areaSqm),
        })));
      }
    }
    writeFileSync(join(dir, 'zone-states.jsonl'), lines.join('\n') + '\n');
    // A forecast at +10 s sees entry plaza NE congested in 8 minutes: only the model acts on P = 0.6.
    writeFileSync(join(dir, 'forecasts.jsonl'), JSON.stringify({
      schema: 'crowdflow.zone-forecast/v1', venueId: 'pilot-arena', zoneId: 'entry-ne', ts: t0 + 10_000, modelVersion: 't',
      points: [], pCongestion: 0.6, congestionThreshold: 4, congestionEta: t0 + 10_000 + 8 * 60_000,
    }) + '\n');
    const withMl = await run(['check', 'rules/pilot-arena.yaml', '--run', dir, '--ml']);
    assert.equal(withMl.code, 0, withMl.err);
    assert.match(withMl.out, /\(\+10 s\) SAFE +entry-ne meter_gate gate=gate-ne ratePerMin=67 \[proposed, ml\] ← forecast: Entry plaza NE congested in 8 min with P=0\.60/);
    const r = await run(['check', 'rules/pilot-arena.yaml', '--run', dir]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /ALERT .*in Tunnel N1/);
    assert.doesNotMatch(r.out, /entry-ne meter_gate/, 'the rules wait for P ≥ 0.7');
    assert.match(r.out, /tunnel-n1 redirect_flow from=tunnel-n1 to=tunnel-n2 signage=TUNNEL-N2 \[proposed\] ← Tunnel N1 congested/);
    assert.match(r.out, /dry run over 120 ticks \(119 s\)/);
    // Tunnel N1 reaches its 3 p/m² congestion density at s = 119·2/6 ≈ 40.
    const first = /tunnel-n1-congested +\d+ +first at \+(\d+) s/.exec(r.out);
    assert.ok(first, r.out);
    assert.ok(Number(first[1]) >= 25 && Number(first[1]) <= 41, `first at ${first[1]} s`);
    assert.match(r.out, /never fired: .*evacuate-lethal-density|never fired: .*unknown-zone-look/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('rules facts lists the registries; rules preset shows profiles per zone', async () => {
  const f = await run(['facts']);
  assert.equal(f.code, 0);
  assert.match(f.out, /zone\.density +number/);
  assert.match(f.out, /evacuate +evacuate a zone/);
  const p = await run(['preset', 'presets/stadium-concert.yaml']);
  assert.equal(p.code, 0, p.err);
  assert.match(p.out, /tunnel-n1 +corridor +Exit corridor/);
});
