/**
 * Loads a scenario YAML file and checks it against its venue. Every error names the file, the
 * line, the path inside the file and what was expected, as the venue loader does:
 * `scenarios/x.yaml:12:5 demand[0].gate: unknown gate "gate-q"; expected one of gate-nw, …`.
 */
// The one file read in src/sim: the brief asks for `loadScenarioFile(path, venue)` here, beside the
// scenario schema, as src/venue/load.ts reads venue files. Everything else in src/sim stays pure.
// eslint-disable-next-line no-restricted-imports
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { CrowdflowError } from '../contracts/index.ts';
import { formatIssue, issueAt, locator, type Locate, type Venue, type VenueIssue } from '../venue/index.ts';
import { ScenarioSpec } from './scenario-schema.ts';

/** A checked scenario; `file` is where it came from (for resolving the venue path and errors). */
export type Scenario = ScenarioSpec & { readonly file: string };

export class ScenarioError extends CrowdflowError {
  constructor(readonly file: string, readonly issues: readonly VenueIssue[]) {
    super('CF_ERR_SCENARIO', `${file}: ${issues.length} problem(s)\n${issues.map((i) => formatIssue(file, i)).join('\n')}`, issues);
  }
}

export function loadScenarioFile(path: string, venue: Venue): Scenario {
  return parseScenario(readFileSync(path, 'utf8'), venue, path);
}

/** Checks a scenario given as YAML text, or as a plain object (tests, experiments). */
export function parseScenario(input: string | object, venue: Venue, file = '<scenario>'): Scenario {
  let raw: unknown = input;
  let locate: Locate = () => null;
  if (typeof input === 'string') {
    const lc = new LineCounter();
    const doc = parseDocument(input, { lineCounter: lc, prettyErrors: false });
    if (doc.errors.length > 0) {
      throw new ScenarioError(file, doc.errors.map((e) => {
        const pos = lc.linePos(e.pos[0]);
        return { path: '', line: pos.line, column: pos.col, message: `YAML: ${e.message.split('\n')[0]}` };
      }));
    }
    locate = locator(doc, lc);
    raw = doc.toJS();
  }
  const parsed = ScenarioSpec.safeParse(raw);
  if (!parsed.success) {
    throw new ScenarioError(file, parsed.error.issues.map((iss) => issueAt(iss.path, iss.code === 'unrecognized_keys' ? `unknown field(s) ${iss.keys.join(', ')}` : iss.message, locate)));
  }
  const issues: VenueIssue[] = [];
  checkAgainstVenue(parsed.data, venue, (path, message) => issues.push(issueAt(path, message, locate)));
  if (issues.length > 0) throw new ScenarioError(file, issues);
  return { ...parsed.data, file };
}

type Report = (path: readonly PropertyKey[], message: string) => void;

function checkAgainstVenue(s: ScenarioSpec, venue: Venue, report: Report): void {
  const ids = (xs: readonly { id: string }[]): string => xs.map((x) => x.id).join(', ') || '(none)';
  const gate = (id: string, path: PropertyKey[]): void => {
    if (!venue.gateById.has(id as never)) report(path, `unknown gate "${id}"; expected one of ${ids(venue.gates)}`);
  };
  const stage = (id: string, path: PropertyKey[]): void => {
    if (!venue.stages.some((x) => x.id === id)) report(path, `unknown stage "${id}"; expected one of ${ids(venue.stages)}`);
  };
  const groupIds = new Set(s.groups.map((g) => g.id));
  s.groups.forEach((g, i) => { if (g.exitGate !== undefined) gate(g.exitGate, ['groups', i, 'exitGate']); });
  s.demand.forEach((d, i) => {
    gate(d.gate, ['demand', i, 'gate']);
    const g = venue.gateById.get(d.gate);
    if (g && g.direction === 'out') report(['demand', i, 'gate'], `gate "${d.gate}" is exit-only (direction out); arrivals need an entry gate`);
    d.curve.forEach(([t, f], k) => {
      const prev = d.curve[k - 1];
      if (prev && (t <= prev[0] || f < prev[1])) report(['demand', i, 'curve', k], `curve points must increase in time and not decrease in share; got [${t}, ${f}] after [${prev[0]}, ${prev[1]}]`);
    });
    if (d.curve[0]![1] !== 0) report(['demand', i, 'curve', 0], 'the curve must start at share 0');
    if (d.curve[d.curve.length - 1]![1] !== 1) report(['demand', i, 'curve', d.curve.length - 1], 'the curve must end at share 1');
    if (s.groups.length > 0 && !groupIds.has(d.group)) report(['demand', i, 'group'], `unknown group "${d.group}"; expected one of ${[...groupIds].join(', ')}`);
  });
  s.initial.forEach((p, i) => {
    if (!venue.zoneById.has(p.zone)) report(['initial', i, 'zone'], `unknown zone "${p.zone}"; expected one of ${ids(venue.zones)}`);
    if (s.groups.length > 0 && !groupIds.has(p.group)) report(['initial', i, 'group'], `unknown group "${p.group}"; expected one of ${[...groupIds].join(', ')}`);
  });
  s.schedule.forEach((show, i) => stage(show.stage, ['schedule', i, 'stage']));
  s.events.forEach((e, i) => {
    if (e.type === 'stage_switch') {
      stage(e.from, ['events', i, 'from']);
      stage(e.to, ['events', i, 'to']);
    } else {
      e.closedGates.forEach((g, k) => gate(g, ['events', i, 'closedGates', k]));
      if (venue.gates.every((g) => e.closedGates.includes(g.id))) report(['events', i, 'closedGates'], 'an evacuation needs at least one open gate');
    }
  });
  const mixTotal = s.agents.under30 + s.agents.from30to50 + s.agents.over50;
  if (!(mixTotal > 0)) report(['agents'], 'the age-group shares under30 + from30to50 + over50 must sum to more than 0');
  if (s.demand.length + s.initial.length > 0 && venue.gates.length === 0 && s.demand.length > 0) report(['demand'], 'the venue has no gates to arrive through');
}
