/** A loaded, checked playbook: rules as validated data, conditions compiled for evaluation. */
import type { ActionType, TraceStep } from '../../contracts/index.ts';
import type { ZoneType } from '../../venue/index.ts';
import type { FactName, FactSource, FactType } from './facts.ts';
import type { OperatorName } from './operators.ts';

export type Condition =
  | { readonly kind: 'all'; readonly of: readonly Condition[] }
  | { readonly kind: 'any'; readonly of: readonly Condition[] }
  | { readonly kind: 'not'; readonly of: Condition }
  | { readonly kind: 'fact'; readonly fact: FactName; readonly type: FactType; readonly op: OperatorName; readonly value: unknown };

/** One action template: params may hold variables ($zone, …) resolved when the rule fires. */
export interface ActionTemplate {
  readonly type: ActionType;
  readonly params: Readonly<Record<string, string | number | boolean | readonly string[]>>;
}

export interface Rule {
  readonly id: string;
  readonly description: string;
  /** Higher first. */
  readonly priority: number;
  /** null: every zone. */
  readonly zoneIds: ReadonlySet<string> | null;
  readonly zoneTypes: ReadonlySet<ZoneType> | null;
  readonly when: Condition;
  readonly then: readonly ActionTemplate[];
  readonly requiresApproval: boolean;
  /** Overrides the settings' recommendation cooldown for this rule. */
  readonly cooldownMs: number | null;
  /** Line of the rule in its file, for messages. */
  readonly line: number | null;
  /** Fast test without a trace; `explain` gives the trace once it fired. */
  readonly test: (facts: FactSource) => boolean;
  readonly explain: (facts: FactSource) => TraceStep[];
}

export interface ScheduleEntry {
  readonly id: string;
  readonly label: string;
  readonly stageId: string | null;
  /** Local minutes since midnight in the venue's timezone; end < start runs past midnight. */
  readonly startMin: number;
  readonly endMin: number;
}

export interface Playbook {
  readonly id: string;
  readonly venueId: string;
  readonly file: string;
  readonly description: string;
  readonly schedule: readonly ScheduleEntry[];
  /** Sorted by priority, highest first; disabled rules are dropped at load. */
  readonly rules: readonly Rule[];
}
