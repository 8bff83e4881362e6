/** `crowdflow <command> [options]`: see `crowdflow --help`. */
import { CrowdflowError } from '../contracts/index.ts';
import type { Command } from './command.ts';
import { COMMANDS } from './commands/index.ts';

function help(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `crowdflow: predict and prevent dangerous crowding at mega-events

usage: crowdflow <command> [options]     (crowdflow <command> --help for details)

commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}
`;
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(help(COMMANDS));
    return name ? 0 : 2;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    console.error(`unknown command "${name}"\n\n${help(COMMANDS)}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(cmd.usage);
    return 0;
  }
  try {
    return await cmd.run(rest);
  } catch (e) {
    if (e instanceof CrowdflowError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
}

const code = await main(process.argv.slice(2));
if (code !== 0) process.exitCode = code;
