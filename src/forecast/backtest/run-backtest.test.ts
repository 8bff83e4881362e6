import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EpochMs, ReadingId, SensorId, SensorReading } from '../../contracts/index.ts';
import {
  createDampedHoltForecaster, createLastValueForecaster, createLinearTrendForecaster, createPhysicsForecaster,
  createTimeOfDayForecaster, planPhases, runBacktest, type GroundTruthRow,
} from '../index.ts';
import { lineOnlyVenue, seededRandom } from '../test-fixtures.ts';

const START = Date.UTC(2026, 5, 1, 18);
const SECONDS = 1500;

/**
 * A venue with counting lines only: people enter through the gate (~1.5 p/s for 20 min), walk
 * on to the hall and then to the pit at seeded random rates; the line counts are the exact
 * crossings, the ground truth the exact occupancies. The pit (threshold 300) fills past it.
 */
function recording(seed: number): { readings: SensorReading[]; truth: GroundTruthRow[] } {
  const rnd = seededRandom(seed);
  const occ = [0, 0, 0];
  const readings: SensorReading[] = [];
  const truth: GroundTruthRow[] = [];
  const line = (sensorId: string, ts: number, inCount: number): SensorReading => ({
    schema: 'crowdflow.reading/v1', kind: 'line_count', id: `${sensorId}:${ts}` as ReadingId,
    sensorId: sensorId as SensorId, ts: ts as EpochMs, intervalMs: 1000, in: inCount, out: 0,
  } as SensorReading);
  for (let s = 1; s <= SECONDS; s++) {
    const ts = START + s * 1000;
    const enter = s < 1200 ? (rnd() < 0.5 ? 1 : 2) : 0;
    occ[0]! += enter;
    const toHall = Math.min(occ[0]!, s > 60 ? (rnd() < 0.6 ? 2 : 1) : 0);
    occ[0]! -= toHall; occ[1]! += toHall;
    const toPit = Math.min(occ[1]!, s > 300 ? (rnd() < 0.5 ? 1 : 0) + (s > 600 ? 1 : 0) : 0);
    occ[1]! -= toPit; occ[2]! += toPit;
    readings.push(line('lc-gate', ts, enter), line('lc-plaza-hall', ts, toHall), line('lc-hall-pit', ts, toPit));
    truth.push({ ts, zones: ['plaza', 'hall', 'pit'].map((zoneId, i) => ({ zoneId, occupancy: occ[i]! })) });
  }
  return { readings, truth };
}

function models(venue: ReturnType<typeof lineOnlyVenue>) {
  return [
    createLastValueForecaster(venue), createLinearTrendForecaster(venue), createDampedHoltForecaster(venue),
    createTimeOfDayForecaster(venue), createPhysicsForecaster(venue, { originMs: START }),
  ];
}

test('backtest of a counting-lines-only venue: every model scored per horizon, onsets found and scored', () => {
  const venue = lineOnlyVenue();
  const { readings, truth } = recording(5);
  const report = runBacktest({ venue, readings, groundTruth: truth, models: models(venue), horizonMin: 10, warmupS: 120 });
  assert.equal(report.truth, 'ground-truth');
  assert.deepEqual(report.models.map((m) => m.model), ['last-value@1', 'linear-trend@1', 'damped-holt@1', 'time-of-day@1', 'physics-ctm@4']);
  assert.ok(report.onsets >= 1, 'the pit crosses its threshold');
  for (const m of report.models) {
    assert.equal(m.perHorizon.length, 10);
    const n = m.perHorizon[0]!.n;
    assert.ok(n > 0);
    for (const h of m.perHorizon) {
      assert.equal(h.n, n, 'every horizon scores the same forecasts');
      assert.ok(h.maeOccupancy !== null && h.maeOccupancy >= 0 && h.wapeOccupancy !== null && h.wapeOccupancy >= 0);
    }
    assert.equal(m.congestion.onsets, report.onsets);
    assert.ok(m.congestion.detected <= m.congestion.onsets && m.congestion.trueAlarms <= m.congestion.alarms);
  }
  const lv = report.models[0]!;
  assert.equal(lv.wapeRatioToLastValue, 1);
  // Persistence error grows with the horizon on a steadily filling venue.
  assert.ok(lv.perHorizon[9]!.maeOccupancy! > lv.perHorizon[0]!.maeOccupancy!);
  // On steady linear filling the trend models beat last value at 10 minutes.
  assert.ok(report.models[1]!.wapeRatioToLastValue! < 1, `linear trend ratio ${report.models[1]!.wapeRatioToLastValue}`);
});

