/**
 * The demo path of `npm start`: the simulator in its worker thread, its virtual sensors
 * publishing over MQTT with their keys, the runtime on the simulation's clock, zone states and
 * the agent layer on the console.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { ConsoleMessage } from '../../src/contracts/index.ts';
import { followerClock } from '../../src/runtime/clock.ts';
import { startSimFeed } from '../../src/runtime/sim-feed.ts';
import { ConsoleClient, login, PILOT_VENUE, ROOT, startTestRuntime, tempDir, waitUntil } from './harness.ts';

type Agents = Extract<ConsoleMessage, { type: 'agents' }>;
type Snapshot = Extract<ConsoleMessage, { type: 'snapshot' }>;

test('the simulator feeds the runtime over MQTT and the console shows zones and agents', async () => {
  const dir = tempDir();
  const start = Date.now();
  const clock = followerClock(start);
  const rt = await startTestRuntime(dir.path, { tickMs: 500, clock });
  const errors: string[] = [];
  const feed = startSimFeed(rt, {
    venueFile: PILOT_VENUE, scenarioFile: join(ROOT, 'scenarios', 'pilot-full-event.yaml'),
    speed: 30, seed: 7, startEpochMs: start, wallStartMs: start, clock, onError: (m) => errors.push(m),
  });
  try {
    const consoleClient = await ConsoleClient.connect(rt.http.url, await login(rt.http.url));
    // Doors open at t = 0; within a simulated minute and a half people are through the gates.
    await waitUntil(() => (feed.status()?.tS ?? 0) >= 90, 60_000, 'ninety simulated seconds');
    const agents = await consoleClient.waitFor((m): m is Agents => m.type === 'agents' && m.positions.length > 0, 20_000);
    assert.equal(agents.positions.length % 2, 0);
    const b = rt.venue.bounds;
    for (let i = 0; i < agents.positions.length; i += 2) {
      const [x, y] = [agents.positions[i]!, agents.positions[i + 1]!];
      assert.ok(x >= b.minX - 1 && x <= b.maxX + 1 && y >= b.minY - 1 && y <= b.maxY + 1, `agent at ${x}, ${y} inside the venue`);
    }
    const snap = await consoleClient.waitFor((m): m is Snapshot => m.type === 'snapshot' && m.zones.some((z) => (z.state.occupancy ?? 0) > 0), 20_000);
    assert.ok(snap.ts >= start && snap.ts <= clock.now(), 'snapshots are stamped with the simulation clock');
    assert.ok(rt.store.log.count() > 100, `${rt.store.log.count()} readings through MQTT`);
    assert.equal(rt.store.deadLetters.count(), 0, 'every virtual reading is valid');
    assert.deepEqual(errors, []);
    consoleClient.close();
  } finally {
    await feed.stop();
    await rt.stop();
    dir.remove();
  }
});
