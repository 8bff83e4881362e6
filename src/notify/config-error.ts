import { CrowdflowError } from '../contracts/index.ts';

/** A channel option that cannot work, reported when the channel is built. */
export function configError(message: string): CrowdflowError {
  return new CrowdflowError('CF_ERR_CONFIG', message);
}

export function requireNonEmpty(option: string, value: string | undefined): string {
  if (typeof value !== 'string' || value.trim() === '') throw configError(`\`${option}\` is empty; expected a non-empty string`);
  return value;
}
