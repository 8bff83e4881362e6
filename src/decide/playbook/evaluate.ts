/**
 * Pure rule evaluation (after json-rules-engine's `evaluate(rules, facts) → {fired, trace}`):
 * conditions compile once into closures; `test` short-circuits and allocates nothing, `explain`
 * walks the whole tree and records every leaf with the fact's value and the threshold, so the
 * trace shows what held and what did not.
 */
import type { TraceStep } from '../../contracts/index.ts';
import { factsOf, type FactSource, type Facts } from './facts.ts';
import type { Condition } from './model.ts';
import { applyOperator } from './operators.ts';

export type Test = (facts: FactSource) => boolean;

export function compileTest(c: Condition): Test {
  switch (c.kind) {
    case 'fact': {
      const { fact, type, op, value } = c;
      return (f) => applyOperator(op, type, f.value(fact), value);
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
export function explain(c: Condition, facts: FactSource, negated = false, out: TraceStep[] = []): TraceStep[] {
  switch (c.kind) {
    case 'fact': {
      const actual = facts.value(c.fact);
      const held = applyOperator(c.op, c.type, actual, c.value);
      out.push({
        fact: c.fact,
        operator: negated ? `not ${c.op}` : c.op,
        value: c.value ?? null,
        actual,
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

export function evaluate(c: Condition, facts: FactSource | Partial<Facts>): { fired: boolean; trace: TraceStep[] } {
  const src = typeof (facts as FactSource).value === 'function' ? (facts as FactSource) : factsOf(facts as Partial<Facts>);
  return { fired: compileTest(c)(src), trace: explain(c, src) };
}
