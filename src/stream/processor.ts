/**
 * The stream processor: logged readings in, one fused ZoneState per zone per hop out.
 *
 * Event time and windows. Readings are cut into hop-long panes by their event time `ts`; the
 * state of a zone at window end E covers [E − window, E). The watermark trails the newest event
 * time by `maxOutOfOrdernessMs`. A reading at or after the watermark is on time; one behind it by
 * up to `allowedLatenessMs` is late but still corrects state (counted `lateCorrected`); an older
 * one is counted `late`, kept in a bounded late-record output and changes nothing.
 *
 * Firing. Every accepted reading returns at once the state of the zones it informs (early
 * firing: an alert never waits for a window to close), for the head window — the newest one,
 * which ends after the newest event time or the last tick's processing time. A late reading
 * older than the head window also returns the corrected state of the newest window holding it.
 *
 * Exactly once. A reading at or below the last processed log offset is a replay and is ignored;
 * a reading whose id was seen within the acceptance horizon is a duplicate and is ignored.
 * `checkpoint()` captures all state with the offset, so restore + replay from `offset + 1`
 * reproduces an uninterrupted run exactly.
 *
 * Staleness is judged in processing time: a source whose newest reading was ingested more than
 * `staleAfterPeriods` periods before "now" (the tick's time, or the ingest time of the reading
 * being processed) is stale and leaves the fusion.
 */
import {
  CrowdflowError, ZONE_STATE_SCHEMA,
  type EpochMs, type LoggedReading, type SensorReading, type SourceUse, type ZoneState,
} from '../contracts/index.ts';
import type { Venue } from '../venue/index.ts';
import { paneCount, resolveStreamConfig, type StreamConfig } from './config.ts';
import { SeenIds } from './dedupe.ts';
import { fuse, freshness, RELIABILITY, type Candidate } from './fusion.ts';
import { addLevel, applyPaneDelta, emptyAgg, F as PANE_FIELDS, mergeWindow, slideWindow, slopePerMs, type WindowAgg } from './panes.ts';
import { loadSourceJson, newSourceState, sourceToJson, type Integrator, type SourceJson, type SourceState } from './source-state.ts';
import { BASE_STRIDE, buildTopology, type SourceTopo, type Topology, type ZoneTopo } from './topology.ts';
import { frameMetrics, normalisePressure, MAX_VELOCITY_GAP_MS } from './tracks-metrics.ts';
import { weidmannSpeed } from './weidmann.ts';

export interface StreamCheckpoint {
  readonly offset: number;
  readonly state: unknown;
}

export interface StreamProcessor {
  /** One accepted reading, in log order. A duplicate id is ignored. Returns the zone states this reading changed (early firing), possibly []. */
  process(r: LoggedReading): ZoneState[];
  /** Processing-time tick: marks stale sources and returns the current state of every zone of the venue. */
  tick(nowMs: EpochMs): ZoneState[];
  /** Last processed log offset (−1 before any). */
  readonly offset: number;
  /** Counters: processed, duplicates, late (dropped past lateness), lateCorrected, future, unknownSensor, kindMismatch. */
  readonly stats: Readonly<Record<string, number>>;
  /** JSON-safe snapshot of all state + the offset, to store atomically. */
  checkpoint(): StreamCheckpoint;
  /** Readings dropped as too late since the last call (at most `MAX_LATE_RECORDS`, oldest first). */
  takeLateRecords(): LoggedReading[];
  /** Current event-time watermark (−Infinity before any reading). */
  readonly watermarkMs: number;
}

/** Bound of the late-record output between two `takeLateRecords()` calls; beyond it only the counter grows. */
export const MAX_LATE_RECORDS = 1000;

const STATE_VERSION = 1;

