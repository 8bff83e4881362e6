import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineOnlyVenue } from '../test-fixtures.ts';
import { findOnsets, scoreOnsets, missedOnsets } from './onsets.ts';
import { TruthSeries } from './truth.ts';

const T0 = 1_000_000;

test('an onset is a crossing from below after the re-arm time; flicker at the threshold makes one', () => {
  const venue = lineOnlyVenue(); // pit: 100 m², threshold 3 p/m² → 300 people
  const truth = new TruthSeries(venue, T0, 1000);
  for (let s = 0; s < 1000; s++) {
    const pit = s < 200 ? 100 : s < 400 ? 300 + (s % 2 ? -1 : 1) : s < 700 ? 100 : 350;
    truth.set('pit', T0 + s * 1000, pit);
    truth.set('hall', T0 + s * 1000, 10);
  }
  assert.deepEqual(findOnsets(truth, 60), [
    { zoneIndex: 2, tsMs: T0 + 200_000 },
    { zoneIndex: 2, tsMs: T0 + 700_000 },
  ]);
});

test('recall, precision and lead on onsets', () => {
  const H = 600_000;
  const onsets = [{ zoneIndex: 0, tsMs: 1_000_000 }, { zoneIndex: 1, tsMs: 2_000_000 }];
  const alarms = [
    { zoneIndex: 0, tsMs: 1_000_000 - 420_000 }, // true, 7 min lead
    { zoneIndex: 0, tsMs: 1_000_000 - 60_000 }, // true
    { zoneIndex: 0, tsMs: 1_000_000 - 700_000 }, // onset beyond its horizon: false
    { zoneIndex: 1, tsMs: 2_000_000 + 10_000 }, // after the onset: false
  ];
  const s = scoreOnsets(onsets, alarms, H);
  assert.equal(s.onsets, 2);
  assert.equal(s.detected, 1);
  assert.equal(s.recall, 0.5);
  assert.equal(s.trueAlarms, 2);
  assert.equal(s.falseAlarms, 2);
  assert.equal(s.precision, 0.5);
  assert.deepEqual(s.leadsS, [420]);
  assert.equal(s.medianLeadS, 420);
  // The alarm after zone 1's onset came too late: that onset is the one missed.
  assert.deepEqual(missedOnsets(onsets, alarms, H), [onsets[1]]);
});

test('nothing to count gives null rates, not 0 or 1', () => {
  const s = scoreOnsets([], [], 600_000);
  assert.equal(s.recall, null);
  assert.equal(s.precision, null);
  assert.equal(s.medianLeadS, null);
});

test('alerts: consecutive alarms of a zone make one alert, true when an onset follows within the horizon of its last alarm', () => {
  const H = 600_000;
  const onsets = [{ zoneIndex: 0, tsMs: 2_000_000 }];
  const every30 = (zoneIndex: number, from: number, n: number) => Array.from({ length: n }, (_, k) => ({ zoneIndex, tsMs: from + k * 30_000 }));
  const alarms = [
    ...every30(0, 1_000_000, 20), // 1000–1570 s: one alert; the onset at 2000 s is within 1570 + 600 s → true
    ...every30(0, 1_700_000, 3), // a gap of 130 s: a second alert, also followed by the onset → true
    ...every30(1, 1_000_000, 10), // zone 1 never congests: one false alert of 10 alarms
  ];
  const s = scoreOnsets(onsets, alarms, H);
  assert.equal(s.alerts, 3);
  assert.equal(s.trueAlerts, 2);
  assert.equal(s.alertPrecision, 2 / 3);
  // Per forecast the early alarms of the first alert are false (the onset is beyond their horizon).
  const perForecastTrue = alarms.filter((a) => a.zoneIndex === 0 && a.tsMs >= 2_000_000 - H && a.tsMs < 2_000_000).length;
  assert.equal(s.trueAlarms, perForecastTrue);
  assert.ok(s.precision! < s.alertPrecision!);
  assert.equal(scoreOnsets([], [], H).alertPrecision, null);
});
