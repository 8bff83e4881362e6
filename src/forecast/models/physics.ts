/**
 * Physics-informed forecaster: the venue graph as a cell-transmission model (Daganzo 1994, adapted
 * from road links to pedestrian zones). Cells are zones, holding at most their jam occupancy
 * (5.4 p/m² × area, Weidmann 1993); links are passages carrying at most width × 1.3 p/(m·s) (the
 * SFPE maximum specific flow, the same cap the simulator's gates use) and gates at their service
 * rate. Ten minutes are stepped in `stepS` steps from the occupancy now:
 * 1. background demand: each zone's recent net rate (least-squares slope over `trendMin`), limited
 *    by what its passages and gates can carry and by the room left in the zone (the receiving
 *    function). It persists as the arrivals do: scaled by the venue's total arrival rate ahead over
 *    the rate now when arrival curves say people are still coming (ingress feeds every zone
 *    downstream), else decaying with time constant `decayMin` (a surge seldom lasts ten minutes);
 * 2. arrivals (optional input): the arrival curves' rate at each step enters the gate's zone, capped
 *    by the gate's service rate; the part of the observed rate explained by arrivals now is taken
 *    out of the background so it is not counted twice. Without curves the background carries the
 *    observed gate inflow forward (demand estimated from recent scans and counts);
 * 3. the stage schedule: when a show ends, `leaveShare` of the crowd the stage zone held at the end
 *    leaves over `leaveSpreadS`, through its passages in proportion to their width, each passage at
 *    most its capacity, each neighbour at most its room; before a show starts, `gatherShare` of each
 *    neighbour's occupancy moves in over the `gatherS` before the start. While a show release or
 *    gathering is under way, the stage zone's and its neighbours' background is set to zero: the
 *    schedule explains their change.
 * 4. the planned egress (optional input): from the last show's end the audience zones empty evenly
 *    over the egress spread.
 * Audience zones fill to their capacity and pass the rest on (`fillToCapacity`), and the trend's
 * slope is shrunk by its standard error (`trendSignificance`), corrected for residuals that run
 * in one direction for minutes (`trendAutocorrelation`); see the options.
 * Not modelled (yet): onward routing beyond the first ring of zones (a released crowd stays in the
 * concourses it reached, so this over-forecasts them late in the horizon), facility queues.
 */
import { assertInRange, CrowdflowError, type EpochMs, type GateId, type StageId, type ZoneForecast, type ZoneId, type ZoneState } from '../../contracts/index.ts';
import type { Venue, Zone } from '../../venue/index.ts';
import { randomWalkSigmasInto, zoneForecast } from '../band.ts';
import { MAX_HORIZON_MIN, MINUTE_MS, type Forecaster } from '../forecaster.ts';
import { BUCKET_MS, ZoneHistory } from '../history.ts';
import { jamOccupancy } from './history-model.ts';

/** The model's name, and its revision: bumped whenever its paths change for the same inputs (3: the autocorrelation-corrected trend; 4: corrected where the states' sources say a sampled source informed them). */
export const PHYSICS_MODEL_NAME = 'physics-ctm';
export const PHYSICS_MODEL_REVISION = '4';
/** name@revision, as in every forecast's modelVersion. */
export const PHYSICS_MODEL_VERSION = `${PHYSICS_MODEL_NAME}@${PHYSICS_MODEL_REVISION}`;

/** Maximum specific flow through an opening, p/(m·s) (SFPE Handbook; the simulator's gate cap). */
export const MAX_SPECIFIC_FLOW_PPMS = 1.3;

export interface ShowSlot { readonly stage: StageId | string; readonly startS: number; readonly endS: number }
export interface ArrivalCurve {
  readonly gate: GateId | string;
  readonly count: number;
  /** [seconds from origin, cumulative share in [0, 1]], increasing in time. */
  readonly curve: readonly (readonly [number, number])[];
}

