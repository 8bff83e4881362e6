import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLastValueForecaster, createPhysicsForecaster, JAM_DENSITY_PPSM, MAX_SPECIFIC_FLOW_PPMS } from '../index.ts';
import { asRatio, asSensorId, type SourceUse } from '../../contracts/index.ts';
import { parseVenue } from '../../venue/index.ts';
import { feed, LINE_ONLY_VENUE_YAML, lineOnlyVenue, seededRandom } from '../test-fixtures.ts';

const START = Date.UTC(2026, 5, 1, 20);
const p50 = (fs: ReturnType<ReturnType<typeof createLastValueForecaster>['forecast']>, zone: string) =>
  fs.find((f) => f.zoneId === zone)!.points.map((p) => p.occupancy.p50);

test('a show ending in four minutes empties the stage area into the hall, conserving people', () => {
  const venue = lineOnlyVenue();
  // Steady crowd: 280 in the pit (100 m²), 650 in the hall (200 m², congested at 800), 50 in the plaza; the show ends at 600 s.
  const m = createPhysicsForecaster(venue, { originMs: START, schedule: [{ stage: 'stage', startS: 0, endS: 600 }], leaveSpreadS: 300 });
  const ts = feed(m, venue, START, 361, (zi) => [50, 650, 280][zi]!);
  const out = m.forecast(ts);
  const pit = p50(out, 'pit'), hall = p50(out, 'hall'), plaza = p50(out, 'plaza');
  for (let h = 0; h < 4; h++) assert.ok(Math.abs(pit[h]! - 280) < 1e-9, `pit unchanged before the show ends (h${h + 1})`);
  assert.ok(pit[9]! < 280 - 0.8 * 280 * 0.9, `pit mostly empty 6 min after the end: ${pit[9]}`);
  assert.ok(hall[9]! > 650 + 150, `hall received the crowd: ${hall[9]}`);
  for (let h = 0; h < 10; h++) assert.ok(Math.abs(pit[h]! + hall[h]! + plaza[h]! - 980) < 1e-6, `people conserved at h${h + 1}`);
  // The hall's pCongestion rises with the release; the last-value baseline cannot see it coming.
  const hallForecast = out.find((f) => f.zoneId === 'hall')!;
  assert.ok(hallForecast.congestionEta !== null && hallForecast.congestionEta > ts + 4 * 60_000, 'ETA after the show ends');
  const lv = createLastValueForecaster(venue);
  const tl = feed(lv, venue, START, 361, (zi) => [50, 650, 280][zi]!);
  assert.ok(hallForecast.pCongestion >= 0.5 && hallForecast.pCongestion > lv.forecast(tl).find((f) => f.zoneId === 'hall')!.pCongestion);
});

test('a released crowd never exceeds the passage capacity or the receiving zone\'s jam occupancy', () => {
  const venue = lineOnlyVenue();
  const m = createPhysicsForecaster(venue, { originMs: START, schedule: [{ stage: 'stage', startS: 0, endS: 60 }], leaveShare: 1, leaveSpreadS: 10 });
  // 500 in the pit, the hall already near jam (5.4 p/m² × 200 m² = 1080).
  const ts = feed(m, venue, START, 50, (zi) => [0, 1000, 500][zi]!);
  const out = m.forecast(ts);
  const hall = p50(out, 'hall'), pit = p50(out, 'pit');
  const hallArea = venue.zoneById.get('hall' as never)!.areaSqm;
  for (const v of hall) assert.ok(v <= JAM_DENSITY_PPSM * hallArea + 1e-9, `hall ${v} over jam`);
  const perMinCap = 4 * MAX_SPECIFIC_FLOW_PPMS * 60;
  for (let h = 1; h < 10; h++) assert.ok(pit[h - 1]! - pit[h]! <= perMinCap + 1e-9, `pit lost more than the passage carries in a minute at h${h + 1}`);
  assert.ok(hall[9]! >= 1000 && Math.abs(hall[9]! + pit[9]! - 1500) < 1e-6);
});