test('without ground truth the replayed states are the truth; same report shape; deterministic', () => {
  const venue = lineOnlyVenue();
  const { readings } = recording(9);
  const a = runBacktest({ venue, readings, models: models(venue), horizonMin: 5, warmupS: 120 });
  const b = runBacktest({ venue, readings, models: models(venue), horizonMin: 5, warmupS: 120 });
  assert.equal(a.truth, 'replayed-states');
  assert.deepEqual(a, b);
  assert.ok(a.models.every((m) => m.perHorizon.length === 5 && m.perHorizon[4]!.n > 0));
});

test('impossible parameters are refused with their range', () => {
  const venue = lineOnlyVenue();
  assert.throws(() => runBacktest({ venue, readings: [], models: [], horizonMin: 11 }), /`horizonMin` 11 not in \[1, 10\]/);
  assert.throws(() => runBacktest({ venue, readings: [], models: [], horizonMin: 10, alarmP: 0 }), /`alarmP` 0 not in/);
});

test('with the plan\'s phases, the longest horizon\'s error is split by the phase forecast for, and adds up to the whole', () => {
  const venue = lineOnlyVenue();
  const { readings, truth } = recording(5);
  // A show on the stage from 900 s to 1200 s: ingress before, egress after.
  const phases = planPhases({ originMs: START, schedule: [{ stage: 'stage', startS: 900, endS: 1200 }] });
  const report = runBacktest({ venue, readings, groundTruth: truth, models: models(venue), horizonMin: 10, warmupS: 120, phases });
  const none = runBacktest({ venue, readings, groundTruth: truth, models: models(venue), horizonMin: 10, warmupS: 120 });
  for (const [k, m] of report.models.entries()) {
    assert.deepEqual(m.byPhase.map((p) => p.phase), ['ingress', 'show 1 (stage)', 'egress']);
    const whole = m.perHorizon[9]!;
    assert.equal(m.byPhase.reduce((a, p) => a + p.n, 0), whole.n, `${m.model}: every scored forecast in one phase`);
    assert.ok(Math.abs(m.byPhase.reduce((a, p) => a + p.sumAbsError, 0) - whole.sumAbsError) < 1e-6);
    assert.ok(m.byPhase[0]!.n > 0 && m.byPhase[1]!.n > 0, 'the recording reaches into the show');
    assert.deepEqual(none.models[k]!.byPhase, [], 'no phases without a plan');
    assert.deepEqual({ ...none.models[k]!, byPhase: [] }, { ...m, byPhase: [] }, 'the rest of the report is unchanged');
  }
  // Forecasts every 30 s from 120 s, for 10 minutes on: those made at 120–270 s (6) are for the
  // ingress, at 300–570 s (10) for the show, at 600–870 s (10; the replay's truth ends before
  // 1,500 s) for the egress; three zones each.
  const lv = report.models[0]!;
  assert.deepEqual(lv.byPhase.map((p) => p.n), [18, 30, 30]);
  assert.ok(lv.byPhase.every((p) => p.wapeRatioToLastValue === 1));
});

test('byZone splits the longest horizon\'s error by zone and phase, adding up to byPhase; absent unless asked', () => {
  const venue = lineOnlyVenue();
  const { readings, truth } = recording(5);
  const phases = planPhases({ originMs: START, schedule: [{ stage: 'stage', startS: 900, endS: 1200 }] });
  const report = runBacktest({ venue, readings, groundTruth: truth, models: models(venue), horizonMin: 10, warmupS: 120, phases, byZone: true });
  for (const m of report.models) {
    const zones = m.byZone ?? [];
    assert.ok(zones.length > 0);
    for (const p of m.byPhase) {
      const rows = zones.filter((z) => z.phase === p.phase);
      assert.equal(rows.reduce((a, z) => a + z.n, 0), p.n, `${m.model} ${p.phase}: every scored forecast in one zone`);
      assert.ok(Math.abs(rows.reduce((a, z) => a + z.sumAbsError, 0) - p.sumAbsError) < 1e-6);
    }
    assert.deepEqual([...new Set(zones.map((z) => z.zoneId))].sort(), ['hall', 'pit', 'plaza']);
  }
  const whole = runBacktest({ venue, readings, groundTruth: truth, models: models(venue), horizonMin: 10, warmupS: 120, byZone: true });
  const lv = whole.models[0]!;
  assert.ok(lv.byZone!.every((z) => z.phase === 'all'));
  assert.ok(Math.abs(lv.byZone!.reduce((a, z) => a + z.sumAbsError, 0) - lv.perHorizon[9]!.sumAbsError) < 1e-6);
  assert.equal(runBacktest({ venue, readings, groundTruth: truth, models: models(venue), horizonMin: 10, warmupS: 120 }).models[0]!.byZone, undefined);
});