export interface PhysicsOptions {
  /** Event time (ms) of t = 0 of the schedule and the arrival curves. */
  readonly originMs: number;
  readonly schedule?: readonly ShowSlot[];
  readonly arrivals?: readonly ArrivalCurve[];
  readonly stepS?: number;
  readonly trendMin?: number;
  readonly decayMin?: number;
  readonly leaveShare?: number;
  readonly leaveSpreadS?: number;
  readonly gatherShare?: number;
  readonly gatherS?: number;
  /**
   * Audience zones (standing, stage front, seating) fill to their capacity and what would
   * enter beyond it goes on to the neighbouring audience zones with room (default true).
   */
  readonly fillToCapacity?: boolean;
  /**
   * The trend's slope is shrunk by its noise: b·b² / (b² + k²·se²) with se its standard error
   * and k this (default 2). A fused count that scatters makes a steep slope out of nothing, and
   * ten minutes multiply it; a slope well beyond its error is kept nearly whole.
   */
  readonly trendSignificance?: number;
  /**
   * In zones a sampled source informs (Wi-Fi or camera tracks with a weight in the zone's fused
   * states within the fit's span), the slope's standard error allows for residuals that are
   * correlated in time (default true): se² × (1 + ρ) / (1 − ρ), ρ the lag-1
   * autocorrelation of the fit's residuals, clamped to [0, `MAX_RESIDUAL_AUTOCORRELATION`] (the
   * AR(1) variance inflation; Bartlett 1935). Such a zone's fused count wanders for minutes (the
   * temporal filter averages noisy samples; docs/STREAM.md): its ten-second buckets are not
   * independent, and without this the wander passes for a significant trend. Zones counted at
   * their ends (counting lines, a head count) are left alone: their residuals run in one
   * direction when a ramp bends, which is signal, and shrinking it cost lead time on a
   * filling tunnel (docs/FORECAST.md).
   */
  readonly trendAutocorrelation?: boolean;
  /** The planned egress: from `startS` (event time, s; the last show's end) the audience leaves, departures spread over `spreadS`. */
  readonly egress?: { readonly startS: number; readonly spreadS: number };
}

/** Sources that sample a zone's count (their fused count wanders; see trendAutocorrelation). */
const SAMPLED_KINDS: ReadonlySet<string> = new Set(['wifi_count', 'tracks']);

/** Upper clamp of the residuals' lag-1 autocorrelation (se² inflated at most 19×). */
export const MAX_RESIDUAL_AUTOCORRELATION = 0.9;

/** The history ring's length in buckets (20 min of 10 s, src/forecast/history.ts). */
const HISTORY_CAPACITY = 120;

interface Link { readonly other: number; readonly capPerS: number; readonly widthShare: number }

/** The physics forecaster, which also hands out its raw central paths (for the learned model). */
export interface PhysicsForecaster extends Forecaster {
  /**
   * Propagates from `ts` as `forecast` does, without building records: per venue zone i, its
   * occupancy now (`now[i]`, NaN when unknown; `forecast` leaves such zones out) and its p50 at
   * horizon h + 1 min (`paths[i * MAX_HORIZON_MIN + h]`). Views of scratch arrays, valid until
   * the next call: the learned model reads 500 zones' paths per forecast, and the records would
   * be garbage.
   */
  p50Paths(ts: EpochMs): { readonly now: Float64Array; readonly paths: Float64Array };
}

