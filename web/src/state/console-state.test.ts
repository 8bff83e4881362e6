import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initialConsoleState, MAX_ALERTS, reduceConsole } from './console-state.ts';
import type { ConsoleEvent, ConsoleState } from './console-state.ts';
import { alertsNewestFirst, pendingRecommendations } from './selectors.ts';
import { ageMs } from './staleness.ts';
import { alert, recommendation, snapshot, snapshotZone } from '../test-support/fixtures.ts';
import type { ConsoleMessage } from '../api/records.ts';

const run = (events: ConsoleEvent[], from: ConsoleState = initialConsoleState): ConsoleState => events.reduce(reduceConsole, from);
const msg = (message: unknown, receivedAtMs = 0): ConsoleEvent => ({ type: 'message', message: message as ConsoleMessage, receivedAtMs });

test('a snapshot replaces the zones: a zone it leaves out is no longer known', () => {
  const s = run([
    msg(snapshot(1000, [snapshotZone('a', 1, 'SAFE'), snapshotZone('b', 2, 'CAUTION')]), 5000),
    msg(snapshot(2000, [snapshotZone('a', 1.5, 'SAFE')]), 6000),
  ]);
  assert.deepEqual([...s.zones.keys()], ['a']);
  assert.equal(s.snapshotTs, 2000);
  assert.equal(s.snapshotReceivedAtMs, 6000);
  assert.equal(s.mode, 'rules');
});

test('an older snapshot arriving late does not roll the picture back', () => {
  const s = run([msg(snapshot(2000, [snapshotZone('a', 3, 'WARNING')]), 10), msg(snapshot(1000, [snapshotZone('a', 1, 'SAFE')]), 20)]);
  assert.equal(s.zones.get('a')!.risk.level, 'WARNING');
  assert.equal(s.snapshotReceivedAtMs, 10);
});

test('after a new hello (server restarted or replaying) an earlier event time is accepted', () => {
  const hello = { type: 'hello', schema: 'crowdflow.console/v1', user: { username: 'a', role: 'viewer' }, venueId: 'v', serverTime: 0 };
  const s = run([msg(snapshot(5000, [snapshotZone('a', 3, 'WARNING')]), 10), msg(hello, 20), msg(snapshot(1000, [snapshotZone('a', 1, 'SAFE')]), 30)]);
  assert.equal(s.zones.get('a')!.risk.level, 'SAFE');
  assert.equal(s.snapshotReceivedAtMs, 30);
});

test('alerts upsert by id and never move back in their lifecycle', () => {
  const s = run([
    msg({ type: 'alert', alert: alert('a1', 100) }),
    msg({ type: 'alert', alert: alert('a1', 100, { status: 'resolved', resolvedBy: 'op' }) }),
    // A refetch that started before the resolution returns the open copy: it must not reopen it.
    { type: 'alerts-synced', alerts: [alert('a1', 100)], startedSeq: 0 },
  ]);
  assert.equal(s.alerts.size, 1);
  assert.equal(s.alerts.get('a1')!.record.status, 'resolved');
});

test('a sync drops active alerts closed while we were away, but keeps those pushed during the sync', () => {
  const before = run([msg({ type: 'alert', alert: alert('old', 1) })]);
  const startedSeq = before.seq;
  const s = run([
    msg({ type: 'alert', alert: alert('pushed-during-sync', 2) }),
    { type: 'alerts-synced', alerts: [alert('listed', 3)], startedSeq },
  ], before);
  assert.deepEqual([...s.alerts.keys()].sort(), ['listed', 'pushed-during-sync']);
});

test('a sync drops pending recommendations decided while we were away', () => {
  const before = run([msg({ type: 'recommendation', recommendation: recommendation('r-old', 1) })]);
  const s = run([{ type: 'recommendations-synced', recommendations: [recommendation('r-new', 2)], startedSeq: before.seq }], before);
  assert.deepEqual(pendingRecommendations(s.recommendations).map((r) => r.id), ['r-new']);
});