// Module-level copies of what the hot path imports: it then reads plain locals and properties,
// not module bindings, which the CommonJS transform tsx applies turns into getter calls (measured:
// about a third of the per-reading time before these copies).
const F = { ...PANE_FIELDS };
const SCHEMA = ZONE_STATE_SCHEMA;
/** Pane fields of a tracks source's boundary slot b: in at STRIDE + 2b, out at STRIDE + 2b + 1. */
const STRIDE = BASE_STRIDE;
const MAX_GAP_MS = MAX_VELOCITY_GAP_MS;
const RELIABILITY_INTEGRATED = RELIABILITY.integrated;
const RELIABILITY_UNANCHORED = RELIABILITY.integratedUnanchored;
const hot = {
  addLevel, applyPaneDelta, mergeWindow, slideWindow, slopePerMs, frameMetrics, normalisePressure, weidmannSpeed, fuse, freshness,
};

interface StateJson {
  readonly version: number;
  readonly venueId: string;
  readonly windowMs: number;
  readonly hopMs: number;
  readonly maxEventTs: number;
  readonly headEndMs: number;
  readonly lastTickMs: number;
  readonly stats: Record<string, number>;
  readonly seen: [number, string[]][];
  readonly sources: SourceJson[];
  readonly zones: { id: string; net: number; offset: number; anchored: boolean }[];
}

export function createStreamProcessor(venue: Venue, config: Partial<StreamConfig> = {}, from?: StreamCheckpoint): StreamProcessor {
  return new Processor(venue, resolveStreamConfig(config), from);
}

class Processor implements StreamProcessor {
  private readonly topo: Topology;
  private readonly windowPanes: number;
  private readonly sources: SourceState[];
  /** Per source, its merged window and the window end it is valid for (NaN: none). */
  private readonly aggs: WindowAgg[];
  private readonly aggEndMs: Float64Array;
  private readonly scratch: Float64Array;
  /** Per zone, 1 for the sources that integrate its occupancy. */
  private readonly integratorMask: Uint8Array[];
  private readonly staleScratch: Uint8Array;
  /** Prior reliability of each level source (fusion.ts), 0 for the others. */
  private readonly reliability: Float64Array;
  private readonly levelScratch: Float64Array;
  private readonly shareScratch: Float64Array;
  /** Out-parameters of `boundaryFlow` (p/min), to keep the per-state path free of allocation. */
  private flowIn = 0;
  private flowOut = 0;
  private readonly integrators: Integrator[];
  private seen = new SeenIds();
  private lastOffset = -1;
  private maxEventTs = -1;
  private headEndMs = 0;
  private lastTickMs = -1;
  private lateRecords: LoggedReading[] = [];
  private readonly counters: Record<string, number> = {
    processed: 0, duplicates: 0, late: 0, lateCorrected: 0, future: 0, unknownSensor: 0, kindMismatch: 0,
  };

  constructor(venue: Venue, private readonly cfg: StreamConfig, from?: StreamCheckpoint) {
    this.topo = buildTopology(venue);
    this.windowPanes = cfg.windowMs / cfg.hopMs;
    const panes = paneCount(cfg);
    this.sources = this.topo.sources.map((s) => newSourceState(panes, s.stride));
    this.aggs = this.topo.sources.map((s) => emptyAgg(s.crossings.length));
    this.aggEndMs = new Float64Array(this.topo.sources.length).fill(NaN);
    this.scratch = new Float64Array(Math.max(...this.topo.sources.map((s) => s.stride), 1));
    this.integrators = this.topo.zones.map(() => ({ net: 0, offset: 0, anchored: false }));
    const nSources = this.topo.sources.length;
    this.integratorMask = this.topo.zones.map((z) => {
      const m = new Uint8Array(nSources);
      for (const g of z.integrators) m[g.source] = 1;
      return m;
    });
    this.staleScratch = new Uint8Array(nSources);
    this.reliability = Float64Array.from(this.topo.sources, (s) => (isLevelKind(s.kind) ? RELIABILITY[s.kind] : 0));
    this.levelScratch = new Float64Array(nSources);
    this.shareScratch = new Float64Array(nSources);
    if (from !== undefined) this.restore(from);
  }

  get offset(): number {
    return this.lastOffset;
  }

  get stats(): Readonly<Record<string, number>> {
    return { ...this.counters };
  }

