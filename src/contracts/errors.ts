/**
 * Every error the system reports to a user carries a stable code and says what was expected,
 * e.g. `CF_ERR_READING_SCHEMA: field ts must be an integer epoch in ms`.
 */
export type ErrorCode =
  | 'CF_ERR_READING_SCHEMA'
  | 'CF_ERR_READING_TOO_LARGE'
  | 'CF_ERR_READING_JSON'
  | 'CF_ERR_UNKNOWN_SENSOR'
  | 'CF_ERR_SENSOR_AUTH'
  | 'CF_ERR_SENSOR_KIND'
  | 'CF_ERR_TIMESTAMP'
  | 'CF_ERR_PERSONAL_DATA'
  | 'CF_ERR_VENUE'
  | 'CF_ERR_PLAYBOOK'
  | 'CF_ERR_CONFIG'
  | 'CF_ERR_RANGE'
  | 'CF_ERR_AUTH'
  | 'CF_ERR_FORBIDDEN'
  | 'CF_ERR_NOT_FOUND'
  | 'CF_ERR_CONFLICT'
  | 'CF_ERR_SCENARIO';

export class CrowdflowError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(`${code}: ${message}`);
    this.name = 'CrowdflowError';
  }
}

/** Reject an impossible parameter with its valid range: "`hopMs` 0 not in [100, 60000]". */
export function assertInRange(name: string, value: number, min: number, max: number): void {
  if (!(Number.isFinite(value) && value >= min && value <= max)) {
    throw new CrowdflowError('CF_ERR_RANGE', `\`${name}\` ${value} not in [${min}, ${max}]`);
  }
}