test('arrival curves enter through the gate at no more than its service rate', () => {
  const venue = lineOnlyVenue();
  // 10 000 people due within one minute through a 240 p/min gate.
  const m = createPhysicsForecaster(venue, { originMs: START, arrivals: [{ gate: 'gate-w', count: 10_000, curve: [[0, 0], [600, 0], [660, 1]] }] });
  const ts = feed(m, venue, START, 540, () => 0);
  const plaza = p50(m.forecast(ts), 'plaza');
  assert.ok(plaza[0]! < 1e-9, 'nobody before the curve starts');
  assert.ok(plaza[2]! > 200 && plaza[2]! <= 240 + 1e-6, `one minute of service: ${plaza[2]}`);
});

test('an unknown stage in the schedule is refused with the stages it could be', () => {
  assert.throws(() => createPhysicsForecaster(lineOnlyVenue(), { originMs: 0, schedule: [{ stage: 'nope', startS: 0, endS: 1 }] }), /CF_ERR_CONFIG: .*"nope".*expected one of stage/);
  assert.throws(() => createPhysicsForecaster(lineOnlyVenue(), { originMs: 0, stepS: 0 }), /`stepS` 0 not in \[1, 60\]/);
});

test('the raw p50 paths are what the records carry, and an unknown zone has no path', () => {
  const venue = lineOnlyVenue();
  const m = createPhysicsForecaster(venue, { originMs: START, schedule: [{ stage: 'stage', startS: 0, endS: 600 }], leaveSpreadS: 300 });
  // The plaza goes silent after 200 s (no path); the pit empties into the hall after the show.
  const ts = feed(m, venue, START, 361, (zi, s) => (zi === 0 && s > 200 ? null : [50, 650, 280][zi]!));
  const records = m.forecast(ts);
  const raw = m.p50Paths(ts);
  assert.ok(Number.isNaN(raw.now[0]!) && !records.some((f) => f.zoneId === 'plaza'), 'the silent plaza');
  venue.zones.forEach((z, i) => {
    const f = records.find((r) => r.zoneId === z.id);
    if (!f) return;
    assert.equal(raw.now[i], [50, 650, 280][i]);
    for (let h = 0; h < 10; h++) assert.equal(Math.max(0, raw.paths[i * 10 + h]!), f.points[h]!.occupancy.p50, `${z.id} h${h + 1}`);
  });
  assert.ok(raw.paths[2 * 10 + 9]! < 100, 'the pit empties');
});

/**
 * The tiny venue with a standing field beside the pit (audience zones: pit 300, field 400 people),
 * the field counted by Wi-Fi (a sampled source), the rest by counting lines.
 */
function venueWithField() {
  const yaml = LINE_ONLY_VENUE_YAML
    .replace('passages:\n', 'passages:\n  - { id: p-pit-field, from: pit, to: field, opening: [[50, 0], [50, 10]] }\n')
    .replace('  - { id: pit,', '  - { id: field, type: standing, capacity: 400, polygon: [[50, 0], [70, 0], [70, 10], [50, 10]] }\n  - { id: pit,')
    .replace('sensors:\n', 'sensors:\n  - { id: wifi-field, kind: wifi_count, zone: field, periodMs: 10000 }\n');
  return parseVenue(yaml, '<tiny-line-with-field>');
}

test('a full audience zone stops at its capacity and those still coming go on to the next audience zone', () => {
  const venue = venueWithField();
  const zi = (id: string) => venue.zones.findIndex((z) => z.id === id);
  // The pit fills at 30 p/min from 160 (200 s ago) to 260 now; the field and the rest stay empty.
  const rising = (start: number) => (i: number, s: number) => (i === zi('pit') ? start + s * 0.5 : 0);
  const capped = createPhysicsForecaster(venue, { originMs: START });
  const ts = feed(capped, venue, START, 201, rising(160));
  const cappedOut = capped.forecast(ts);
  const pit = p50(cappedOut, 'pit'), field = p50(cappedOut, 'field');
  // Without the rule the pit goes on past its capacity and the field stays empty.
  const plain = createPhysicsForecaster(venue, { originMs: START, fillToCapacity: false });
  const tp = feed(plain, venue, START, 201, rising(160));
  const plainOut = plain.forecast(tp);
  const plainPit = p50(plainOut, 'pit');
  assert.ok(plainPit[9]! > 330, `the trend alone passes the capacity: ${plainPit[9]}`);
  assert.ok(p50(plainOut, 'field')[9]! < 1e-9);
  for (const v of pit) assert.ok(v <= 300 + 1e-9, `pit ${v} over its capacity`);
  assert.ok(pit[9]! > 299, `the pit fills up: ${pit[9]}`);
  assert.ok(field[9]! > 30, `the field takes the overflow: ${field[9]}`);
  for (let h = 0; h < 10; h++) assert.ok(Math.abs(pit[h]! + field[h]! - plainPit[h]!) < 1e-6, `everyone the trend brings is placed at h${h + 1}`);
  // A pit clearly over its capacity (350 > 1.1 × 300) has shown that people press on: it is not
  // held at 300. Just over it (320) is within the sensors' noise of full.
  const over = createPhysicsForecaster(venue, { originMs: START });
  const to = feed(over, venue, START, 201, rising(250));
  const overPit = p50(over.forecast(to), 'pit');
  for (let h = 0; h < 10; h++) assert.ok(Math.abs(overPit[h]! - (plainPit[h]! + 90)) < 1e-6, `an over-full pit fills as without the rule at h${h + 1}: ${overPit[h]}`);
  const near = createPhysicsForecaster(venue, { originMs: START });
  const tn = feed(near, venue, START, 201, rising(220));
  for (const v of p50(near.forecast(tn), 'pit')) assert.ok(v <= 320 + 1e-9, `a pit at 320 does not fill on: ${v}`);
});