  get watermarkMs(): number {
    return this.maxEventTs < 0 ? -Infinity : this.maxEventTs - this.cfg.maxOutOfOrdernessMs;
  }

  takeLateRecords(): LoggedReading[] {
    const out = this.lateRecords;
    this.lateRecords = [];
    return out;
  }

  process(lr: LoggedReading): ZoneState[] {
    if (lr.offset <= this.lastOffset) {
      this.counters.duplicates!++;
      return [];
    }
    this.lastOffset = lr.offset;
    const r = lr.reading;
    const src = this.topo.sourceById.get(r.sensorId);
    if (src === undefined) {
      this.counters.unknownSensor!++;
      return [];
    }
    if (src.kind !== r.kind) {
      this.counters.kindMismatch!++;
      return [];
    }
    if (this.seen.has(r.id)) {
      this.counters.duplicates!++;
      return [];
    }
    if (r.ts > lr.receivedAt + this.cfg.maxFutureSkewMs) {
      this.counters.future!++;
      return [];
    }
    const wm = this.watermarkMs;
    if (r.ts < wm - this.cfg.allowedLatenessMs) {
      this.counters.late!++;
      if (this.lateRecords.length >= MAX_LATE_RECORDS) this.lateRecords.shift();
      this.lateRecords.push(lr);
      return [];
    }
    const hop = this.cfg.hopMs;
    const pane = Math.floor(r.ts / hop);
    const state = this.sources[src.index]!;
    const base = state.ring.slotFor(pane);
    if (base < 0) throw new CrowdflowError('CF_ERR_RANGE', `pane ${pane} of ${r.sensorId} was already recycled; the pane ring is too small`);
    this.seen.add(r.id, pane);
    const late = r.ts < wm;
    if (r.ts > this.maxEventTs) {
      const oldPane = Math.floor(this.maxEventTs / hop);
      this.maxEventTs = r.ts;
      if (pane > oldPane) this.seen.forgetBefore(Math.floor((this.watermarkMs - this.cfg.allowedLatenessMs) / hop));
    }
    this.headEndMs = Math.max(this.headEndMs, (pane + 1) * hop);
    // Early firing: keep this source's head window current by the pane's change alone.
    const firstPane = this.headEndMs / hop - this.windowPanes;
    let cached = false;
    if (pane >= firstPane) {
      cached = this.bringWindowTo(src.index, this.headEndMs, false);
      if (cached) for (let f = 0; f < src.stride; f++) this.scratch[f] = state.ring.data[base + f]!;
      else this.aggEndMs[src.index] = NaN;
    }
    this.add(src, state, base, r, r.ts - pane * hop);
    if (cached) hot.applyPaneDelta(this.aggs[src.index]!, this.scratch, state.ring.data, base, (pane - firstPane) * hop);
    state.lastEventTs = Math.max(state.lastEventTs, r.ts);
    state.lastReceivedAt = Math.max(state.lastReceivedAt, lr.receivedAt);
    this.counters.processed!++;
    if (late) this.counters.lateCorrected!++;

    const now = Math.max(this.lastTickMs, lr.receivedAt);
    const out: ZoneState[] = [];
    const newestHolding = (pane + this.windowPanes) * hop;
    for (const { zone } of src.zones) {
      if (late && newestHolding < this.headEndMs) out.push(this.zoneState(this.topo.zones[zone]!, newestHolding, now));
      out.push(this.zoneState(this.topo.zones[zone]!, this.headEndMs, now));
    }
    return out;
  }

  tick(nowMs: EpochMs): ZoneState[] {
    this.lastTickMs = Math.max(this.lastTickMs, nowMs);
    this.headEndMs = Math.max(this.headEndMs, Math.floor(nowMs / this.cfg.hopMs) * this.cfg.hopMs);
    return this.topo.zones.map((z) => this.zoneState(z, this.headEndMs, this.lastTickMs));
  }

