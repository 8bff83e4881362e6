/**
 * Loads a playbook from YAML: structure (zod), then every condition against the fact and
 * operator registries and every action against the action registry, and, given the venue,
 * every zone, gate and stage id. All problems are reported at once, each with file, line and
 * path: `rules/x.yaml:12:9 rules[2].when.all[0].fact: unknown fact "zone.densty"; …`.
 */
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { ActionType, CrowdflowError } from '../../contracts/index.ts';
import { ZONE_TYPES, formatIssue, formatPath, locator, type Venue, type VenueIssue, type ZoneType } from '../../venue/index.ts';
import { ACTIONS, VARIABLES, elementType, type ParamSpec } from './actions.ts';
import { compileTest, explain } from './evaluate.ts';
import { FACTS, isFactName } from './facts.ts';
import type { ActionTemplate, Condition, Playbook, Rule, ScheduleEntry } from './model.ts';
import { OPERATORS, checkOperand, isOperatorName } from './operators.ts';
import { issueText } from '../zod-issue.ts';

export const PLAYBOOK_SCHEMA = 'crowdflow.playbook/v1';

export type PlaybookIssue = VenueIssue;

export class PlaybookError extends CrowdflowError {
  constructor(readonly file: string, readonly issues: readonly PlaybookIssue[]) {
    super('CF_ERR_PLAYBOOK', `${file}: ${issues.length} problem(s)\n${issues.map((i) => formatIssue(file, i)).join('\n')}`, issues);
  }
}

const id = z.string().min(1).max(48).regex(/^[a-z0-9][a-z0-9_.-]*$/, 'lower-case letters, digits, and _ . - (not first)');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time "HH:MM" (24 h)');

const RuleSpec = z.object({
  id,
  description: z.string().max(500).optional(),
  priority: z.number().int().min(0).max(1000),
  zones: z.object({
    ids: z.array(z.string().min(1)).min(1).optional(),
    types: z.array(z.enum(ZONE_TYPES)).min(1).optional(),
  }).strict().optional(),
  when: z.unknown(),
  then: z.array(z.unknown()).min(1, 'a rule needs at least one action'),
  requiresApproval: z.boolean().default(false),
  cooldownS: z.number().int().min(0).max(86_400).optional(),
  enabled: z.boolean().default(true),
}).strict();

const ScheduleSpec = z.object({
  id,
  label: z.string().max(200).optional(),
  stage: z.string().min(1).optional(),
  start: hhmm,
  end: hhmm,
}).strict();

const PlaybookSpec = z.object({
  schema: z.literal(PLAYBOOK_SCHEMA),
  id,
  venue: z.string().min(1),
  description: z.string().max(2000).optional(),
  schedule: z.array(ScheduleSpec).default([]),
  /** Each rule is checked on its own (RuleSpec), so one bad rule does not hide the others' problems. */
  rules: z.array(z.unknown()).min(1, 'a playbook needs at least one rule'),
}).strict();

type Path = readonly PropertyKey[];
type Report = (path: Path, message: string) => void;