export function createPhysicsForecaster(venue: Venue, opts: PhysicsOptions): PhysicsForecaster {
  const stepS = opts.stepS ?? 10;
  const trendMin = opts.trendMin ?? 3;
  const decayMin = opts.decayMin ?? 5;
  const leaveShare = opts.leaveShare ?? 0.8;
  const leaveSpreadS = opts.leaveSpreadS ?? 600;
  const gatherShare = opts.gatherShare ?? 0.3;
  const gatherS = opts.gatherS ?? 600;
  const fillToCapacity = opts.fillToCapacity ?? true;
  const significance = opts.trendSignificance ?? 2;
  const autocorrelation = opts.trendAutocorrelation ?? true;
  assertInRange('stepS', stepS, 1, 60);
  assertInRange('trendMin', trendMin, 1, 15);
  assertInRange('decayMin', decayMin, 0.5, 60);
  assertInRange('leaveShare', leaveShare, 0, 1);
  assertInRange('leaveSpreadS', leaveSpreadS, 10, 3600);
  assertInRange('gatherShare', gatherShare, 0, 1);
  assertInRange('gatherS', gatherS, 10, 3600);
  assertInRange('trendSignificance', significance, 0, 10);
  if (opts.egress) assertInRange('egress.spreadS', opts.egress.spreadS, 1, 7200);

  const zones = venue.zones;
  const index = new Map<ZoneId, number>(zones.map((z, i) => [z.id, i]));
  const jam = Float64Array.from(zones, jamOccupancy);
  const audience = zones.map((z) => AUDIENCE_TYPES.has(z.type));
  // The zones whose trend error allows for autocorrelation: those a sampled source informed within
  // the fit's span (see trendAutocorrelation). Judged from the states' sources, not the venue's
  // sensor list: a zone whose Wi-Fi is dead is estimated from its counts and keeps its ramps.
  const lastSampledMs = new Float64Array(zones.length).fill(-Infinity);
  const egress = opts.egress;
  // Per forecast: how far each zone can fill (its capacity, or its jam occupancy; see propagate).
  const limit = new Float64Array(zones.length);
  const links: Link[][] = zones.map(() => []);
  const flowCapPerS = new Float64Array(zones.length);
  for (const p of venue.passages) {
    const a = index.get(p.from)!, b = index.get(p.to)!;
    const cap = p.widthM * MAX_SPECIFIC_FLOW_PPMS;
    links[a]!.push({ other: b, capPerS: cap, widthShare: 0 });
    links[b]!.push({ other: a, capPerS: cap, widthShare: 0 });
    flowCapPerS[a]! += cap; flowCapPerS[b]! += cap;
  }
  for (const g of venue.gates) flowCapPerS[index.get(g.zone)!]! += g.serviceRatePerMin / 60;
  for (const ls of links) {
    const total = ls.reduce((s, l) => s + l.capPerS, 0);
    ls.forEach((l, k) => { ls[k] = { ...l, widthShare: total > 0 ? l.capPerS / total : 0 }; });
  }
  const stageZone = new Map<string, number>(venue.stages.map((s) => [s.id, index.get(s.zone)!]));
  for (const slot of opts.schedule ?? []) {
    if (!stageZone.has(slot.stage)) throw new CrowdflowError('CF_ERR_CONFIG', `schedule stage "${slot.stage}" is not a stage of venue ${venue.id} (expected one of ${[...stageZone.keys()].join(', ')})`);
  }
  const gateArrivals = (opts.arrivals ?? []).map((a) => {
    const gate = venue.gateById.get(a.gate as GateId);
    if (!gate) throw new CrowdflowError('CF_ERR_CONFIG', `arrival gate "${a.gate}" is not a gate of venue ${venue.id}`);
    return { zone: index.get(gate.zone)!, capPerMin: gate.serviceRatePerMin, curve: a };
  });

  const history = new ZoneHistory(zones.map((z) => z.id));
  const name = PHYSICS_MODEL_NAME;
  const version = PHYSICS_MODEL_REVISION;
  const modelVersion = PHYSICS_MODEL_VERSION;

  // Scratch buffers, allocated once: a forecast of every zone allocates only its output records
  // (500 zones: the per-call garbage of arrays and tuples was the p99 tail, bench/forecast.ts).
  const Z = zones.length;
  const nowOcc = new Float64Array(Z);
  const n = new Float64Array(Z);
  const base = new Float64Array(Z);
  const arrivalsNow = new Float64Array(Z);
  const arr = new Float64Array(Z);
  const paths = new Float64Array(Z * MAX_HORIZON_MIN);
  const trendBack = Math.min(HISTORY_CAPACITY - 1, Math.floor((trendMin * MINUTE_MS) / BUCKET_MS));
  const fitX = new Float64Array(trendBack + 1);
  const fitY = new Float64Array(trendBack + 1);
  const sigma = new Float64Array(MAX_HORIZON_MIN);
  /** Per audience zone, people leaving per second during the egress (NaN: not yet fixed in this propagation). */
  const egressRate = new Float64Array(Z);

  /** Arrivals into each zone (p/min) at event time t, written into `out`; returns their sum. */
  const arrivalRates = (tMs: number, out: Float64Array): number => {
    out.fill(0);
    const tS = (tMs - opts.originMs) / 1000;
    for (const g of gateArrivals) out[g.zone]! += Math.min(g.capPerMin, g.curve.count * curveSlopePerMin(g.curve.curve, tS));
    let total = 0;
    for (let i = 0; i < Z; i++) total += out[i]!;
    return total;
  };

  /**
   * leastSquaresSlope(history.window(zone, trendMin)) without building the window: the same
   * samples (oldest first, unknown buckets skipped) and the same two-pass sums, so the same number.
   */
  const trendSlope = (zoneId: ZoneId, correct: boolean): number => {
    let k = 0;
    for (let back = trendBack; back >= 0; back--) {
      const v = history.at(zoneId, back * BUCKET_MS);
      if (Number.isNaN(v)) continue;
      fitX[k] = -(back * BUCKET_MS) / 60_000;
      fitY[k] = v;
      k++;
    }
    if (k < 2) return 0;
    let sx = 0, sy = 0;
    for (let j = 0; j < k; j++) { sx += fitX[j]!; sy += fitY[j]!; }
    const mx = sx / k, my = sy / k;
    let sxy = 0, sxx = 0;
    for (let j = 0; j < k; j++) { sxy += (fitX[j]! - mx) * (fitY[j]! - my); sxx += (fitX[j]! - mx) ** 2; }
    if (sxx === 0) return 0;
    const b = sxy / sxx;
    if (significance === 0 || k < 3 || b === 0) return b;
    let sse = 0, lagged = 0, previous = 0;
    for (let j = 0; j < k; j++) {
      const r = fitY[j]! - my - b * (fitX[j]! - mx);
      sse += r * r;
      if (j > 0) lagged += r * previous;
      previous = r;
    }
    let se2 = sse / (k - 2) / sxx;
    if (correct && sse > 0) {
      const rho = Math.max(0, Math.min(MAX_RESIDUAL_AUTOCORRELATION, lagged / sse));
      se2 *= (1 + rho) / (1 - rho);
    }
    return b * b * b / (b * b + significance * significance * se2);
  };

  return {
    name, version,
    observe(states: readonly ZoneState[], ts: EpochMs) {
      history.observe(states, ts);
      if (!autocorrelation) return;
      for (const st of states) {
        let sampled = false;
        for (const u of st.sources) if (u.weight > 0 && SAMPLED_KINDS.has(u.kind)) { sampled = true; break; }
        if (!sampled) continue;
        const i = index.get(st.zoneId);
        if (i !== undefined && st.ts > lastSampledMs[i]!) lastSampledMs[i] = st.ts;
      }
    },
    forecast(ts: EpochMs): ZoneForecast[] {
      propagate(ts);
      const out: ZoneForecast[] = [];
      for (let i = 0; i < Z; i++) {
        if (Number.isNaN(nowOcc[i]!)) continue;
        const zone: Zone = zones[i]!;
        randomWalkSigmasInto(sigma, history.minuteChangeRms(zone.id), nowOcc[i]!);
        out.push(zoneForecast(venue.id, zone, ts, modelVersion, { p50: paths.subarray(i * MAX_HORIZON_MIN, (i + 1) * MAX_HORIZON_MIN), sigma, now: nowOcc[i]! }));
      }
      return out;
    },
    p50Paths(ts: EpochMs) {
      propagate(ts);
      return { now: nowOcc, paths };
    },
  };

  /** Fills nowOcc and paths: ten minutes of cell transmission from the latest states. */
  function propagate(ts: EpochMs): void {
    for (let i = 0; i < Z; i++) {
      const v = history.latest(zones[i]!.id);
      nowOcc[i] = v;
      n[i] = Number.isNaN(v) ? 0 : v;
      // An audience zone fills to its capacity (stewards close a full pen, people look for room
      // elsewhere); one clearly over it (beyond the sensors' noise) has shown that people press
      // on, and fills to jam.
      limit[i] = fillToCapacity && audience[i]! && n[i]! <= OVER_CAPACITY * zones[i]!.capacity ? Math.min(zones[i]!.capacity, jam[i]!) : jam[i]!;
    }
    const totalNow = arrivalRates(ts, arrivalsNow);
    const sampledSince = ts - trendMin * MINUTE_MS;
    for (let i = 0; i < Z; i++) base[i] = trendSlope(zones[i]!.id, lastSampledMs[i]! >= sampledSince) - arrivalsNow[i]!;
    const tS0 = (ts - opts.originMs) / 1000;
    // Once the egress is under way it explains the audience zones' change.
    if (egress && tS0 >= egress.startS) for (let i = 0; i < Z; i++) if (audience[i]) base[i] = 0;
    egressRate.fill(NaN);
    // Shows whose release or gathering overlaps [now, now + horizon]; the schedule explains their zones.
    const releases: { zone: number; endS: number; crowdAtEnd: number | null }[] = [];
    const gathers: { zone: number; startS: number }[] = [];
    for (const slot of opts.schedule ?? []) {
      const z = stageZone.get(slot.stage)!;
      if (slot.endS + leaveSpreadS > tS0 && slot.endS <= tS0 + MAX_HORIZON_MIN * 60) {
        const ago = (tS0 - slot.endS) * 1000;
        const atEnd = ago >= 0 ? history.at(zones[z]!.id, ago) : NaN;
        releases.push({ zone: z, endS: slot.endS, crowdAtEnd: ago >= 0 ? (Number.isNaN(atEnd) ? n[z]! : atEnd) : null });
      }
      if (slot.startS > tS0 && slot.startS - gatherS <= tS0 + MAX_HORIZON_MIN * 60) gathers.push({ zone: z, startS: slot.startS });
    }
    const underway = [...releases.filter((r) => r.endS <= tS0), ...gathers.filter((g) => g.startS - gatherS <= tS0)];
    for (const { zone } of underway) {
      base[zone] = 0;
      for (const l of links[zone]!) base[l.other] = 0;
    }

    // Downstream zones fill as long as people keep arriving: with arrival curves the background
    // follows the venue's total arrival rate (relative to now, at most double); without, it decays.
    const steps = (MAX_HORIZON_MIN * 60) / stepS;
    const perMin = 60 / stepS;
    for (let k = 1; k <= steps; k++) {
      const tMs = ts + k * stepS * 1000;
      const tS = (tMs - opts.originMs) / 1000;
      const totalAhead = arrivalRates(tMs, arr);
      const decay = totalNow > 0 ? Math.min(2, totalAhead / totalNow) : Math.exp(-(k * stepS) / (decayMin * 60));
      // 1 + 2: background and arrivals, bounded by link capacity, room and stock.
      for (let i = 0; i < Z; i++) {
        const wantPerMin = base[i]! * decay + arr[i]!;
        const cap = flowCapPerS[i]! * stepS;
        const change = wantPerMin * (stepS / 60);
        if (change < 0) { n[i] = n[i]! - Math.min(-change, cap, n[i]!); continue; }
        const add = Math.min(change, cap, Math.max(0, limit[i]! - n[i]!));
        n[i] = n[i]! + add;
        // Those a full audience zone turns away go on to its audience neighbours with room.
        if (fillToCapacity && audience[i]! && change - add > 0 && add < cap) overflow(i, Math.min(change, cap) - add);
      }
      // 3: show releases and gatherings through the passages.
      for (const r of releases) {
        if (tS <= r.endS) continue;
        if (r.crowdAtEnd === null) r.crowdAtEnd = n[r.zone]!;
        if (tS > r.endS + leaveSpreadS) continue;
        const want = Math.min(n[r.zone]!, (leaveShare * r.crowdAtEnd * stepS) / leaveSpreadS);
        for (const l of links[r.zone]!) move(n, r.zone, l.other, Math.min(want * l.widthShare, l.capPerS * stepS), limit);
      }
      for (const g of gathers) {
        if (tS <= g.startS - gatherS || tS > g.startS) continue;
        for (const l of links[g.zone]!) {
          const want = (gatherShare * n[l.other]! * stepS) / Math.max(stepS, g.startS - tS + stepS);
          move(n, l.other, g.zone, Math.min(want, l.capPerS * stepS), limit);
        }
      }
      // 4: the egress empties the audience zones evenly over what is left of its spread. People
      // cross the concourses and tunnels in a minute or two, so they are taken out of the venue.
      if (egress && tS > egress.startS && tS - stepS < egress.startS + egress.spreadS) {
        for (let i = 0; i < Z; i++) {
          if (!audience[i]!) continue;
          if (Number.isNaN(egressRate[i]!)) egressRate[i] = n[i]! / Math.max(stepS, egress.startS + egress.spreadS - Math.max(tS0, egress.startS));
          n[i] = Math.max(0, n[i]! - egressRate[i]! * stepS);
        }
      }
      if (k % perMin === 0) {
        const h = k / perMin - 1;
        for (let i = 0; i < Z; i++) paths[i * MAX_HORIZON_MIN + h] = n[i]!;
      }
    }
  }

  /** Puts `extra` people who could not enter full audience zone i into its audience neighbours with room, by passage capacity. */
  function overflow(i: number, extra: number): void {
    let capSum = 0;
    for (const l of links[i]!) if (audience[l.other]! && n[l.other]! < limit[l.other]!) capSum += l.capPerS;
    if (capSum === 0) return;
    for (const l of links[i]!) {
      const b = l.other;
      if (!audience[b]! || n[b]! >= limit[b]!) continue;
      n[b] = n[b]! + Math.min((extra * l.capPerS) / capSum, l.capPerS * stepS, limit[b]! - n[b]!);
    }
  }
}