  /** Adds one reading to its pane and to the cumulative state it feeds. */
  private add(src: SourceTopo, s: SourceState, base: number, r: SensorReading, tMs: number): void {
    const d = s.ring.data;
    switch (r.kind) {
      case 'zone_count':
        this.addLevelReading(src, s, base, tMs, r.ts, r.count);
        break;
      case 'wifi_count':
        this.addLevelReading(src, s, base, tMs, r.ts, r.devices);
        break;
      case 'tracks': {
        const prev = s.prevFrame;
        const m = hot.frameMetrics(r.tracks, r.ts, src.coverage!, src.crossings, prev);
        this.addLevelReading(src, s, base, tMs, r.ts, m.count);
        if (m.meanSpeed !== null) {
          d[base + F.speedSum]! += m.meanSpeed;
          d[base + F.speedFrames]! += 1;
        }
        d[base + F.pressureSum]! += m.pressure;
        if (m.coherence !== null) {
          d[base + F.coherenceSum]! += m.coherence;
          d[base + F.coherenceFrames]! += 1;
        }
        const gap = prev === null ? Infinity : r.ts - prev.ts;
        // Crossings are only seen between consecutive frames, so they cover the gap to the previous one.
        if (gap > 0 && gap <= MAX_GAP_MS) {
          d[base + F.intervalMs]! += gap;
          for (let b = 0; b < src.crossings.length; b++) {
            d[base + STRIDE + 2 * b]! += m.crossings[2 * b]!;
            d[base + STRIDE + 2 * b + 1]! += m.crossings[2 * b + 1]!;
            d[base + F.in]! += m.crossings[2 * b]!;
            d[base + F.out]! += m.crossings[2 * b + 1]!;
          }
        }
        if (prev === null || r.ts > prev.ts) {
          s.prevFrame = m.memory;
        }
        break;
      }
      case 'line_count':
        d[base + F.n]! += 1;
        d[base + F.in]! += r.in;
        d[base + F.out]! += r.out;
        d[base + F.intervalMs]! += r.intervalMs;
        this.integrate(src, r.in - r.out);
        break;
      case 'ticket_scan':
        d[base + F.n]! += 1;
        d[base + F.in]! += r.entries;
        d[base + F.intervalMs]! += r.intervalMs;
        this.integrate(src, r.entries);
        break;
    }
  }

  /** A level reading: `raw` is what the sensor counted (people, devices, tracks in view); × scale = people in the zone. */
  private addLevelReading(src: SourceTopo, s: SourceState, base: number, tMs: number, ts: number, raw: number): void {
    hot.addLevel(s.ring.data, base, tMs, raw, ts);
    if (ts >= s.lastTs) {
      s.lastTs = ts;
      s.lastValue = raw;
    }
    const people = raw * src.scale;
    // Drift correction: an absolute count pulls the line-count integration of its zone toward it
    // (the first one anchors it outright).
    for (const { zone } of src.zones) {
      const z = this.topo.zones[zone]!;
      if (!z.closed) continue;
      const it = this.integrators[zone]!;
      const reliability = this.reliability[src.index]!;
      if (!it.anchored) {
        it.offset = people - it.net;
        it.anchored = true;
      } else {
        it.offset += this.cfg.driftGain * reliability * (people - (it.net + it.offset));
      }
    }
  }

  /** Adds a net count to the integration of every closed zone this source integrates. */
  private integrate(src: SourceTopo, netIn: number): void {
    for (const { zone } of src.zones) {
      const z = this.topo.zones[zone]!;
      const role = z.integrators.find((i) => i.source === src.index);
      if (role === undefined) continue;
      const it = this.integrators[zone]!;
      it.net += role.sign * netIn;
      // People cannot be negative: a negative integral is drift, absorbed into the offset.
      if (it.net + it.offset < 0) it.offset = -it.net;
    }
  }

  private isStale(src: SourceTopo, now: number): boolean {
    const s = this.sources[src.index]!;
    return s.lastReceivedAt < 0 || now - s.lastReceivedAt >= this.cfg.staleAfterPeriods * src.periodMs;
  }