test('a crowd gathering for a show does not push a full stage zone over its capacity', () => {
  const venue = venueWithField();
  const m = createPhysicsForecaster(venue, { originMs: START, schedule: [{ stage: 'stage', startS: 900, endS: 2000 }] });
  const ts = feed(m, venue, START, 400, (i) => [0, 200, 0, 295][i]!);
  const out = m.forecast(ts);
  for (const v of p50(out, 'pit')) assert.ok(v <= 300 + 1e-9, `pit ${v}`);
  assert.ok(p50(out, 'pit')[9]! > 299, 'the pit takes what room it has');
});

test('a slope within the fused count\'s scatter is shrunk; a clear one is kept nearly whole', () => {
  const venue = venueWithField();
  const pit = venue.zones.findIndex((z) => z.id === 'pit');
  const rnd = seededRandom(7);
  const noise = Array.from({ length: 400 }, () => (rnd() - 0.5) * 40);
  // Flat at 150 with ±20 scatter: whatever slope the noise makes should not travel ten minutes.
  const flat = (i: number, s: number) => (i === pit ? 150 + noise[s]! : 0);
  const shrunk = createPhysicsForecaster(venue, { originMs: START, fillToCapacity: false });
  const plain = createPhysicsForecaster(venue, { originMs: START, fillToCapacity: false, trendSignificance: 0 });
  const ts = feed(shrunk, venue, START, 400, flat);
  feed(plain, venue, START, 400, flat);
  const drift = (m: typeof plain, at: typeof ts) => { const p = p50(m.forecast(at), 'pit'); return Math.abs(p[9]! - p[0]!); };
  const driftShrunk = drift(shrunk, ts), driftPlain = drift(plain, ts);
  assert.ok(driftPlain > 2 && driftShrunk < driftPlain / 2, `noise slope travels: plain ${driftPlain}, shrunk ${driftShrunk}`);
  // A clean ramp of 20 p/min with the same scatter keeps at least 90 % of its slope.
  const ramp = (i: number, s: number) => (i === pit ? 50 + s / 3 + noise[s]! : 0);
  const a = createPhysicsForecaster(venue, { originMs: START, fillToCapacity: false });
  const b = createPhysicsForecaster(venue, { originMs: START, fillToCapacity: false, trendSignificance: 0 });
  const tr = feed(a, venue, START, 400, ramp);
  feed(b, venue, START, 400, ramp);
  const gain = (m: typeof a) => { const p = p50(m.forecast(tr), 'pit'); return p[9]! - p[0]!; };
  assert.ok(gain(b) > 50 && gain(a) >= 0.9 * gain(b), `ramp kept: ${gain(a)} of ${gain(b)}`);
});

