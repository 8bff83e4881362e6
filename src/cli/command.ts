/** One `crowdflow` subcommand. `run` returns the process exit code. */
export interface Command {
  readonly name: string;
  /** One line for `crowdflow --help`. */
  readonly summary: string;
  /** Full help for `crowdflow <name> --help`. */
  readonly usage: string;
  run(argv: readonly string[]): Promise<number>;
}