  private freshnessOf(src: SourceTopo, now: number): number {
    const s = this.sources[src.index]!;
    return s.lastReceivedAt < 0 ? 0 : hot.freshness(now - s.lastReceivedAt, src.periodMs, this.cfg.staleAfterPeriods);
  }

  /** The occupancy a level source suggested at the end of the window ending at `endMs`, or null. */
  private levelAt(src: SourceTopo, endMs: number): number | null {
    const s = this.sources[src.index]!;
    if (s.lastTs < 0) return null;
    if (s.lastTs < endMs) return s.lastValue * src.scale;
    const d = s.ring.data;
    const endPane = endMs / this.cfg.hopMs;
    for (let k = endPane - 1; k >= endPane - s.ring.size; k--) {
      const b = s.ring.find(k);
      if (b >= 0 && d[b + F.n]! > 0) return d[b + F.lastV]! * src.scale;
    }
    return null;
  }

  /**
   * Makes `aggs[i]` the merged window ending at `endMs`: as it is, slid forward (sources whose
   * sums are all integers: exact), or, when `mergeIfNeeded`, merged afresh. False when not done.
   */
  private bringWindowTo(i: number, endMs: number, mergeIfNeeded: boolean): boolean {
    const cachedEnd = this.aggEndMs[i]!;
    if (cachedEnd === endMs) return true;
    const hop = this.cfg.hopMs;
    const ring = this.sources[i]!.ring;
    if (this.topo.sources[i]!.kind !== 'tracks' && cachedEnd < endMs && endMs - cachedEnd < this.cfg.windowMs) {
      hot.slideWindow(ring, cachedEnd / hop - this.windowPanes, endMs / hop - this.windowPanes, this.windowPanes, hop, this.aggs[i]!);
    } else if (mergeIfNeeded) {
      hot.mergeWindow(ring, endMs / hop - this.windowPanes, this.windowPanes, hop, this.aggs[i]!);
    } else {
      return false;
    }
    this.aggEndMs[i] = endMs;
    return true;
  }

