import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RiskAssessment, ZONE_FORECAST_SCHEMA, type ZoneForecast } from '../contracts/index.ts';
import { assessRisk, DEFAULT_RISK_SETTINGS, RiskSettings, levelOf, weidmannSpeedMps } from './index.ts';
import { zoneState, type StateFields } from './test-helpers.ts';

const S = DEFAULT_RISK_SETTINGS;
const EPS = 1e-9;

/**
 * Every branch of the guide's Full Formula, each row computed by hand:
 * risk = 0.4·min(1, ρ/10) + 0.3·min(1, surge/2) + 0.3·clamp01(1 − (v − 0.2)/1.3)
 *      + max(0, P − 0.3)·0.15 + max(0, C − 0.5)·0.2; ×1.15 if count > 100; clamp to [0, 1].
 */
const TABLE: ReadonlyArray<{ name: string; in: StateFields; unclamped: number; score: number; level: string; large: boolean }> = [
  { name: 'all quiet', in: { density: 0, surgeRate: 0, speed: 1.5, occupancy: 0 }, unclamped: 0, score: 0, level: 'SAFE', large: false },
  // ρ 12 caps at 1 → 0.4; v 2.0 is above free speed, inverse norm clamps to 0.
  { name: 'density cap, velocity floor clamp', in: { density: 12, speed: 2 }, unclamped: 0.4, score: 0.4, level: 'CAUTION', large: false },
  // 0.4·0.5 + 0.3·0.5 + 0.3·(1 − 0.65/1.3 = 0.5) = 0.5 exactly: the WARNING boundary.
  { name: 'warning boundary', in: { density: 5, surgeRate: 1, speed: 0.85, occupancy: 100 }, unclamped: 0.5, score: 0.5, level: 'WARNING', large: false },
  // count 100 is not > 100; 101 is: 0.5 × 1.15.
  { name: 'x1.15 above 100 people', in: { density: 5, surgeRate: 1, speed: 0.85, occupancy: 101 }, unclamped: 0.575, score: 0.575, level: 'WARNING', large: true },
  // surge 3 caps at 1 → 0.3; v 0.1 below stagnant, inverse norm clamps to 1 → 0.3.
  { name: 'surge cap, velocity ceiling clamp', in: { density: 0, surgeRate: 3, speed: 0.1 }, unclamped: 0.6, score: 0.6, level: 'WARNING', large: false },
  // Boost thresholds are exclusive: P 0.3 and C 0.5 add nothing.
  { name: 'boosts at their thresholds are off', in: { density: 5, surgeRate: 1, speed: 0.85, pressure: 0.3, coherence: 0.5 }, unclamped: 0.5, score: 0.5, level: 'WARNING', large: false },
  // P 1 → 0.7·0.15 = 0.105.
  { name: 'pressure boost on', in: { density: 5, surgeRate: 1, speed: 0.85, pressure: 1 }, unclamped: 0.605, score: 0.605, level: 'WARNING', large: false },
  // C 1 → 0.5·0.2 = 0.1.
  { name: 'coherence boost on', in: { density: 5, surgeRate: 1, speed: 0.85, coherence: 1 }, unclamped: 0.6, score: 0.6, level: 'WARNING', large: false },
  // (1 + 0.105 + 0.1)·1.15 = 1.38575, clamped to 1.
  { name: 'clamp above 1', in: { density: 10, surgeRate: 2, speed: 0.2, pressure: 1, coherence: 1, occupancy: 500 }, unclamped: 1.38575, score: 1, level: 'CRITICAL', large: true },
  // 0.4·0.625 = 0.25: CAUTION boundary; 0.4·0.62 = 0.248 just below.
  { name: 'caution boundary', in: { density: 6.25, speed: 1.5 }, unclamped: 0.25, score: 0.25, level: 'CAUTION', large: false },
  { name: 'just below caution', in: { density: 6.2, speed: 1.5 }, unclamped: 0.248, score: 0.248, level: 'SAFE', large: false },
  // 0.4 + 0.15 + 0.15 + 0.25·0.2 = 0.75: CRITICAL boundary; C 0.74 gives 0.748.
  { name: 'critical boundary', in: { density: 10, surgeRate: 1, speed: 0.85, coherence: 0.75 }, unclamped: 0.75, score: 0.75, level: 'CRITICAL', large: false },
  { name: 'just below critical', in: { density: 10, surgeRate: 1, speed: 0.85, coherence: 0.74 }, unclamped: 0.748, score: 0.748, level: 'WARNING', large: false },
  // 0.4·0.45 + 0.3·0.45 + 0.3·0.45 = 0.45 CAUTION; ×1.15 = 0.5175 crosses into WARNING.
  { name: 'x1.15 crosses a level', in: { density: 4.5, surgeRate: 0.9, speed: 0.915, occupancy: 101 }, unclamped: 0.5175, score: 0.5175, level: 'WARNING', large: true },
  { name: 'same without the crowd', in: { density: 4.5, surgeRate: 0.9, speed: 0.915, occupancy: 100 }, unclamped: 0.45, score: 0.45, level: 'CAUTION', large: false },
  // Guide §5 worked example: v 0.5 → 0.7692, surge 0.1 → 0.05; ρ 5: 0.2 + 0.015 + 0.23077 = 0.44577.
  { name: 'guide example (10 people on 2 m²)', in: { density: 5, surgeRate: 0.1, speed: 0.5, occupancy: 10 }, unclamped: 0.2 + 0.015 + 0.3 * (1 - 0.3 / 1.3), score: 0.2 + 0.015 + 0.3 * (1 - 0.3 / 1.3), level: 'CAUTION', large: false },
  // No head count: the ×1.15 cannot be justified, so it does not apply.
  { name: 'unknown count, no x1.15', in: { density: 5, surgeRate: 1, speed: 0.85, occupancy: null }, unclamped: 0.5, score: 0.5, level: 'WARNING', large: false },
];

