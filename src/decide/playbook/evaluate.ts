/**
 * Pure rule evaluation (after json-rules-engine's `evaluate(rules, facts) → {fired, trace}`):
 * conditions compile once into closures; `test` short-circuits and allocates nothing, `explain`
 * walks the whole tree and records every leaf with the fact's value and the threshold, so the
 * trace shows what held and what did not.
 */
import type { TraceStep } from '../../contracts/index.ts';
import type { Facts } from './facts.ts';
import type { Condition } from './model.ts';
import { applyOperator } from './operators.ts';

export type Test = (facts: Facts) => boolean;

export function compileTest(c: Condition): Test {
  switch (c.kind) {
    case 'fact': {
      const { fact, type, op, value } = c;
      return (f) => applyOperator(op, type, f[fact], value);
    }
    case 'not': {
      const inner = compileTest(c.of);
      return (f) => !inner(f);
    }
    case 'all': {
      const parts = c.of.map(compileTest);
      return (f) => {
        for (const t of parts) if (!t(f)) return false;
        return true;
      };
    }
    case 'any': {
      const parts = c.of.map(compileTest);
      return (f) => {
        for (const t of parts) if (t(f)) return true;
        return false;
      };
    }
  }
}

/** Every leaf's outcome; a leaf under `not` is recorded with operator `not <op>` and the negated result. */
export function explain(c: Condition, facts: Facts, negated = false, out: TraceStep[] = []): TraceStep[] {
  switch (c.kind) {
    case 'fact': {
      const held = applyOperator(c.op, c.type, facts[c.fact], c.value);
      out.push({
        fact: c.fact,
        operator: negated ? `not ${c.op}` : c.op,
        value: c.value ?? null,
        actual: facts[c.fact],
        result: negated ? !held : held,
      });
      return out;
    }
    case 'not':
      return explain(c.of, facts, !negated, out);
    case 'all':
    case 'any':
      for (const part of c.of) explain(part, facts, negated, out);
      return out;
  }
}

export function evaluate(c: Condition, facts: Facts): { fired: boolean; trace: TraceStep[] } {
  return { fired: compileTest(c)(facts), trace: explain(c, facts) };
}