test('our own approve result and the pushed copy agree whatever the order', () => {
  const approved = recommendation('r1', 1, { status: 'approved', decidedBy: 'sup' });
  const a = run([msg({ type: 'recommendation', recommendation: recommendation('r1', 1) }), { type: 'recommendation-changed', recommendation: approved }, msg({ type: 'recommendation', recommendation: recommendation('r1', 1) })]);
  assert.equal(a.recommendations.get('r1')!.record.status, 'approved');
  assert.equal(pendingRecommendations(a.recommendations).length, 0);
});

test('history is bounded by dropping the oldest resolved alerts, never an active one', () => {
  const events: ConsoleEvent[] = [];
  for (let i = 0; i < MAX_ALERTS; i++) events.push(msg({ type: 'alert', alert: alert(`r${i}`, i, { status: 'resolved' }) }));
  for (let i = 0; i < 20; i++) events.push(msg({ type: 'alert', alert: alert(`open${i}`, -1000 + i) }));
  const s = run(events);
  assert.equal(s.alerts.size, MAX_ALERTS);
  assert.equal(alertsNewestFirst(s.alerts, false).length, 20, 'every open alert is kept, even the oldest');
  assert.ok(!s.alerts.has('r0') && s.alerts.has(`r${MAX_ALERTS - 1}`), 'the oldest resolved go first');
});

test('alerts list newest first; resolved ones only when asked', () => {
  const s = run([
    msg({ type: 'alert', alert: alert('a', 100) }),
    msg({ type: 'alert', alert: alert('c', 300, { status: 'resolved' }) }),
    msg({ type: 'alert', alert: alert('b', 200, { status: 'acknowledged' }) }),
  ]);
  assert.deepEqual(alertsNewestFirst(s.alerts, false).map((a) => a.id), ['b', 'a']);
  assert.deepEqual(alertsNewestFirst(s.alerts, true).map((a) => a.id), ['c', 'b', 'a']);
});

test('pending recommendations: most severe first, then priority, then newest', () => {
  const s = run([
    msg({ type: 'recommendation', recommendation: recommendation('warn-old', 1, { level: 'WARNING', priority: 1 }) }),
    msg({ type: 'recommendation', recommendation: recommendation('crit', 0, { level: 'CRITICAL', priority: 0 }) }),
    msg({ type: 'recommendation', recommendation: recommendation('warn-new', 2, { level: 'WARNING', priority: 1 }) }),
    msg({ type: 'recommendation', recommendation: recommendation('warn-high', 0, { level: 'WARNING', priority: 9 }) }),
    msg({ type: 'recommendation', recommendation: recommendation('advisory', 5, { level: 'CRITICAL', status: 'advisory' }) }),
  ]);
  assert.deepEqual(pendingRecommendations(s.recommendations).map((r) => r.id), ['crit', 'warn-high', 'warn-new', 'warn-old']);
});

test('agent frames mark the feed as seen once and otherwise leave the state as it is', () => {
  const first = run([msg({ type: 'agents', ts: 1, positions: [1, 2] })]);
  assert.equal(first.agentsSeen, true);
  assert.equal(reduceConsole(first, msg({ type: 'agents', ts: 2, positions: [3, 4] })), first, 'same object: no re-render');
  const s = run([msg(snapshot(1, []), 10_000)], first);
  assert.equal(ageMs(s.snapshotReceivedAtMs, 13_500), 3500);
  assert.equal(ageMs(initialConsoleState.snapshotReceivedAtMs, 13_500), null);
});

test('loaded history merges without removing anything', () => {
  const before = run([msg({ type: 'alert', alert: alert('open', 2) })]);
  const s = run([{ type: 'alerts-loaded', alerts: [alert('old', 1, { status: 'resolved' })] }], before);
  assert.deepEqual(alertsNewestFirst(s.alerts, true).map((a) => a.id), ['open', 'old']);
});