for (const row of TABLE) {
  test(`risk score: ${row.name}`, () => {
    const r = RiskAssessment.parse(assessRisk(zoneState(row.in), S));
    assert.ok(r.components, 'components');
    assert.ok(Math.abs(r.components.unclamped - row.unclamped) < EPS, `unclamped ${r.components.unclamped} ≠ ${row.unclamped}`);
    assert.ok(Math.abs((r.score ?? NaN) - row.score) < EPS, `score ${r.score} ≠ ${row.score}`);
    // The table is the formula's: its level is the score's. The density floor is tested below.
    assert.equal(levelOf(r.score!, S), row.level);
    assert.equal(r.level, (row.in.density ?? 0) >= S.triggers.criticalDensityPpsm ? 'CRITICAL' : row.level);
    assert.equal(r.components.largeCrowd, row.large);
  });
}

test('a density at or above the lethal band is CRITICAL whatever the score (guide §7)', () => {
  // 8 p/m² shuffling forward at 0.3 m/s with no surge scores 0.32 + 0.277 = 0.60 (WARNING by formula).
  const moving = assessRisk(zoneState({ density: 8, surgeRate: 0, speed: 0.3, occupancy: 80 }), S);
  assert.ok(moving.score! < S.levels.critical, `score ${moving.score} is below CRITICAL by formula`);
  assert.equal(moving.level, 'CRITICAL');
  assert.equal(assessRisk(zoneState({ density: 7, speed: 0.3, occupancy: 70 }), S).level, 'CRITICAL');
  assert.equal(assessRisk(zoneState({ density: 6.99, speed: 0.3, occupancy: 70 }), S).level, 'WARNING');
  const lower = RiskSettings.parse({ ...S, triggers: { ...S.triggers, criticalDensityPpsm: 5 } });
  assert.equal(assessRisk(zoneState({ density: 5.5, speed: 1.0 }), lower).level, 'CRITICAL');
});

test('settings stored before the density floor existed get the guide\'s 7 p/m²', () => {
  const { criticalDensityPpsm: _omitted, ...oldTriggers } = S.triggers;
  assert.equal(RiskSettings.parse({ ...S, triggers: oldTriggers }).triggers.criticalDensityPpsm, 7);
});

test('level thresholds are inclusive lower bounds', () => {
  const cases: Array<[number, string]> = [
    [0, 'SAFE'], [0.2499, 'SAFE'], [0.25, 'CAUTION'], [0.4999, 'CAUTION'], [0.5, 'WARNING'],
    [0.7499, 'WARNING'], [0.75, 'CRITICAL'], [1, 'CRITICAL'],
  ];
  for (const [score, level] of cases) assert.equal(levelOf(score, S), level, `score ${score}`);
});

test('a missing speed is estimated from density by Weidmann 1993', () => {
  assert.equal(weidmannSpeedMps(6), 0);
  assert.equal(weidmannSpeedMps(0), 1.34);
  assert.ok(Math.abs(weidmannSpeedMps(2) - 0.61) < 0.01, 'VALIDATION table: 0.61 m/s at 2 p/m²');
  const r = assessRisk(zoneState({ density: 1, speed: null }), S);
  const v = 1.34 * (1 - Math.exp(-1.913 * (1 - 1 / 5.4)));
  const expected = 0.4 * 0.1 + 0.3 * (1 - (v - 0.2) / 1.3);
  assert.ok(Math.abs((r.score ?? NaN) - expected) < EPS, `${r.score} ≠ ${expected}`);
  // Jammed: v = 0 → inverse norm 1. But stagnation is then inferred from the density itself, not
  // observed, so it does not trigger; measured at the same speed it does.
  const jam = assessRisk(zoneState({ density: 5.5, speed: null }), S);
  assert.equal(jam.components?.velocityInvNorm, 1);
  assert.ok(!jam.triggers.includes('stagnation_with_density'));
  assert.ok(!assessRisk(zoneState({ density: 5.5, speed: 0, speedEstimated: true }), S).triggers.includes('stagnation_with_density'));
  assert.ok(assessRisk(zoneState({ density: 5.5, speed: 0, speedEstimated: false }), S).triggers.includes('stagnation_with_density'));
});

