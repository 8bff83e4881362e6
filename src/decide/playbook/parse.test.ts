import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPlaybookReloader, evaluate, factsOf, parsePlaybook, PlaybookError, type Facts } from '../index.ts';
import { PILOT_PLAYBOOK, PILOT_PLAYBOOK_TEXT, VENUE } from '../test-fixtures.ts';

const HEAD = 'schema: crowdflow.playbook/v1\nid: t\nvenue: pilot-arena\nrules:\n';

function errorOf(text: string, withVenue = true): PlaybookError {
  try {
    parsePlaybook(text, 'bad.yaml', withVenue ? VENUE : undefined);
  } catch (e) {
    assert.ok(e instanceof PlaybookError, String(e));
    assert.equal(e.code, 'CF_ERR_PLAYBOOK');
    return e;
  }
  assert.fail('expected a PlaybookError');
}

test('the shipped pilot playbook loads against the pilot arena, highest priority first', () => {
  assert.ok(PILOT_PLAYBOOK.rules.length >= 15);
  const prios = PILOT_PLAYBOOK.rules.map((r) => r.priority);
  assert.deepEqual(prios, [...prios].sort((a, b) => b - a));
  const types = new Set(PILOT_PLAYBOOK.rules.flatMap((r) => r.then.map((a) => a.type)));
  for (const t of ['meter_gate', 'close_gate', 'open_exit', 'redirect_flow', 'dispatch_stewards', 'hold_stage', 'switch_stage', 'announce', 'evacuate']) {
    assert.ok(types.has(t as never), `the default playbook uses ${t}`);
  }
});

test('errors name file, line and path, and say what was expected', () => {
  const text = `${HEAD}  - id: r1
    priority: 10
    when:
      all:
        - { fact: zone.densty, op: gt, value: 4 }
        - { fact: risk.level, op: gte, value: DANGER }
    then:
      - { action: meter_gate, gate: gate-zz, ratePerMin: 40 }
      - { action: hold_stage, stage: $zone, minutes: 5 }
      - { action: launch_rocket }
`;
  const e = errorOf(text);
  const msg = e.message;
  assert.match(msg, /bad\.yaml:9:\d+ rules\[0\]\.when\.all\[0\]\.fact: unknown fact "zone\.densty"; expected one of zone\.id/);
  assert.match(msg, /bad\.yaml:10:\d+ rules\[0\]\.when\.all\[1\]\.value: risk\.level: value must be a level \(SAFE, CAUTION, WARNING, CRITICAL\)/);
  assert.match(msg, /bad\.yaml:12:\d+ rules\[0\]\.then\[0\]\.gate: meter_gate\.gate: unknown gate "gate-zz"; expected one of gate-nw/);
  assert.match(msg, /bad\.yaml:13:\d+ rules\[0\]\.then\[1\]\.stage: hold_stage\.stage: \$zone is a zone, not a stage; for a stage: \$stage, \$otherStage/);
  assert.match(msg, /bad\.yaml:14:\d+ rules\[0\]\.then\[2\]\.action: unknown action "launch_rocket"/);
  assert.equal(e.issues.length, 5);
});

test('operators are checked against the fact type; ranges and required params too', () => {
  const text = `${HEAD}  - id: r1
    priority: 10
    when: { fact: risk.triggers, op: gt, value: 3 }
    then:
      - { action: meter_gate, gate: gate-nw, ratePerMin: -5 }
      - { action: dispatch_stewards }
  - id: r1
    priority: 5000
    when: { fact: zone.density, op: between, value: [5, 2] }
    then: []
`;
  const msg = errorOf(text).message;
  assert.match(msg, /:7:\d+ rules\[0\]\.when\.op: risk\.triggers: operator "gt" does not apply to a string\[\] fact; expected one of contains, not_contains, is_null, not_null/);
  assert.match(msg, /:9:\d+ rules\[0\]\.then\[0\]\.ratePerMin: meter_gate\.ratePerMin: -5 not in \[0, 10000\]/);
  assert.match(msg, /:10:\d+ rules\[0\]\.then\[1\]: dispatch_stewards needs parameter "count"/);
  assert.match(msg, /rules\[1\]\.priority: 5000 not ≤ 1000/);
  assert.match(msg, /rules\[1\]\.then: a rule needs at least one action/);
});