/**
 * An audience zone counts as over its capacity above this share of it: the fused count of a full
 * zone scatters by several per cent (held-out s7: the main pit at 4,000-4,560 for its 4,500).
 */
const OVER_CAPACITY = 1.1;

/** Zone types whose occupancy stops at their capacity unless already over it (`fillToCapacity`). */
const AUDIENCE_TYPES: ReadonlySet<string> = new Set(['standing', 'stage_front', 'seating']);

/** Moves up to `want` people from cell a to cell b, no more than a holds nor b has room for (up to its limit). */
function move(n: Float64Array, a: number, b: number, want: number, limit: ArrayLike<number>): void {
  const q = Math.max(0, Math.min(want, n[a]!, limit[b]! - n[b]!));
  n[a]! -= q;
  n[b]! += q;
}

/** d(share)/dt of a piecewise-linear cumulative curve at tS, per minute (0 outside it). */
export function curveSlopePerMin(curve: readonly (readonly [number, number])[], tS: number): number {
  for (let i = 1; i < curve.length; i++) {
    const [t0, s0] = curve[i - 1]!, [t1, s1] = curve[i]!;
    if (tS >= t0 && tS < t1 && t1 > t0) return ((s1 - s0) / (t1 - t0)) * 60;
  }
  return 0;
}