  private zoneState(z: ZoneTopo, endMs: number, now: number): ZoneState {
    const srcs = this.topo.sources;
    for (const i of z.sources) this.bringWindowTo(i, endMs, true);
    const stale = this.staleScratch;
    const levelValue = this.levelScratch;
    const share = this.shareScratch;
    let anyStale = false;
    for (const i of z.sources) {
      stale[i] = this.isStale(srcs[i]!, now) ? 1 : 0;
      anyStale ||= stale[i] === 1;
      levelValue[i] = NaN;
      share[i] = 0;
    }

    // Occupancy candidates: absolute counts, then the line-count integration of a closed zone.
    const cands: Candidate[] = [];
    const candSource: number[] = []; // source index, or −1 for the integration
    let totalReliability = 0;
    for (const i of z.levelSources) {
      const src = srcs[i]!;
      const reliability = this.reliability[i]!;
      totalReliability += reliability;
      const value = this.levelAt(src, endMs);
      if (value === null) continue;
      levelValue[i] = value;
      if (stale[i]) continue;
      const agg = this.aggs[i]!;
      const slope = hot.slopePerMs(agg);
      cands.push({
        value,
        recent: agg.n > 0 ? (agg.sumV / agg.n) * src.scale : value,
        reliability,
        freshness: this.freshnessOf(src, now),
        slopePerS: slope === null ? null : slope * 1000 * src.scale,
      });
      candSource.push(i);
    }
    let integrated: number | null = null;
    if (z.closed) {
      const it = this.integrators[z.index]!;
      const reliability = it.anchored ? RELIABILITY_INTEGRATED : RELIABILITY_UNANCHORED;
      totalReliability += reliability;
      integrated = Math.max(0, it.net + it.offset);
      let fresh = 1;
      for (const g of z.integrators) fresh = stale[g.source] ? 0 : Math.min(fresh, this.freshnessOf(srcs[g.source]!, now));
      if (fresh > 0) {
        let rate = 0;
        let measured = false;
        for (const g of z.integrators) {
          const a = this.aggs[g.source]!;
          if (a.intervalMs > 0) {
            measured = true;
            rate += (g.sign * (a.in - a.out) * 1000) / a.intervalMs;
          }
        }
        cands.push({ value: integrated, recent: integrated, reliability, freshness: fresh, slopePerS: measured ? rate : null });
        candSource.push(-1);
      }
    }
    const fused = hot.fuse(cands, totalReliability);
    for (let c = 0; c < fused.shares.length; c++) {
      const i = candSource[c]!;
      const w = fused.shares[c]!;
      if (i >= 0) share[i] = w;
      else for (const g of z.integrators) share[g.source]! += w / z.integrators.length;
    }

    // Flows across the zone's boundaries, each from its best fresh measurement.
    let inflow = 0;
    let outflow = 0;
    let flowMeasured = false;
    for (const b of z.boundaries) {
      if (!this.boundaryFlow(z, b, stale)) continue;
      flowMeasured = true;
      inflow += this.flowIn;
      outflow += this.flowOut;
    }

    // Kinematics from tracks.
    let speedSum = 0;
    let speedFrames = 0;
    let pressureSum = 0;
    let frames = 0;
    let cohSum = 0;
    let cohFrames = 0;
    for (const i of z.levelSources) {
      if (srcs[i]!.kind !== 'tracks' || stale[i]) continue;
      const a = this.aggs[i]!;
      speedSum += a.speedSum;
      speedFrames += a.speedFrames;
      pressureSum += a.pressureSum;
      frames += a.n;
      cohSum += a.coherenceSum;
      cohFrames += a.coherenceFrames;
    }

    const occupancy = fused.occupancy;
    const area = z.zone.areaSqm;
    // density = occupancy / areaSqm (p/m²).
    const density = occupancy === null ? null : occupancy / area;
    // speed from tracks, else Weidmann (1993) at the fused density, flagged as estimated.
    const speedEstimated = speedFrames === 0 && density !== null;
    const speed = speedFrames > 0 ? speedSum / speedFrames : density !== null ? hot.weidmannSpeed(density) : null;
    // surgeRate = positive rate of density increase over the window, p/m² per minute.
    const surgeRate = occupancy === null || fused.slopePerS === null ? 0 : Math.max(0, (fused.slopePerS * 60) / area);
    const sources: SourceUse[] = new Array(z.sources.length);
    for (let k = 0; k < z.sources.length; k++) {
      const i = z.sources[k]!;
      const src = srcs[i]!;
      const suggested = !Number.isNaN(levelValue[i]!) ? levelValue[i]! : this.integratorMask[z.index]![i] ? integrated : null;
      const last = this.sources[i]!.lastEventTs;
      sources[k] = {
        sensorId: src.id,
        kind: src.kind,
        weight: clamp01(share[i]!),
        occupancy: suggested,
        lastTs: last < 0 ? null : last,
        stale: stale[i] === 1,
      } as SourceUse;
    }
    return {
      schema: SCHEMA,
      venueId: this.topo.venue.id,
      zoneId: z.zone.id,
      ts: endMs,
      windowMs: this.cfg.windowMs,
      occupancy,
      density,
      inflowPerMin: flowMeasured ? inflow : null,
      outflowPerMin: flowMeasured ? outflow : null,
      speed,
      speedEstimated,
      surgeRate,
      // pressure: Helbing et al. 2007, ρ·Var(V), window mean, normalised (see tracks-metrics.ts).
      pressure: frames > 0 ? hot.normalisePressure(pressureSum / frames) : 0,
      // coherence = |mean velocity vector| / mean speed, window mean over moving frames.
      coherence: cohFrames > 0 ? clamp01(cohSum / cohFrames) : 0,
      capacityUtilisation: occupancy === null ? null : occupancy / z.zone.capacity,
      sources,
      confidence: clamp01(fused.confidence),
      status: occupancy === null ? 'unknown' : anyStale ? 'degraded' : 'ok',
    } as ZoneState;
  }

