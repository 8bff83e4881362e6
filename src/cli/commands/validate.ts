import { loadVenueFile, VenueError } from '../../venue/index.ts';
import { parseFlags } from '../args.ts';
import type { Command } from '../command.ts';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check a venue file and report every problem with file, line and path',
  usage: `crowdflow validate FILE

Checks a venue YAML (crowdflow.venue/v1): schema, references between zones, passages, gates,
stages, facilities and sensors, polygon geometry and openings. Exit code 0 when valid, 1 when not.`,
  async run(argv) {
    const { positionals } = parseFlags(argv, {});
    if (positionals.length !== 1) {
      console.error('usage: crowdflow validate FILE');
      return 2;
    }
    try {
      const v = loadVenueFile(positionals[0]!);
      const area = v.zones.reduce((s, z) => s + z.areaSqm, 0);
      console.log(`${positionals[0]}: valid venue "${v.id}" — ${v.zones.length} zones (${Math.round(area)} m²), ${v.passages.length} passages, ${v.gates.length} gates, ${v.stages.length} stages, ${v.facilities.length} facilities, ${v.sensors.length} sensors`);
      return 0;
    } catch (e) {
      if (e instanceof VenueError) {
        console.error(e.message);
        return 1;
      }
      throw e;
    }
  },
};
