/** Minimal flag parsing on node:util parseArgs, with errors that say what was expected. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CrowdflowError } from '../contracts/index.ts';

export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(argv: readonly string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args: [...argv], options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
  } catch (e) {
    throw new CrowdflowError('CF_ERR_CONFIG', (e as Error).message);
  }
}

export function intFlag(name: string, value: string | undefined, dflt: number, min: number, max: number): number {
  if (value === undefined) return dflt;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new CrowdflowError('CF_ERR_RANGE', `--${name} ${value} not in [${min}, ${max}]`);
  return n;
}
