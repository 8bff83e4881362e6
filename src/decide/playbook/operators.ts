/**
 * The operator registry: which operators apply to which fact types, what value they take, and
 * how they test. Levels compare by rank (SAFE < CAUTION < WARNING < CRITICAL). A null fact
 * satisfies only `is_null` (and fails every comparison): an unknown density is neither above
 * nor below a threshold.
 */
import { RISK_LEVELS, type RiskLevel } from '../../contracts/index.ts';
import type { FactType, FactValue } from './facts.ts';

export type OperatorName =
  | 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'between' | 'in' | 'not_in'
  | 'contains' | 'not_contains' | 'is_null' | 'not_null';

type ValueKind = 'scalar' | 'pair' | 'list' | 'string' | 'none';

interface OperatorSpec {
  readonly types: readonly FactType[];
  readonly value: ValueKind;
  readonly test: (actual: Exclude<FactValue, null>, value: unknown, type: FactType) => boolean;
}

const rank = (v: unknown): number => RISK_LEVELS.indexOf(v as RiskLevel);
const num = (v: unknown, type: FactType): number => (type === 'level' ? rank(v) : (v as number));
const ordered: readonly FactType[] = ['number', 'level'];

export const OPERATORS: Record<OperatorName, OperatorSpec> = {
  eq: { types: ['number', 'string', 'boolean', 'level'], value: 'scalar', test: (a, v) => a === v },
  ne: { types: ['number', 'string', 'boolean', 'level'], value: 'scalar', test: (a, v) => a !== v },
  gt: { types: ordered, value: 'scalar', test: (a, v, t) => num(a, t) > num(v, t) },
  gte: { types: ordered, value: 'scalar', test: (a, v, t) => num(a, t) >= num(v, t) },
  lt: { types: ordered, value: 'scalar', test: (a, v, t) => num(a, t) < num(v, t) },
  lte: { types: ordered, value: 'scalar', test: (a, v, t) => num(a, t) <= num(v, t) },
  /** Inclusive: value [lo, hi]. */
  between: {
    types: ordered, value: 'pair',
    test: (a, v, t) => { const [lo, hi] = v as [unknown, unknown]; const x = num(a, t); return x >= num(lo, t) && x <= num(hi, t); },
  },
  in: { types: ['number', 'string', 'level'], value: 'list', test: (a, v) => (v as unknown[]).includes(a) },
  not_in: { types: ['number', 'string', 'level'], value: 'list', test: (a, v) => !(v as unknown[]).includes(a) },
  contains: { types: ['string[]'], value: 'string', test: (a, v) => (a as readonly string[]).includes(v as string) },
  not_contains: { types: ['string[]'], value: 'string', test: (a, v) => !(a as readonly string[]).includes(v as string) },
  is_null: { types: ['number', 'string', 'boolean', 'level', 'string[]'], value: 'none', test: () => false },
  not_null: { types: ['number', 'string', 'boolean', 'level', 'string[]'], value: 'none', test: () => true },
};

export function isOperatorName(s: string): s is OperatorName {
  return Object.prototype.hasOwnProperty.call(OPERATORS, s);
}

export function applyOperator(op: OperatorName, type: FactType, actual: FactValue, value: unknown): boolean {
  if (actual === null) return op === 'is_null';
  return OPERATORS[op].test(actual, value, type);
}

/** Why `op` does not apply to a fact of `type`, or `value` does not fit it; null when all fits. */
export function checkOperand(op: OperatorName, type: FactType, value: unknown): { field: 'op' | 'value'; message: string } | null {
  const spec = OPERATORS[op];
  if (!spec.types.includes(type)) {
    const fits = (Object.keys(OPERATORS) as OperatorName[]).filter((o) => OPERATORS[o].types.includes(type));
    return { field: 'op', message: `operator "${op}" does not apply to a ${type} fact; expected one of ${fits.join(', ')}` };
  }
  const problem = checkValue(spec.value, op, type, value);
  return problem === null ? null : { field: 'value', message: problem };
}

function checkValue(kind: ValueKind, op: OperatorName, type: FactType, value: unknown): string | null {
  const scalarOk = (v: unknown): boolean => {
    if (type === 'number') return typeof v === 'number' && Number.isFinite(v);
    if (type === 'level') return RISK_LEVELS.includes(v as RiskLevel);
    if (type === 'boolean') return typeof v === 'boolean';
    return typeof v === 'string';
  };
  const what = type === 'level' ? `a level (${RISK_LEVELS.join(', ')})` : `a ${type === 'string[]' ? 'string' : type}`;
  switch (kind) {
    case 'none':
      return value === undefined ? null : `operator "${op}" takes no value`;
    case 'scalar':
      return scalarOk(value) ? null : `value must be ${what}`;
    case 'string':
      return typeof value === 'string' ? null : 'value must be a string';
    case 'pair':
      if (!Array.isArray(value) || value.length !== 2 || !value.every(scalarOk)) return `value must be [low, high], each ${what}`;
      return num(value[0], type) <= num(value[1], type) ? null : 'value must be [low, high] with low ≤ high';
    case 'list':
      return Array.isArray(value) && value.length > 0 && value.every(scalarOk) ? null : `value must be a non-empty list, each ${what}`;
  }
}