/** Parses and checks a playbook; with `venue`, also checks every id against it. Throws PlaybookError. */
export function parsePlaybook(text: string, file = '<playbook>', venue?: Venue): Playbook {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const locate = locator(doc, lc);
  if (doc.errors.length > 0) {
    throw new PlaybookError(file, doc.errors.map((e) => {
      const pos = lc.linePos(e.pos[0]);
      return { path: '', line: pos.line, column: pos.col, message: `YAML: ${e.message.split('\n')[0]}` };
    }));
  }
  const issues: PlaybookIssue[] = [];
  const report: Report = (path, message) => {
    const pos = locate(path);
    issues.push({ path: formatPath(path), line: pos?.line ?? null, column: pos?.column ?? null, message });
  };
  const zodIssues = (error: z.ZodError, at: Path, input: unknown): void => {
    for (const iss of error.issues) report([...at, ...iss.path], issueText(iss, input));
  };
  const raw: unknown = doc.toJS();
  const parsed = PlaybookSpec.safeParse(raw);
  if (!parsed.success) {
    zodIssues(parsed.error, [], raw);
    throw new PlaybookError(file, issues);
  }
  const spec = parsed.data;
  const refs = venue ? venueRefs(venue) : null;
  if (venue && spec.venue !== venue.id) report(['venue'], `playbook is for venue "${spec.venue}", not "${venue.id}"`);

  const schedule: ScheduleEntry[] = [];
  const scheduleIds = new Set<string>();
  spec.schedule.forEach((s, i) => {
    if (scheduleIds.has(s.id)) report(['schedule', i, 'id'], `duplicate schedule id "${s.id}"`);
    scheduleIds.add(s.id);
    if (s.stage !== undefined && refs && !refs.stage.has(s.stage)) report(['schedule', i, 'stage'], unknownRef('stage', s.stage, refs.stage));
    schedule.push({ id: s.id, label: s.label ?? s.id, stageId: s.stage ?? null, startMin: minutes(s.start), endMin: minutes(s.end) });
  });

  const rules: Rule[] = [];
  const ruleIds = new Set<string>();
  spec.rules.forEach((ruleRaw, i) => {
    const at = ['rules', i];
    const ruleParsed = RuleSpec.safeParse(ruleRaw);
    if (!ruleParsed.success) {
      zodIssues(ruleParsed.error, at, ruleRaw);
      return;
    }
    const r = ruleParsed.data;
    if (ruleIds.has(r.id)) report([...at, 'id'], `duplicate rule id "${r.id}"`);
    ruleIds.add(r.id);
    r.zones?.ids?.forEach((z, j) => {
      if (refs && !refs.zone.has(z)) report([...at, 'zones', 'ids', j], unknownRef('zone', z, refs.zone));
    });
    const when = condition(r.when, [...at, 'when'], report);
    const then = r.then.map((a, j) => actionTemplate(a, [...at, 'then', j], report, refs)).filter((a) => a !== null);
    if (!when || then.length !== r.then.length || !r.enabled) return;
    rules.push({
      id: r.id,
      description: r.description ?? r.id,
      priority: r.priority,
      zoneIds: r.zones?.ids ? new Set(r.zones.ids) : null,
      zoneTypes: r.zones?.types ? new Set<ZoneType>(r.zones.types) : null,
      when,
      then,
      requiresApproval: r.requiresApproval,
      cooldownMs: r.cooldownS === undefined ? null : r.cooldownS * 1000,
      line: locate(at)?.line ?? null,
      test: compileTest(when),
      explain: (facts) => explain(when, facts),
    });
  });
  if (issues.length > 0) throw new PlaybookError(file, issues);
  rules.sort((a, b) => b.priority - a.priority || a.id.localeCompare(b.id));
  return { id: spec.id, venueId: spec.venue, file, description: spec.description ?? '', schedule, rules };
}

const CONDITION_FORMS = 'a condition is {all: [...]}, {any: [...]}, {not: {...}} or {fact, op, value}';

function condition(raw: unknown, path: Path, report: Report): Condition | null {
  if (!isRecord(raw)) {
    report(path, CONDITION_FORMS);
    return null;
  }
  const keys = Object.keys(raw);
  const only = (allowed: readonly string[]): boolean => {
    const extra = keys.filter((k) => !allowed.includes(k));
    if (extra.length > 0) report(path, `unknown field(s) ${extra.join(', ')} next to ${allowed.join('/')}`);
    return extra.length === 0;
  };
  for (const kind of ['all', 'any'] as const) {
    if (!(kind in raw)) continue;
    const ok = only([kind]);
    const list = raw[kind];
    if (!Array.isArray(list) || list.length === 0) {
      report([...path, kind], `"${kind}" takes a non-empty list of conditions`);
      return null;
    }
    const of = list.map((c, i) => condition(c, [...path, kind, i], report));
    return ok && of.every((c) => c !== null) ? { kind, of: of as Condition[] } : null;
  }
  if ('not' in raw) {
    const ok = only(['not']);
    const of = condition(raw.not, [...path, 'not'], report);
    return ok && of ? { kind: 'not', of } : null;
  }
  if (!('fact' in raw)) {
    report(path, CONDITION_FORMS);
    return null;
  }
  let ok = only(['fact', 'op', 'value']);
  const fact = raw.fact;
  const op = raw.op;
  if (typeof fact !== 'string' || !isFactName(fact)) {
    report([...path, 'fact'], `unknown fact ${JSON.stringify(fact)}; expected one of ${Object.keys(FACTS).join(', ')}`);
    ok = false;
  }
  if (typeof op !== 'string' || !isOperatorName(op)) {
    report([...path, 'op'], `unknown operator ${JSON.stringify(op)}; expected one of ${Object.keys(OPERATORS).join(', ')}`);
    ok = false;
  }
  if (!ok || typeof fact !== 'string' || !isFactName(fact) || typeof op !== 'string' || !isOperatorName(op)) return null;
  const type = FACTS[fact].type;
  const problem = checkOperand(op, type, raw.value);
  if (problem) {
    report([...path, problem.field === 'value' && 'value' in raw ? 'value' : 'op'], `${fact}: ${problem.message}`);
    return null;
  }
  return { kind: 'fact', fact, type, op, value: raw.value };
}

