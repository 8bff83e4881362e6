/**
 * `crowdflow start` (what `npm start` runs), as a user runs it: it prints the console URL and the
 * admin credentials, and within 10 s the pilot arena's zones are changing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { api, login, ROOT, tempDir } from './harness.ts';

interface Zones { ts: number | null; zones: Array<{ state: { zoneId: string; occupancy: number | null } }> }

test('crowdflow start prints the URL and credentials, and the zones change within 10 s', async (t) => {
  const dir = tempDir();
  const env = { ...process.env };
  delete env.CROWDFLOW_ADMIN_PASSWORD;
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'crowdflow.js'), 'start', '--fresh', '--data', dir.path, '--port', '0', '--mqtt-port', '0'], {
    cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    const banner = await new Promise<{ url: string; password: string }>((resolve, reject) => {
      let url = '';
      const timer = setTimeout(() => reject(new Error('no banner within 60 s')), 60_000);
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const u = line.match(/console:\s+(http:\/\/\S+?)\/?$/);
        if (u) url = u[1]!;
        const p = line.match(/login:\s+admin \/ (\S+)/);
        if (p && url) {
          clearTimeout(timer);
          resolve({ url, password: p[1]! });
        }
      });
      child.once('exit', (code) => reject(new Error(`crowdflow start exited with ${code}`)));
    });
    const started = Date.now();
    const token = await login(banner.url, 'admin', banner.password);
    const occupancy = async (): Promise<Map<string, number | null>> =>
      new Map((await api<Zones>(banner.url, token, '/api/v1/zones')).body.zones.map((z) => [z.state.zoneId, z.state.occupancy]));
    let first: Map<string, number | null> | null = null;
    let changed = false;
    while (!changed && Date.now() - started < 10_000) {
      const now = await occupancy();
      if (first === null && [...now.values()].some((v) => v !== null)) first = now;
      else if (first !== null) changed = [...now].some(([id, v]) => v !== first!.get(id));
      await new Promise((r) => setTimeout(r, 500));
    }
    if (changed) t.diagnostic(`zones changed ${Date.now() - started} ms after the console was up`);
    assert.ok(changed, 'zone occupancies changed within 10 s of the console being up');
  } finally {
    child.kill('SIGTERM');
    await exited;
    dir.remove();
  }
});
