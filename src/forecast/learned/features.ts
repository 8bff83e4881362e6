/**
 * Features of the learned forecaster, per (zone, forecast time), from the fused zone states only
 * (the same inputs the other forecasters see). Every feature is scale-free so a model trained on
 * one venue transfers to another: occupancies are divided by the zone's jam occupancy (5.4 p/m² ×
 * area, Weidmann 1993), rates by jam occupancy per minute, times by an hour. The physics
 * forecaster's path is an input (the net learns its correction) and the residual's base.
 * Training and inference build features with this same code, so they cannot drift apart.
 */
import type { EpochMs, ZoneState } from '../../contracts/index.ts';
import { ZONE_TYPES, type Venue } from '../../venue/index.ts';
import { MAX_HORIZON_MIN } from '../forecaster.ts';
import { jamOccupancy } from '../models/history-model.ts';
import { createPhysicsForecaster, curveSlopePerMin, MAX_SPECIFIC_FLOW_PPMS, type PhysicsOptions } from '../models/physics.ts';
import { emptyStats, RecentOccupancy, type RecentStats } from './recent.ts';

const H = MAX_HORIZON_MIN;
const CHANGE_MIN = [1, 2, 5, 10] as const;
const AGO_KEYS = ['ago1', 'ago2', 'ago5', 'ago10'] as const;

/** Feature names in column order; an artifact records them and must match. */
export const FEATURE_NAMES: readonly string[] = [
  'occ_over_jam', 'threshold_over_jam', 'gap_to_threshold_over_jam',
  ...CHANGE_MIN.map((m) => `change_${m}min_over_jam`), 'history_missing_share',
  'slope_5min_over_jam', 'minute_change_rms_over_jam',
  ...Array.from({ length: H }, (_, i) => `physics_change_h${i + 1}_over_jam`),
  'neighbours_occ_over_jam', 'neighbours_change_5min_over_jam', 'neighbours_max_density_over_threshold',
  'flow_capacity_per_min_over_jam', 'has_gate', 'arrivals_now_per_min_over_jam', 'arrivals_next_10min_per_min_over_jam',
  'schedule_known', 'own_stage', 'neighbour_stage', 'hours_to_show_start', 'hours_to_show_end', 'hours_since_show_end', 'in_show',
  ...ZONE_TYPES.map((t) => `type_${t}`),
  'confidence', 'degraded', 'stale_source_share', 'venue_fill',
];
export const FEATURE_COUNT = FEATURE_NAMES.length;

export interface FeatureFrame {
  /** Indices (into venue.zones) of the zones with a known occupancy now, one row each. */
  readonly zoneIndex: Int32Array;
  /** Raw (unnormalised) features, row-major [rows × FEATURE_COUNT]. */
  readonly x: Float32Array;
  /** Occupancy now per row. */
  readonly now: Float64Array;
  /** Physics p50 path per row, [rows × 10]. */
  readonly physics: Float64Array;
}

export interface FeatureExtractor {
  /** Each zone's occupancy in its newest state, in venue order (NaN: unknown or none yet). */
  readonly occupancy: Float64Array;
  observe(states: readonly ZoneState[], ts: EpochMs): void;
  extract(ts: EpochMs): FeatureFrame;
}