interface VenueRefs {
  readonly zone: ReadonlySet<string>;
  readonly gate: ReadonlySet<string>;
  readonly stage: ReadonlySet<string>;
}

function venueRefs(v: Venue): VenueRefs {
  return {
    zone: new Set(v.zones.map((z) => z.id)),
    gate: new Set(v.gates.map((g) => g.id)),
    stage: new Set(v.stages.map((s) => s.id)),
  };
}

function unknownRef(kind: string, value: string, known: ReadonlySet<string>): string {
  return `unknown ${kind} "${value}"; expected one of ${[...known].join(', ')}`;
}

function actionTemplate(raw: unknown, path: Path, report: Report, refs: VenueRefs | null): ActionTemplate | null {
  if (!isRecord(raw) || typeof raw.action !== 'string') {
    report(path, `an action is {action: <type>, …params}; types: ${ActionType.options.join(', ')}`);
    return null;
  }
  const parsedType = ActionType.safeParse(raw.action);
  if (!parsedType.success) {
    report([...path, 'action'], `unknown action "${raw.action}"; expected one of ${ActionType.options.join(', ')}`);
    return null;
  }
  const type = parsedType.data;
  const specs = ACTIONS[type].params;
  const params: Record<string, string | number | boolean | readonly string[]> = {};
  let ok = true;
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'action') continue;
    const spec = specs[key];
    if (!spec) {
      report([...path, key], `unknown parameter "${key}" of ${type}; expected ${Object.keys(specs).join(', ')}`);
      ok = false;
      continue;
    }
    const problem = checkParam(spec, value, refs);
    if (problem) {
      report([...path, key], `${type}.${key}: ${problem}`);
      ok = false;
    } else {
      params[key] = value as string | number | boolean | readonly string[];
    }
  }
  for (const [key, spec] of Object.entries(specs)) {
    if (key in raw) continue;
    if (spec.default !== undefined) params[key] = spec.default;
    else if (spec.required) {
      report(path, `${type} needs parameter "${key}" (${spec.doc})`);
      ok = false;
    }
  }
  return ok ? { type, params } : null;
}

function checkParam(spec: ParamSpec, value: unknown, refs: VenueRefs | null): string | null {
  switch (spec.type) {
    case 'number':
    case 'integer': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `expected a number`;
      if (spec.type === 'integer' && !Number.isInteger(value)) return `expected an integer`;
      if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) {
        return `${value} not in [${spec.min ?? '-∞'}, ${spec.max ?? '∞'}]`;
      }
      return null;
    }
    case 'string':
      return typeof value === 'string' && value.length > 0 && value.length <= 500 ? null : 'expected a text of 1 to 500 characters';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'expected true or false';
    case 'gate':
    case 'zone':
    case 'stage':
      return checkRef(spec.type, value, refs);
    case 'gates':
    case 'zones': {
      if (typeof value === 'string' && value.startsWith('$')) return checkRef(spec.type, value, refs);
      if (!Array.isArray(value) || value.length === 0) return `expected a non-empty list of ${elementType(spec.type)} ids or a ${spec.type} variable`;
      for (const v of value) {
        const problem = checkRef(elementType(spec.type) as 'gate' | 'zone', v, refs);
        if (problem) return problem;
      }
      return null;
    }
  }
}

function checkRef(type: 'gate' | 'zone' | 'stage' | 'gates' | 'zones', value: unknown, refs: VenueRefs | null): string | null {
  if (typeof value !== 'string' || value.length === 0) return `expected a ${type} id`;
  if (value.startsWith('$')) {
    const vt = VARIABLES[value];
    if (vt === type) return null;
    const fits = Object.entries(VARIABLES).filter(([, t]) => t === type).map(([v]) => v);
    return vt === undefined
      ? `unknown variable ${value}; for a ${type}: ${fits.join(', ') || 'none'}`
      : `${value} is a ${vt}, not a ${type}; for a ${type}: ${fits.join(', ') || 'none'}`;
  }
  if (type === 'gates' || type === 'zones') return `expected a list or a ${type} variable`;
  if (refs && !refs[type].has(value)) return unknownRef(type, value, refs[type]);
  return null;
}

function minutes(hhmmText: string): number {
  const [h, m] = hhmmText.split(':').map(Number);
  return h! * 60 + m!;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

