import { loadRuntimeConfig } from '../../runtime/config.ts';
import { startEmbedded, type EmbeddedRuntime } from '../../runtime/embedded.ts';
import { parseFlags } from '../args.ts';
import type { Command } from '../command.ts';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the ingest, processing and console server for a venue (no demo feed)',
  usage: `crowdflow serve --config FILE

Starts the embedded runtime: MQTT broker for sensors, HTTP API and console, processing. The
config file (YAML) names the venue, the playbook and where data is kept:

  venue: venues/pilot-arena.yaml     # paths are relative to the config file
  playbook: rules/pilot-arena.yaml
  preset: presets/stadium-concert.yaml   # optional: per-zone-type thresholds
  dataDir: .crowdflow/prod
  http: { host: 0.0.0.0, port: 8080 }
  mqtt: { host: 0.0.0.0, port: 1883 }
  tickMs: 1000                        # zone state hop
  durability: normal                  # or full: fsync every commit
  logLevel: warn

On the first start it prints the admin password once (or takes CROWDFLOW_ADMIN_PASSWORD) and
writes each sensor's key to <dataDir>/sensor-keys.json (mode 0600) for provisioning.`,
  async run(argv) {
    const { values } = parseFlags(argv, { config: { type: 'string', short: 'c' } });
    if (!values.config) {
      console.error('crowdflow serve: --config FILE is required (see crowdflow serve --help)');
      return 2;
    }
    const rt = await startEmbedded(loadRuntimeConfig(values.config));
    printBanner(rt);
    await untilSignal(rt);
    return 0;
  },
};

export function printBanner(rt: EmbeddedRuntime): void {
  console.log(`crowdflow is running for venue "${rt.venue.name}" (${rt.venue.zones.length} zones, ${rt.venue.sensors.length} sensors)`);
  console.log(`  console:  ${rt.http.url}/`);
  console.log(`  MQTT:     ${rt.mqtt.url}  (topic crowdflow/${rt.venue.id}/readings/<sensorId>)`);
  if (rt.generatedAdminPassword) {
    console.log(`  login:    ${rt.adminUsername} / ${rt.generatedAdminPassword}   (shown once: keep it)`);
  } else {
    console.log(`  login:    ${rt.adminUsername} (password set on first start or by CROWDFLOW_ADMIN_PASSWORD)`);
  }
}

/** Runs until SIGINT/SIGTERM, then stops cleanly (final checkpoint). */
export function untilSignal(rt: EmbeddedRuntime, extraStop?: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const stop = async (): Promise<void> => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      await extraStop?.();
      await rt.stop();
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
