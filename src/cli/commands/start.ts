import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { startEmbedded } from '../../runtime/embedded.ts';
import { startScriptedFeed } from '../../runtime/demo-feed.ts';
import { intFlag, parseFlags } from '../args.ts';
import type { Command } from '../command.ts';
import { printBanner, untilSignal } from './serve.ts';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');

export const startCommand: Command = {
  name: 'start',
  summary: 'the live demo: the pilot arena with a sensor feed, console on http://127.0.0.1:8080/',
  usage: `crowdflow start [--port 8080] [--mqtt-port 1883] [--host 127.0.0.1] [--data DIR] [--fresh] [--seed N]

Runs the embedded runtime for venues/pilot-arena.yaml with the default playbook, and a demo
feed whose virtual sensors publish over MQTT with their own keys. Prints the console URL and,
on the first start, the admin password (or set CROWDFLOW_ADMIN_PASSWORD). Data is kept in
--data (default .crowdflow/demo); --fresh deletes it first.`,
  async run(argv) {
    const { values } = parseFlags(argv, {
      port: { type: 'string' }, 'mqtt-port': { type: 'string' }, host: { type: 'string' },
      data: { type: 'string' }, fresh: { type: 'boolean' }, seed: { type: 'string' },
    });
    const dataDir = resolve(values.data ?? resolve(ROOT, '.crowdflow', 'demo'));
    if (values.fresh) rmSync(dataDir, { recursive: true, force: true });
    const host = values.host ?? '127.0.0.1';
    const rt = await startEmbedded({
      venue: resolve(ROOT, 'venues', 'pilot-arena.yaml'),
      playbook: resolve(ROOT, 'rules', 'pilot-arena.yaml'),
      dataDir,
      http: { host, port: intFlag('port', values.port, Number(process.env.PORT ?? 8080), 0, 65535) },
      mqtt: { host, port: intFlag('mqtt-port', values['mqtt-port'], 1883, 0, 65535) },
      tickMs: 1000,
      durability: 'normal',
      logLevel: 'warn',
    });
    const feed = startScriptedFeed(rt, { seed: intFlag('seed', values.seed, 42, 0, 2 ** 31) });
    printBanner(rt);
    console.log('  feed:     scripted demo event (ingress, show with a surge at the main stage, egress jamming tunnel N1)');
    console.log('Press Ctrl+C to stop.');
    await untilSignal(rt, () => feed.stop());
    return 0;
  },
};