  /** Flow across one boundary, from the zone's point of view, into `flowIn`/`flowOut` (p/min); false when unmeasured. */
  private boundaryFlow(z: ZoneTopo, b: ZoneTopo['boundaries'][number], stale: Uint8Array): boolean {
    let inRate = 0;
    let outRate = 0;
    let n = 0;
    for (const { source, sign } of b.lines) {
      const a = this.aggs[source]!;
      if (stale[source] || a.intervalMs <= 0) continue;
      const perMin = 60_000 / a.intervalMs;
      inRate += (sign > 0 ? a.in : a.out) * perMin;
      outRate += (sign > 0 ? a.out : a.in) * perMin;
      n++;
    }
    if (n > 0) return this.setFlow(inRate / n, outRate / n);
    for (const source of b.tickets) {
      const a = this.aggs[source]!;
      if (stale[source] || a.intervalMs <= 0) continue;
      inRate += (a.in * 60_000) / a.intervalMs;
      n++;
    }
    if (n > 0) return this.setFlow(inRate / n, 0);
    for (const source of z.levelSources) {
      const a = this.aggs[source]!;
      if (this.topo.sources[source]!.kind !== 'tracks' || stale[source] || a.intervalMs <= 0) continue;
      const perMin = 60_000 / a.intervalMs;
      inRate += a.boundary[2 * b.trackSlot]! * perMin;
      outRate += a.boundary[2 * b.trackSlot + 1]! * perMin;
      n++;
    }
    return n > 0 && this.setFlow(inRate / n, outRate / n);
  }

  private setFlow(inPerMin: number, outPerMin: number): true {
    this.flowIn = inPerMin;
    this.flowOut = outPerMin;
    return true;
  }

  checkpoint(): StreamCheckpoint {
    const state: StateJson = {
      version: STATE_VERSION,
      venueId: this.topo.venue.id,
      windowMs: this.cfg.windowMs,
      hopMs: this.cfg.hopMs,
      maxEventTs: this.maxEventTs,
      headEndMs: this.headEndMs,
      lastTickMs: this.lastTickMs,
      stats: { ...this.counters },
      seen: this.seen.toJSON(),
      sources: this.topo.sources.map((s) => sourceToJson(s.id, this.sources[s.index]!)),
      zones: this.topo.zones.map((z) => ({ id: z.zone.id, ...this.integrators[z.index]! })),
    };
    return { offset: this.lastOffset, state };
  }

  private restore(cp: StreamCheckpoint): void {
    const st = cp.state as StateJson;
    if (st === null || typeof st !== 'object' || st.version !== STATE_VERSION) {
      throw new CrowdflowError('CF_ERR_CONFIG', `stream checkpoint version ${String((st as { version?: unknown } | null)?.version)} not ${STATE_VERSION}`);
    }
    if (st.venueId !== this.topo.venue.id || st.windowMs !== this.cfg.windowMs || st.hopMs !== this.cfg.hopMs) {
      throw new CrowdflowError(
        'CF_ERR_CONFIG',
        `stream checkpoint of venue ${st.venueId} (window ${st.windowMs} ms, hop ${st.hopMs} ms) cannot restore venue ${this.topo.venue.id} (window ${this.cfg.windowMs} ms, hop ${this.cfg.hopMs} ms)`,
      );
    }
    this.lastOffset = cp.offset;
    this.maxEventTs = st.maxEventTs;
    this.headEndMs = st.headEndMs;
    this.lastTickMs = st.lastTickMs;
    Object.assign(this.counters, st.stats);
    this.seen = SeenIds.fromJSON(st.seen);
    for (const j of st.sources) {
      const src = this.topo.sourceById.get(j.id);
      if (src !== undefined) loadSourceJson(this.sources[src.index]!, j);
    }
    for (const j of st.zones) {
      const zi = this.topo.zoneIndex.get(j.id as never);
      if (zi !== undefined) Object.assign(this.integrators[zi]!, { net: j.net, offset: j.offset, anchored: j.anchored });
    }
  }
}

type LevelKind = 'zone_count' | 'tracks' | 'wifi_count';
const isLevelKind = (k: string): k is LevelKind => k === 'zone_count' || k === 'tracks' || k === 'wifi_count';

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
