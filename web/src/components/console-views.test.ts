/** Rendered markup: the hooks the browser tests rely on, and what operators must always see. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createElement } from 'react';
import { render, testIds } from '../test-support/render.ts';
import { alert, recommendation, SMALL_VENUE, snapshotZone } from '../test-support/fixtures.ts';
import { VenueMap } from '../map/venue-map.tsx';
import { AlertList } from './alert-list.tsx';
import { RecommendationList } from './recommendation-list.tsx';
import { ConnectionStatus } from './connection-status.tsx';
import { ZoneList } from './zone-list.tsx';
import { venueTotals } from './venue-overview.tsx';
import { ZoneDetail } from './zone-detail.tsx';
import { StaleBanner } from '../map/stale-banner.tsx';
import { staleMessage } from '../state/staleness.ts';
import type { SnapshotZone } from '../api/records.ts';

const noop = (): void => undefined;

function renderMap(zones: Map<string, SnapshotZone>): string {
  return render(createElement(VenueMap, {
    venue: SMALL_VENUE, zones, agentFrames: null, showAgents: false, selectedZoneId: null, onSelectZone: noop,
    snapshotReceivedAtMs: Date.now(),
  }));
}

test('one zone element per venue zone, with its level and density; missing data is unknown, not safe', () => {
  const html = renderMap(new Map([
    ['z1', snapshotZone('z1', 4.567, 'CRITICAL')],
    ['z3', snapshotZone('z3', null, null, 'unknown')],
  ]));
  assert.ok(html.includes('data-testid="venue-map"'));
  const zones = testIds(html, 'zone-');
  assert.deepEqual(zones.map((z) => [z['data-testid'], z['data-level'], z['data-density']]), [
    ['zone-z1', 'CRITICAL', '4.57'],
    ['zone-z2', 'unknown', ''],
    ['zone-z3', 'unknown', ''],
  ]);
  assert.ok(html.includes('url(#hatch-unknown)'), 'unknown zones are hatched');
  assert.ok(html.includes('NO DATA'), 'and labelled');
  assert.ok(!html.includes('>no data<'), 'once');
  assert.ok(html.includes('4.6 p/m²'), 'density written on the map');
  assert.ok(!html.includes('stale-banner'));
});

test('stale data is announced over the map, and so is the wait for the first snapshot', () => {
  const html = render(createElement(StaleBanner, { text: staleMessage(1000, 4001) }));
  assert.ok(html.includes('role="alert"') && html.includes('DATA STALE · last update 3.0 s ago'));
  assert.equal(staleMessage(1000, 4000), null, 'exactly 3 s is still fresh');
  assert.ok(staleMessage(null, 0)!.startsWith('WAITING FOR DATA'));
});

test('alerts render newest first with level, zone name, triggers, and buttons by status', () => {
  const alerts = [alert('a2', 2000, { level: 'CRITICAL', triggers: ['sudden_surge'] }), alert('a1', 1000, { status: 'acknowledged', acknowledgedBy: 'ana' })];
  const html = render(createElement(AlertList, {
    alerts, zoneNames: new Map([['z1', 'Main stage front']]), canHandle: true, busy: new Set<string>(),
    showResolved: false, syncError: null, onShowResolved: noop, onAcknowledge: noop, onResolve: noop, onRefused: noop,
  }));
  assert.ok(html.includes('data-testid="alert-list"'));
  assert.deepEqual(testIds(html, 'alert-a').map((a) => [a['data-testid'], a['data-level']]), [['alert-a2', 'CRITICAL'], ['alert-a1', 'WARNING']]);
  assert.ok(html.includes('Main stage front') && html.includes('sudden surge') && html.includes('Acknowledged by ana'));
  assert.deepEqual(testIds(html, 'acknowledge-').map((b) => b['data-testid']), ['acknowledge-a2'], 'no acknowledge on an acknowledged alert');
  assert.deepEqual(testIds(html, 'resolve-').map((b) => b['data-testid']), ['resolve-a2', 'resolve-a1']);
});

test('a viewer sees the alert buttons marked as not permitted', () => {
  const html = render(createElement(AlertList, {
    alerts: [alert('a1', 1)], zoneNames: new Map(), canHandle: false, busy: new Set<string>(),
    showResolved: false, syncError: null, onShowResolved: noop, onAcknowledge: noop, onResolve: noop, onRefused: noop,
  }));
  for (const b of testIds(html, 'acknowledge-').concat(testIds(html, 'resolve-'))) assert.equal(b['data-allowed'], 'false');
  assert.ok(html.includes('not permitted for your role'));
});

test('a pending recommendation offers approve and reject', () => {
  const html = render(createElement(RecommendationList, {
    recommendations: [recommendation('r1', 1, { action: { type: 'meter_gate', params: { gate: 'gate-nw', ratePerMin: 40 } } })],
    zoneNames: new Map(), canDecide: true, busy: new Set<string>(), onApprove: noop, onReject: async () => true, onRefused: noop,
  }));
  assert.equal(testIds(html, 'recommendation-r1').length, 1);
  assert.equal(testIds(html, 'approve-r1').length, 1);
  assert.equal(testIds(html, 'reject-r1').length, 1);
  assert.ok(html.includes('meter gate') && html.includes('gate: gate-nw'));
});

test('the zone list flags figures that are not current', () => {
  const zones = new Map([['z1', snapshotZone('z1', 2, 'CAUTION')]]);
  const fresh = render(createElement(ZoneList, { venue: SMALL_VENUE, zones, stale: false, selectedZoneId: null, onSelectZone: noop }));
  const stale = render(createElement(ZoneList, { venue: SMALL_VENUE, zones, stale: true, selectedZoneId: null, onSelectZone: noop }));
  assert.ok(!fresh.includes('NOT CURRENT') && stale.includes('NOT CURRENT'));
  // Blind spots rank above CAUTION; equal levels keep the venue order.
  assert.deepEqual(testIds(fresh, 'zones-row-').map((r) => r['data-testid']), ['zones-row-z2', 'zones-row-z3', 'zones-row-z1']);
});

test('the connection indicator turns stale past 3 s, and before any data', () => {
  const at = (ageMs: number | null): Record<string, string> =>
    testIds(render(createElement(ConnectionStatus, { state: 'live', ageMs })), 'connection-status')[0]!;
  assert.equal(at(2999)['data-stale'], 'false');
  assert.equal(at(3001)['data-stale'], 'true');
  assert.equal(at(null)['data-stale'], 'true');
  assert.equal(at(0)['data-state'], 'live');
});

test('venue totals count every zone once and sum only the occupancy that is known', () => {
  const t = venueTotals(SMALL_VENUE, new Map([
    ['z1', snapshotZone('z1', 2, 'CAUTION')], // occupancy 200 in the fixture
    ['z3', snapshotZone('z3', 1, 'SAFE', 'unknown')], // status unknown: neither counted as SAFE nor summed
  ]));
  assert.deepEqual(t.counts, { SAFE: 0, CAUTION: 1, WARNING: 0, CRITICAL: 0, unknown: 2 });
  assert.equal(t.occupancy, 200);
  assert.equal(t.unknownZones, 2);
});

test('the detail of an unknown zone shows no figures, only what the sensors report', () => {
  const snap = snapshotZone('z1', null, null, 'unknown');
  (snap.state as { surgeRate: number }).surgeRate = 0.4;
  const html = render(createElement(ZoneDetail, { zone: SMALL_VENUE.zones[0]!, snap, onClose: noop }));
  assert.ok(!html.includes('0.40'), 'no surge figure for a zone nobody sees');
  assert.ok(html.includes('unknown, 0 sources'));
  assert.ok(html.includes('NO DATA'));
});
