import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { startEmbedded } from '../../runtime/embedded.ts';
import { startScriptedFeed } from '../../runtime/demo-feed.ts';
import { prepareSimFeed } from '../../runtime/sim-feed.ts';
import { followerClock } from '../../runtime/clock.ts';
import { intFlag, parseFlags } from '../args.ts';
import type { Command } from '../command.ts';
import { printBanner, untilSignal } from './serve.ts';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');

export const startCommand: Command = {
  name: 'start',
  summary: 'the live demo: the pilot arena with a simulated crowd, console on http://127.0.0.1:8080/',
  usage: `crowdflow start [--port 8080] [--mqtt-port 1883] [--host 127.0.0.1] [--data DIR] [--fresh]
                [--feed sim|scripted] [--scenario FILE] [--speed 10] [--seed N]

Runs the embedded runtime for venues/pilot-arena.yaml with the default playbook, and a demo
feed whose virtual sensors publish over MQTT with their own keys:
  --feed sim       (default) the crowd simulator runs --scenario (default the pilot arena's full
                   event: ingress, two shows, interval, egress) at up to --speed times real time
                   (slower when the crowd is too big to step that fast); the whole runtime runs
                   on the simulation's clock, and the console can show the agents as dots
  --feed scripted  a lightweight scripted 10-minute loop (ingress, a surge, a jammed tunnel)
Prints the console URL and, on the first start, the admin password (or set
CROWDFLOW_ADMIN_PASSWORD). Data is kept in --data (default .crowdflow/demo); --fresh deletes it
first (do that when changing --speed: event times of an old run would not line up).`,
  async run(argv) {
    const { values } = parseFlags(argv, {
      port: { type: 'string' }, 'mqtt-port': { type: 'string' }, host: { type: 'string' },
      data: { type: 'string' }, fresh: { type: 'boolean' }, seed: { type: 'string' },
      feed: { type: 'string' }, scenario: { type: 'string' }, speed: { type: 'string' },
    });
    const feedKind = values.feed ?? 'sim';
    if (feedKind !== 'sim' && feedKind !== 'scripted') throw new Error(`--feed ${feedKind}: expected sim or scripted`);
    const speed = feedKind === 'sim' ? intFlag('speed', values.speed, 10, 1, 100) : 1;
    const wallStartMs = Date.now();
    const seed = intFlag('seed', values.seed, 42, 0, 2 ** 31);
    // With the simulator, processing time is the simulation's: at most --speed × real time, and
    // slower when 20,000 agents take longer to step (see docs/SIMULATOR.md for figures).
    const clock = followerClock(wallStartMs);
    const dataDir = resolve(values.data ?? resolve(ROOT, '.crowdflow', 'demo'));
    if (values.fresh) rmSync(dataDir, { recursive: true, force: true });
    const host = values.host ?? '127.0.0.1';
    const scenarioFile = resolve(values.scenario ?? resolve(ROOT, 'scenarios', 'pilot-full-event.yaml'));
    const venueFile = resolve(ROOT, 'venues', 'pilot-arena.yaml');
    // The simulator builds in its worker while the runtime starts; it publishes once attached.
    const prepared = feedKind === 'sim'
      ? prepareSimFeed({ venueFile, scenarioFile, speed, seed, startEpochMs: wallStartMs, wallStartMs, clock })
      : null;
    let rt: Awaited<ReturnType<typeof startEmbedded>>;
    try {
      rt = await startEmbedded({
        venue: venueFile,
        playbook: resolve(ROOT, 'rules', 'pilot-arena.yaml'),
        preset: resolve(ROOT, 'presets', 'stadium-concert.yaml'),
        dataDir,
        http: { host, port: intFlag('port', values.port, Number(process.env.PORT ?? 8080), 0, 65535) },
        mqtt: { host, port: intFlag('mqtt-port', values['mqtt-port'], 1883, 0, 65535) },
        tickMs: 1000,
        durability: 'normal',
        logLevel: 'warn',
        clock: feedKind === 'sim' ? clock : undefined,
        // The forecaster knows the simulated event's schedule and arrivals (t = 0 at wallStartMs).
        forecastScenario: feedKind === 'sim' ? { file: scenarioFile, originMs: wallStartMs } : undefined,
      });
    } catch (e) {
      await prepared?.feed.stop();
      throw e;
    }
    const feed = prepared !== null ? prepared.attach(rt) : startScriptedFeed(rt, { seed });
    printBanner(rt);
    console.log(feedKind === 'sim'
      ? `  feed:     crowd simulator, ${scenarioFile.replace(ROOT + '/', '')} at ${speed}× real time (toggle "Agents" on the console to see them)`
      : '  feed:     scripted demo event (ingress, show with a surge at the main stage, egress jamming tunnel N1)');
    console.log('Press Ctrl+C to stop.');
    await untilSignal(rt, () => feed.stop());
    return 0;
  },
};
