/** Every `crowdflow` subcommand, in the order `--help` lists them. */
import type { Command } from '../command.ts';
import { startCommand } from './start.ts';
import { serveCommand } from './serve.ts';
import { validateCommand } from './validate.ts';
import { edgeCommand } from './edge.ts';
import { rulesCommand } from './rules.ts';
import { simulateCommand } from './simulate.ts';
import { backtestCommand } from './backtest.ts';
import { trainCommand } from './train.ts';

export const COMMANDS: readonly Command[] = [startCommand, serveCommand, validateCommand, simulateCommand, trainCommand, backtestCommand, rulesCommand, edgeCommand];