test('an unknown zone has no score, no level and no triggers', () => {
  for (const f of [{ status: 'unknown' as const }, { density: null }, { density: null, speed: null }]) {
    const r = RiskAssessment.parse(assessRisk(zoneState({ ...f, surgeRate: 5 }), S));
    assert.equal(r.score, null);
    assert.equal(r.level, null);
    assert.equal(r.components, null);
    assert.deepEqual(r.triggers, []);
  }
});

test('triggers fire strictly above the guide thresholds', () => {
  const trig = (f: StateFields): string[] => assessRisk(zoneState(f), S).triggers;
  assert.ok(!trig({ density: 6 }).includes('extreme_density'));
  assert.ok(trig({ density: 6.01 }).includes('extreme_density'));
  assert.ok(!trig({ density: 2, surgeRate: 0.8 }).includes('sudden_surge'));
  assert.ok(trig({ density: 2, surgeRate: 0.81 }).includes('sudden_surge'));
  assert.ok(!trig({ density: 1.99, surgeRate: 3 }).includes('sudden_surge'), 'a sparse zone filling up is not a surge');
  assert.ok(trig({ density: 4.1, speed: 0.19 }).includes('stagnation_with_density'));
  assert.ok(!trig({ density: 4.1, speed: 0.2 }).includes('stagnation_with_density'));
  assert.ok(!trig({ density: 4, speed: 0.1 }).includes('stagnation_with_density'));
  assert.ok(trig({ density: 5, surgeRate: 1, speed: 0.85 }).includes('risk_threshold'));
  assert.ok(!trig({ density: 6.25 }).includes('risk_threshold'));
});

function forecast(zoneId: string, ts: number, p: number, etaMs: number | null): ZoneForecast {
  return {
    schema: ZONE_FORECAST_SCHEMA, venueId: 'pilot-arena', zoneId, ts, modelVersion: 'test', points: [],
    pCongestion: p, congestionThreshold: 4, congestionEta: etaMs,
  } as unknown as ZoneForecast;
}

test('predicted_congestion needs a fresh, likely, near forecast of the same zone', () => {
  const ts = 1_800_000_000_000;
  const st = zoneState({ ts, zoneId: 'tunnel-n1' });
  const has = (f: ZoneForecast): boolean => assessRisk(st, S, f).triggers.includes('predicted_congestion');
  assert.ok(has(forecast('tunnel-n1', ts - 1000, 0.8, ts + 5 * 60_000)));
  assert.ok(has(forecast('tunnel-n1', ts, 0.7, null)));
  assert.ok(!has(forecast('tunnel-n1', ts, 0.69, ts + 60_000)), 'unlikely');
  assert.ok(!has(forecast('tunnel-n1', ts, 0.9, ts + 11 * 60_000)), 'too far ahead');
  assert.ok(!has(forecast('tunnel-n2', ts, 0.9, ts + 60_000)), 'other zone');
  assert.ok(!has(forecast('tunnel-n1', ts - 61_000, 0.9, ts + 60_000)), 'stale');
  assert.ok(!has(forecast('tunnel-n1', ts + 1000, 0.9, ts + 60_000)), 'from the future');
  assert.ok(!assessRisk(st, S, null).triggers.includes('predicted_congestion'));
});

test('changed settings take effect on the next call', () => {
  const st = zoneState({ density: 5, surgeRate: 1, speed: 0.85 });
  assert.equal(assessRisk(st, S).level, 'WARNING');
  const stricter = RiskSettings.parse({ ...S, levels: { caution: 0.2, warning: 0.3, critical: 0.45 } });
  assert.equal(assessRisk(st, stricter).level, 'CRITICAL');
  const densityOnly = RiskSettings.parse({ ...S, weights: { density: 1, surge: 0, velocity: 0 } });
  assert.ok(Math.abs((assessRisk(st, densityOnly).score ?? NaN) - 0.5) < EPS);
});

test('settings reject impossible values with the valid range', () => {
  assert.equal(RiskSettings.safeParse(S).success, true);
  assert.equal(RiskSettings.safeParse({ ...S, levels: { caution: 0.5, warning: 0.4, critical: 0.75 } }).success, false);
  assert.equal(RiskSettings.safeParse({ ...S, weights: { density: 1.2, surge: 0, velocity: 0 } }).success, false);
  assert.equal(RiskSettings.safeParse({ ...S, normalisation: { ...S.normalisation, freeSpeedMps: 0.1 } }).success, false);
  assert.equal(RiskSettings.safeParse({ ...S, extra: 1 }).success, false);
});
