import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregateReports, checkTargets } from './aggregate.ts';
import { missedOnsets, scoreOnsets } from './onsets.ts';
import type { BacktestReport, ModelReport } from './run-backtest.ts';

const H = 600_000;

function model(name: string, errs: [number, number][], onsets: number[], alarms: number[]): ModelReport {
  // errs: per horizon [Σ|e|, Σ actual], n = 10 each; onsets/alarms in zone 0.
  return {
    model: name,
    perHorizon: errs.map(([e, a], i) => ({ horizonMin: i + 1, n: 10, maeOccupancy: e / 10, wapeOccupancy: e / a, maeDensity: e / 100, sumAbsError: e, sumActual: a })),
    wapeRatioToLastValue: null,
    congestion: scoreOnsets(onsets.map((t) => ({ zoneIndex: 0, tsMs: t })), alarms.map((t) => ({ zoneIndex: 0, tsMs: t })), H),
    missedOnsets: missedOnsets(onsets.map((t) => ({ zoneIndex: 0, tsMs: t })), alarms.map((t) => ({ zoneIndex: 0, tsMs: t })), H).map((o) => ({ zoneId: 'z', ts: o.tsMs })),
    byPhase: [],
  };
}

function report(venueId: string, models: ModelReport[], onsets: number): BacktestReport {
  return {
    venueId, truth: 'ground-truth', horizonMin: 2, forecastEveryS: 30, warmupS: 300, alarmP: 0.5, readings: 100,
    fromTs: 0, toTs: 1, forecasts: 10, onsets, onsetList: [], models,
  };
}

test('pooled WAPE is Σ|e| / Σ actual over runs (not the mean of WAPEs); onsets summed, leads pooled', () => {
  const a = report('v1', [
    model('last-value@1', [[10, 100], [20, 100]], [1_000_000], []),
    model('m@1', [[5, 100], [10, 100]], [1_000_000], [1_000_000 - 400_000]),
  ], 1);
  const b = report('v2', [
    model('last-value@1', [[30, 900], [60, 900]], [5_000_000, 9_000_000], []),
    model('m@1', [[30, 900], [20, 900]], [5_000_000, 9_000_000], [5_000_000 - 200_000, 9_000_000 + 1000]),
  ], 2);
  const agg = aggregateReports([a, b]);
  assert.equal(agg.runs, 2);
  assert.deepEqual(agg.venues, ['v1', 'v2']);
  assert.equal(agg.onsets, 3);
  const [lv, m] = agg.models;
  assert.equal(lv!.perHorizon[1]!.wapeOccupancy, 0.08); // (20 + 60) / 1000, not mean(0.2, 0.0667)
  assert.equal(m!.perHorizon[1]!.wapeOccupancy, 0.03);
  assert.equal(m!.perHorizon[1]!.n, 20);
  assert.equal(m!.wapeRatioToLastValue, 0.375);
  assert.equal(m!.congestion.onsets, 3);
  assert.equal(m!.congestion.detected, 2);
  assert.deepEqual(m!.congestion.leadsS, [200, 400]);
  assert.equal(m!.congestion.medianLeadS, 300);
  assert.equal(m!.congestion.alarms, 3);
  assert.equal(m!.congestion.trueAlarms, 2);
  assert.equal(m!.missedOnsets.length, 1, 'the undetected onset, from whichever run');
  // Horizon 2 < 10: the 10-minute WAPE target cannot be judged, so not all targets are met.
  assert.equal(m!.targets.wapeRatio10.met, null);
  assert.equal(m!.targets.allMet, false);
});

test('targets: each bound judged on its value, null when not measurable', () => {
  const congestion = { ...scoreOnsets([], [], H), recall: 0.95, precision: 0.79, medianLeadS: 300 };
  const t = checkTargets({ wapeRatioToLastValue: 0.6, congestion }, 10);
  assert.deepEqual([t.wapeRatio10.met, t.recall.met, t.medianLeadS.met, t.precision.met, t.allMet], [true, true, true, false, false]);
  const none = checkTargets({ wapeRatioToLastValue: 0.5, congestion: scoreOnsets([], [], H) }, 10);
  assert.deepEqual([none.recall.met, none.precision.met, none.allMet], [null, null, false]);
  const all = checkTargets({ wapeRatioToLastValue: 0.5, congestion: { ...congestion, precision: 0.8 } }, 10);
  assert.equal(all.allMet, true);
});

test('reports of different horizons are refused', () => {
  const a = report('v1', [], 0);
  assert.throws(() => aggregateReports([a, { ...a, horizonMin: 10 }]), /CF_ERR_RANGE: .*horizon 10 min among 2 min/);
});

test('phases of the same name pool across runs (Σ|e| / Σ actual), with their ratio to last value', () => {
  const withPhases = (m: ModelReport, phases: [string, number, number][]): ModelReport => ({
    ...m, byPhase: phases.map(([phase, e, a]) => ({ phase, n: 10, sumAbsError: e, sumActual: a, wapeOccupancy: e / a, wapeRatioToLastValue: null })),
  });
  const errs: [number, number][] = [[10, 100], [20, 100]];
  const a = report('v', [
    withPhases(model('last-value@1', errs, [], []), [['ingress', 10, 100], ['egress', 30, 100]]),
    withPhases(model('m@1', errs, [], []), [['ingress', 5, 100], ['egress', 30, 100]]),
  ], 0);
  const b = report('v', [
    withPhases(model('last-value@1', errs, [], []), [['ingress', 30, 100], ['show 1 (s)', 10, 50]]),
    withPhases(model('m@1', errs, [], []), [['ingress', 15, 100], ['show 1 (s)', 20, 50]]),
  ], 0);
  const m = aggregateReports([a, b]).models[1]!;
  assert.deepEqual(m.byPhase.map((p) => [p.phase, p.n, p.wapeOccupancy, p.wapeRatioToLastValue]), [
    ['ingress', 20, 0.1, 0.5], ['egress', 10, 0.3, 1], ['show 1 (s)', 10, 0.4, 2],
  ]);
});