export function createFeatureExtractor(venue: Venue, opts: PhysicsOptions): FeatureExtractor {
  const zones = venue.zones;
  const nz = zones.length;
  const index = new Map<string, number>(zones.map((z, i) => [z.id, i]));
  const jam = Float64Array.from(zones, jamOccupancy);
  const thrOcc = Float64Array.from(zones, (z) => z.congestionDensity * z.areaSqm);
  const neighbours: number[][] = zones.map(() => []);
  const flowCapPerMin = new Float64Array(nz);
  for (const p of venue.passages) {
    const a = index.get(p.from)!, b = index.get(p.to)!;
    neighbours[a]!.push(b); neighbours[b]!.push(a);
    flowCapPerMin[a]! += p.widthM * MAX_SPECIFIC_FLOW_PPMS * 60; flowCapPerMin[b]! += p.widthM * MAX_SPECIFIC_FLOW_PPMS * 60;
  }
  const hasGate = new Uint8Array(nz);
  for (const g of venue.gates) { const i = index.get(g.zone)!; hasGate[i] = 1; flowCapPerMin[i]! += g.serviceRatePerMin; }
  const typeIndex = zones.map((z) => ZONE_TYPES.indexOf(z.type));
  const totalJam = jam.reduce((a, b) => a + b, 0);

  // Stage slots per zone: its own stage's, else its neighbours' (the crowd a show end releases).
  const stageZones = new Set(venue.stages.map((s) => index.get(s.zone)!));
  const slotsOfZone = new Map<number, { startS: number; endS: number }[]>();
  for (const slot of opts.schedule ?? []) {
    const st = venue.stages.find((s) => s.id === slot.stage);
    if (!st) continue; // the physics forecaster rejects unknown stages with a clear error
    const zi = index.get(st.zone)!;
    (slotsOfZone.get(zi) ?? slotsOfZone.set(zi, []).get(zi)!).push({ startS: slot.startS, endS: slot.endS });
  }
  const scheduleKnown = (opts.schedule?.length ?? 0) > 0 ? 1 : 0;
  const relevantSlots = zones.map((_, i) => {
    if (stageZones.has(i)) return { own: 1, nb: 0, slots: slotsOfZone.get(i) ?? [] };
    const nbStages = neighbours[i]!.filter((n) => stageZones.has(n));
    return { own: 0, nb: nbStages.length > 0 ? 1 : 0, slots: nbStages.flatMap((n) => slotsOfZone.get(n) ?? []) };
  });
  const gateCurves = (opts.arrivals ?? []).flatMap((a) => {
    const gate = venue.gates.find((g) => g.id === a.gate);
    return gate ? [{ zone: index.get(gate.zone)!, cap: gate.serviceRatePerMin, a }] : [];
  });
  const arrivalRate = (zi: number, tS: number): number => {
    let r = 0;
    for (const g of gateCurves) if (g.zone === zi) r += Math.min(g.cap, g.a.count * curveSlopePerMin(g.a.curve, tS));
    return r;
  };

  const recent = new RecentOccupancy(nz);
  const stats: RecentStats[] = zones.map(emptyStats);
  const physics = createPhysicsForecaster(venue, opts);
  const lastState: (ZoneState | undefined)[] = new Array(nz);
  const occupancy = new Float64Array(nz).fill(NaN);

  return {
    occupancy,
    observe(states, ts) {
      physics.observe(states, ts);
      recent.set(0, ts, NaN); // advances the clock even when no state comes
      for (const s of states) {
        const i = index.get(s.zoneId);
        if (i === undefined) continue;
        lastState[i] = s;
        occupancy[i] = s.occupancy ?? NaN;
        if (s.occupancy !== null) recent.set(i, ts, s.occupancy);
      }
    },
    extract(ts) {
      const rows: number[] = [];
      let venueOcc = 0;
      for (let i = 0; i < nz; i++) {
        const st = recent.stats(i, stats[i]!);
        if (!Number.isNaN(st.now)) { rows.push(i); venueOcc += st.now; }
      }
      // The physics p50 paths as its records would carry them (clamped at 0), without the records.
      const physicsPaths = physics.p50Paths(ts);
      const tS = (ts - opts.originMs) / 1000;
      const n = rows.length;
      const x = new Float32Array(n * FEATURE_COUNT);
      const now = new Float64Array(n);
      const phys = new Float64Array(n * H);
      let k = 0;
      const put = (val: number): void => { x[k++] = Number.isFinite(val) ? val : 0; };
      for (let r = 0; r < n; r++) {
        const i = rows[r]!;
        const J = jam[i]!;
        const st = stats[i]!;
        const v = st.now;
        now[r] = v;
        k = r * FEATURE_COUNT;
        put(v / J); put(thrOcc[i]! / J); put((thrOcc[i]! - v) / J);
        let missing = 0;
        put((v - st.ago1) / J); put((v - st.ago2) / J); put((v - st.ago5) / J); put((v - st.ago10) / J);
        for (const ago of AGO_KEYS) if (Number.isNaN(st[ago])) missing++;
        put(missing / CHANGE_MIN.length);
        put(st.slope5PerMin / J);
        put(st.minuteChangeRms / J);
        const known = !Number.isNaN(physicsPaths.now[i]!);
        for (let h = 0; h < H; h++) {
          const raw = physicsPaths.paths[i * H + h]!;
          const p = known ? Math.max(0, Number.isFinite(raw) ? raw : 0) : v;
          phys[r * H + h] = p;
          put((p - v) / J);
        }
        let nbOcc = 0, nbJam = 0, nbChange = 0, nbMaxRatio = 0;
        for (const nb of neighbours[i]!) {
          const o = stats[nb]!.now;
          if (Number.isNaN(o)) continue;
          nbOcc += o; nbJam += jam[nb]!;
          const c = o - stats[nb]!.ago5;
          if (!Number.isNaN(c)) nbChange += c;
          nbMaxRatio = Math.max(nbMaxRatio, o / thrOcc[nb]!);
        }
        put(nbJam > 0 ? nbOcc / nbJam : 0); put(nbJam > 0 ? nbChange / nbJam : 0); put(nbMaxRatio);
        put(flowCapPerMin[i]! / J); put(hasGate[i]!);
        let ahead = 0;
        for (let m = 1; m <= H; m++) ahead += arrivalRate(i, tS + m * 60);
        put(arrivalRate(i, tS) / J); put(ahead / H / J);
        const rel = relevantSlots[i]!;
        let toStart = Infinity, toEnd = Infinity, sinceEnd = Infinity, inShow = 0;
        for (const s of rel.slots) {
          if (s.startS > tS) toStart = Math.min(toStart, s.startS - tS);
          if (s.endS > tS) toEnd = Math.min(toEnd, s.endS - tS);
          if (s.endS <= tS) sinceEnd = Math.min(sinceEnd, tS - s.endS);
          if (s.startS <= tS && tS < s.endS) inShow = 1;
        }
        put(scheduleKnown); put(rel.own); put(rel.nb);
        put(hoursCapped(toStart)); put(hoursCapped(toEnd)); put(hoursCapped(sinceEnd)); put(inShow);
        for (let t = 0; t < ZONE_TYPES.length; t++) put(typeIndex[i] === t ? 1 : 0);
        const state = lastState[i];
        const sources = state?.sources ?? [];
        let stale = 0;
        for (const src of sources) if (src.stale) stale++;
        put(state?.confidence ?? 0); put(state?.status === 'degraded' ? 1 : 0);
        put(sources.length > 0 ? stale / sources.length : 0);
        put(venueOcc / totalJam);
      }
      return { zoneIndex: Int32Array.from(rows), x, now, physics: phys };
    },
  };
}

/** Seconds → hours, capped at one hour (beyond that a show is "far"); Infinity (none) → 1. */
function hoursCapped(s: number): number {
  return Math.min(1, s / 3600);
}
