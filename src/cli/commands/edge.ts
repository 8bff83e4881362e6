import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startEdge } from '../../runtime/edge.ts';
import { intFlag, parseFlags } from '../args.ts';
import type { Command } from '../command.ts';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');

export const edgeCommand: Command = {
  name: 'edge',
  summary: 'run an edge gateway for a venue sector: local MQTT, anonymise, buffer on disk, forward upstream',
  usage: `crowdflow edge --upstream URL --gateway ID [--venue FILE] [--keys FILE] [--data DIR]
                [--host 0.0.0.0] [--mqtt-port 1883] [--max-buffer-mb 512] [--salt-rotate-hours 24]

Local sensors of the gateway's sector (venue file, \`gateways:\`) publish to this gateway's MQTT
broker exactly as they would to the server. The gateway hashes device identifiers with a
rotating in-memory salt, refuses payloads carrying personal data, validates every reading,
keeps it on disk and forwards it upstream (HTTP, in order, in batches). While the uplink is
down it buffers; when the buffer is full it drops the oldest camera tracks first and then
refuses new readings (QoS 1 sensors retry), never dropping counts.

  --upstream URL   the crowdflow server, e.g. http://control-room:8080
  --gateway ID     this gateway's id in the venue file
  --keys FILE      the server's sensor-keys.json (holds the gateway key and the sector's sensor keys)
                   or set CROWDFLOW_GATEWAY_KEY for the gateway key`,
  async run(argv) {
    const { values } = parseFlags(argv, {
      upstream: { type: 'string' }, gateway: { type: 'string' }, venue: { type: 'string' }, keys: { type: 'string' },
      data: { type: 'string' }, host: { type: 'string' }, 'mqtt-port': { type: 'string' },
      'max-buffer-mb': { type: 'string' }, 'salt-rotate-hours': { type: 'string' },
    });
    if (!values.upstream || !values.gateway) {
      console.error('crowdflow edge: --upstream URL and --gateway ID are required (see crowdflow edge --help)');
      return 2;
    }
    const keys = values.keys ? (JSON.parse(readFileSync(values.keys, 'utf8')) as Record<string, string>) : {};
    const gatewayKey = process.env.CROWDFLOW_GATEWAY_KEY ?? keys[values.gateway];
    if (!gatewayKey) {
      console.error(`crowdflow edge: no key for gateway "${values.gateway}": pass --keys FILE or set CROWDFLOW_GATEWAY_KEY`);
      return 2;
    }
    const edge = await startEdge({
      venueFile: resolve(values.venue ?? resolve(ROOT, 'venues', 'pilot-arena.yaml')),
      gatewayId: values.gateway,
      upstreamUrl: values.upstream,
      gatewayKey,
      sensorKeys: keys,
      dataDir: resolve(values.data ?? resolve(ROOT, '.crowdflow', `edge-${values.gateway}`)),
      mqtt: { host: values.host ?? '0.0.0.0', port: intFlag('mqtt-port', values['mqtt-port'], 1883, 0, 65535) },
      maxBufferBytes: intFlag('max-buffer-mb', values['max-buffer-mb'], 512, 1, 1_000_000) * 1024 * 1024,
      saltRotateMs: intFlag('salt-rotate-hours', values['salt-rotate-hours'], 24, 1, 168) * 3_600_000,
      log: (m) => console.log(`[edge ${values.gateway}] ${m}`),
    });
    console.log(`edge gateway "${edge.gateway.id}" for ${edge.gateway.sensors.size} sensors: MQTT ${edge.mqtt.url}, upstream ${values.upstream}, ${edge.buffer.count()} readings buffered`);
    await new Promise<void>((res) => {
      const stop = (): void => void edge.stop().then(res);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
