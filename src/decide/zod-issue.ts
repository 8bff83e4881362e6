/**
 * Zod issues in the house style of error messages, saying what was expected:
 * "2 not ≤ 1", "unknown field(s) colour", "expected number, got string".
 */
import type { z } from 'zod';

export function issueText(iss: z.core.$ZodIssue, input: unknown): string {
  const actual = valueAt(input, iss.path);
  switch (iss.code) {
    case 'unrecognized_keys':
      return `unknown field(s) ${iss.keys.join(', ')}`;
    case 'too_big':
      return typeof actual === 'number' ? `${actual} not ${iss.inclusive ? '≤' : '<'} ${String(iss.maximum)}` : iss.message;
    case 'too_small':
      return typeof actual === 'number' ? `${actual} not ${iss.inclusive ? '≥' : '>'} ${String(iss.minimum)}` : iss.message;
    default:
      return iss.message;
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let at: unknown = input;
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}