test('structure and YAML errors carry lines too; venue ids are checked only with a venue', () => {
  assert.match(errorOf('schema: crowdflow.playbook/v1\nid: t\nvenue: [unclosed\n').message, /bad\.yaml:\d+:\d+ \(root\): YAML: /);
  assert.match(errorOf(`${HEAD}  - id: r1\n    priority: 1\n    colour: red\n    when: { fact: zone.density, op: gt, value: 1 }\n    then: [{ action: close_gate, gate: gate-nw }]\n`).message, /:5:\d+ rules\[0\]: unknown field\(s\) colour/);
  const otherVenue = `${HEAD.replace('pilot-arena', 'other')}  - id: r1\n    priority: 1\n    zones: { ids: [nowhere] }\n    when: { fact: zone.density, op: gt, value: 1 }\n    then: [{ action: close_gate, gate: gate-q }]\n`;
  const msg = errorOf(otherVenue).message;
  assert.match(msg, /venue: playbook is for venue "other", not "pilot-arena"/);
  assert.match(msg, /zones\.ids\[0\]: unknown zone "nowhere"/);
  assert.equal(parsePlaybook(otherVenue, 'x.yaml').rules.length, 1, 'without a venue the ids are not checked');
});

function facts(over: Partial<Record<string, unknown>>): Facts {
  return { 'zone.density': null, 'risk.level': null, 'risk.triggers': [], 'zone.status': 'ok', ...over } as unknown as Facts;
}

test('evaluation: all/any/not with a trace of every leaf; null facts satisfy only is_null', () => {
  const pb = parsePlaybook(`${HEAD}  - id: r1
    priority: 1
    when:
      all:
        - { fact: zone.density, op: gt, value: 4 }
        - any:
            - { fact: risk.level, op: gte, value: WARNING }
            - { fact: risk.triggers, op: contains, value: sudden_surge }
        - not: { fact: zone.status, op: eq, value: unknown }
    then: [{ action: dispatch_stewards, count: 2 }]
`, 't.yaml');
  const c = pb.rules[0]!.when;
  const yes = evaluate(c, facts({ 'zone.density': 4.5, 'risk.level': 'CAUTION', 'risk.triggers': ['sudden_surge'] }));
  assert.equal(yes.fired, true);
  assert.deepEqual(yes.trace.map((s) => [s.fact, s.operator, s.actual, s.result]), [
    ['zone.density', 'gt', 4.5, true],
    ['risk.level', 'gte', 'CAUTION', false],
    ['risk.triggers', 'contains', ['sudden_surge'], true],
    ['zone.status', 'not eq', 'ok', true],
  ]);
  assert.equal(evaluate(c, facts({ 'zone.density': 4, 'risk.level': 'CRITICAL' })).fired, false, 'gt is strict');
  assert.equal(evaluate(c, facts({ 'zone.density': 5, 'risk.level': 'WARNING', 'zone.status': 'unknown' })).fired, false);
  assert.equal(evaluate(c, facts({ 'zone.density': null, 'risk.level': 'CRITICAL' })).fired, false, 'unknown density is not > 4');
  assert.equal(pb.rules[0]!.test(factsOf(facts({ 'zone.density': 4.5, 'risk.level': 'WARNING' }))), true);
});

test('hot reload: a good edit replaces the playbook, a bad one keeps the last good and says why', () => {
  const reloader = createPlaybookReloader(PILOT_PLAYBOOK, VENUE);
  const edited = PILOT_PLAYBOOK_TEXT.replace('id: pilot-arena-default', 'id: pilot-arena-v2');
  const ok = reloader.reload(edited);
  assert.equal(ok.ok, true);
  assert.equal(reloader.current().id, 'pilot-arena-v2');
  const broken = edited.replace('{ fact: zone.pressure, op: gt, value: 0.6 }', '{ fact: zone.pressure, op: gt, value: high }');
  const bad = reloader.reload(broken);
  assert.equal(bad.ok, false);
  assert.ok(!bad.ok && bad.keeping.id === 'pilot-arena-v2');
  assert.equal(reloader.current().id, 'pilot-arena-v2');
  assert.match(reloader.lastError() ?? '', /rules\/pilot-arena\.yaml:\d+:\d+ rules\[1\]\.when\.any\[2\]\.value: zone\.pressure: value must be a number/);
  assert.match(reloader.lastError() ?? '', /keeping playbook "pilot-arena-v2"/);
  assert.equal(reloader.reload(PILOT_PLAYBOOK_TEXT).ok, true);
  assert.equal(reloader.lastError(), null);
});