test('a sampled count that wanders for minutes is not taken for a trend; a counted zone keeps its runs', () => {
  const venue = venueWithField();
  const rnd = seededRandom(11);
  const jitter = Array.from({ length: 400 }, () => (rnd() - 0.5) * 4);
  // A four-minute wander of ±10 % (what the filtered Wi-Fi count of a full zone does): over the
  // three-minute fit its residuals run in one direction for a minute at a time, so the
  // white-noise standard error is too small.
  const wander = (s: number) => 50 * Math.sin((2 * Math.PI * s) / 240) + jitter[s]!;
  // The field's states carry its Wi-Fi source, live (a share of the fused count) unless `wifiDeadAfterS`.
  const fieldIndex = venue.zones.findIndex((z) => z.id === 'field');
  const wifi = (weight: number): SourceUse[] => [{
    sensorId: asSensorId('wifi-field'), kind: 'wifi_count', weight: asRatio(weight), occupancy: null, lastTs: null, stale: weight === 0,
  }];
  const drift = (zoneId: string, opts: { trendAutocorrelation?: boolean }, level: (s: number) => number, wifiDeadAfterS = Infinity) => {
    const zi = venue.zones.findIndex((z) => z.id === zoneId);
    const m = createPhysicsForecaster(venue, { originMs: START, fillToCapacity: false, ...opts });
    const sources = (i: number, s: number) => (i === fieldIndex ? wifi(s < wifiDeadAfterS ? 1 : 0) : []);
    const ts = feed(m, venue, START, 400, (i, s) => (i === zi ? level(s) : 0), sources);
    const p = p50(m.forecast(ts), zoneId);
    return Math.abs(p[9]! - p[0]!);
  };
  const field = (s: number) => 500 + wander(s);
  const white = drift('field', { trendAutocorrelation: false }, field);
  const corrected = drift('field', { trendAutocorrelation: true }, field);
  assert.ok(white > 5 && corrected < white / 3, `wander travels: white-noise error ${white}, corrected ${corrected}`);
  assert.equal(drift('field', {}, field), corrected, 'the correction is on by default');
  // The hall is counted by lines at both ends: the same shape there is taken as it is.
  const hall = (s: number) => 300 + 0.3 * wander(s);
  const hallDrift = drift('hall', {}, hall);
  assert.ok(hallDrift > 1, `the hall's runs make a trend: ${hallDrift}`);
  assert.equal(hallDrift, drift('hall', { trendAutocorrelation: false }, hall), 'a counted zone is not corrected');
  // The field with its Wi-Fi dead for the last four minutes (estimated from its counting lines):
  // what its states say informed them decides, not the venue's sensor list. Dead for only the
  // last two, the wander it left is still in the three-minute fit, and still corrected.
  assert.equal(drift('field', {}, field, 160), white, 'a zone no sampled source informs is not corrected');
  assert.equal(drift('field', {}, field, 280), corrected, 'a sampled source within the fit span still counts');
});

test('the planned egress empties the audience zones over its spread, and not before it starts', () => {
  const venue = venueWithField();
  // Steady: 200 in the pit, 300 in the field, 100 in the hall; egress from 600 s, spread over 300 s.
  const m = createPhysicsForecaster(venue, { originMs: START, egress: { startS: 600, spreadS: 300 } });
  const ts = feed(m, venue, START, 361, (i) => [0, 100, 300, 200][i]!);
  const out = m.forecast(ts);
  const pit = p50(out, 'pit'), field = p50(out, 'field'), hall = p50(out, 'hall');
  for (let h = 0; h < 4; h++) assert.ok(Math.abs(pit[h]! - 200) < 1e-9 && Math.abs(field[h]! - 300) < 1e-9, `nobody leaves before the egress (h${h + 1})`);
  assert.ok(Math.abs(pit[6]! - 200 * (1 - 180 / 300)) < 1e-6, `180 s of the 300 s spread gone at h7: ${pit[6]}`);
  assert.ok(pit[9]! < 1e-6 && field[9]! < 1e-6, 'empty at the end of the spread');
  for (const v of hall) assert.ok(Math.abs(v - 100) < 1e-9, 'the hall is not an audience zone');
  // Half way through the egress, what is left leaves over what is left of the spread.
  const late = createPhysicsForecaster(venue, { originMs: START, egress: { startS: 200, spreadS: 300 } });
  const tl = feed(late, venue, START, 351, (i) => [0, 100, 300, 200][i]!);
  const pitLate = p50(late.forecast(tl), 'pit');
  assert.ok(Math.abs(pitLate[0]! - 200 * (1 - 60 / 150)) < 1e-6 && pitLate[2]! < 1e-6, `late: ${pitLate.slice(0, 3)}`);
});
