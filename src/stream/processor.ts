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
import { CrowdflowError, type EpochMs, type LoggedReading, type SensorReading, type ZoneState } from '../contracts/index.ts';
import type { Venue } from '../venue/index.ts';
import { paneCount, resolveStreamConfig, type StreamConfig } from './config.ts';
import { SeenIds } from './dedupe.ts';
import { absorbCount, counterReadingOf, type CounterReading } from './counter-totals.ts';
import { addLevel, extendLevel, F } from './panes.ts';
import { integratedTo, newIntegrator, newSourceState, type Integrator, type SourceState } from './source-state.ts';
import {
  decodeSnapshot, encodeSnapshot, layoutFingerprint, readSnapshotHeader, snapshotFromText, snapshotToText, SNAPSHOT_VERSION,
  type SnapshotHeader, type SnapshotState,
} from './snapshot.ts';
import { BASE_STRIDE, buildTopology, type SourceTopo, type Topology } from './topology.ts';
import type { ZoneFilter } from './occupancy-filter.ts';
import { frameMetrics, MAX_VELOCITY_GAP_MS, type FrameMetrics } from './tracks-metrics.ts';
import { ZoneStateBuilder } from './zone-state-builder.ts';

export interface StreamCheckpoint {
  readonly offset: number;
  /**
   * The state as a versioned binary snapshot (snapshot.ts): base64 text from `checkpoint()`, so
   * that it stays JSON-safe for a text column; the raw bytes from `snapshot()`. Both restore.
   */
  readonly state: string | Uint8Array;
}

export interface StreamProcessor {
  /** One accepted reading, in log order. A duplicate id is ignored. Returns the zone states this reading changed (early firing), possibly []. */
  process(r: LoggedReading): ZoneState[];
  /** Readings in log order; each changed window's state once, after the batch (what the runtime's drain uses). */
  processBatch(batch: readonly LoggedReading[]): ZoneState[];
  /** Processing-time tick: marks stale sources and returns the current state of every zone of the venue. */
  tick(nowMs: EpochMs): ZoneState[];
  /** Last processed log offset (−1 before any). */
  readonly offset: number;
  /**
   * Counters: processed, duplicates, late (dropped past lateness), lateCorrected, future, unknownSensor, kindMismatch;
   * countsRecovered (people counted in readings that never arrived, brought back by counters' running totals), counterRestarts.
   */
  readonly stats: Readonly<Record<string, number>>;
  /** All state + the offset, to store atomically; `state` is a base64 binary snapshot (JSON-safe text). */
  checkpoint(): { readonly offset: number; readonly state: string };
  /** The same as raw bytes, for a store that keeps BLOBs (saves the base64 step: about a third of the size). */
  snapshot(): { readonly offset: number; readonly state: Uint8Array };
  /** Readings dropped as too late since the last call (at most `MAX_LATE_RECORDS`, oldest first). */
  takeLateRecords(): LoggedReading[];
  /** Current event-time watermark (−Infinity before any reading). */
  readonly watermarkMs: number;
}

/** Bound of the late-record output between two `takeLateRecords()` calls; beyond it only the counter grows. */
export const MAX_LATE_RECORDS = 1000;

export function createStreamProcessor(venue: Venue, config: Partial<StreamConfig> = {}, from?: StreamCheckpoint): StreamProcessor {
  return new Processor(venue, resolveStreamConfig(config), from);
}

class Processor implements StreamProcessor, SnapshotState {
  private readonly topo: Topology;
  private readonly layout: string;
  private readonly windowPanes: number;
  readonly sources: SourceState[];
  readonly integrators: Integrator[];
  /** One per counted region (topology.ts): Σ sign·(in − out) over its outer counters. */
  readonly regionIntegrators: Integrator[];
  /** Per source, the counted regions it integrates and its sign for each. */
  private readonly regionRoles: { region: number; sign: 1 | -1 }[][];
  private readonly states: ZoneStateBuilder;
  /** Per zone, its occupancy filter (held by the state builder; written into checkpoints). */
  readonly filters: ZoneFilter[];
  seen = new SeenIds();
  private lastOffset = -1;
  private maxEventTs = -1;
  private headEndMs = 0;
  private lastTickMs = -1;
  private lateRecords: LoggedReading[] = [];
  private readonly counters: Record<string, number> = {
    processed: 0, duplicates: 0, late: 0, lateCorrected: 0, future: 0, unknownSensor: 0, kindMismatch: 0,
    countsRecovered: 0, counterRestarts: 0,
  };

  constructor(venue: Venue, private readonly cfg: StreamConfig, from?: StreamCheckpoint) {
    this.topo = buildTopology(venue);
    this.layout = layoutFingerprint(this.topo);
    this.windowPanes = cfg.windowMs / cfg.hopMs;
    const panes = paneCount(cfg);
    this.sources = this.topo.sources.map((s) => newSourceState(panes, s.stride));
    this.integrators = this.topo.zones.map(() => newIntegrator());
    this.regionIntegrators = this.topo.regions.map(() => newIntegrator());
    this.regionRoles = this.topo.sources.map(() => []);
    for (const r of this.topo.regions) for (const g of r.integrators) this.regionRoles[g.source]!.push({ region: r.index, sign: g.sign });
    this.states = new ZoneStateBuilder(this.topo, cfg, this.sources, this.integrators, this.regionIntegrators);
    this.filters = this.states.filters;
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

  /**
   * Applies one reading to the state and says which windows it changed: its zones' head window
   * (`endMs` null), and for a late reading the newest older window holding it. Null when ignored.
   */
  private absorb(lr: LoggedReading): Array<{ zone: number; endMs: number | null }> | null {
    if (lr.offset <= this.lastOffset) {
      this.counters.duplicates!++;
      return null;
    }
    this.lastOffset = lr.offset;
    const r = lr.reading;
    const src = this.topo.sourceById.get(r.sensorId);
    if (src === undefined) {
      this.counters.unknownSensor!++;
      return null;
    }
    if (src.kind !== r.kind) {
      this.counters.kindMismatch!++;
      return null;
    }
    if (this.seen.has(r.id)) {
      this.counters.duplicates!++;
      return null;
    }
    if (r.ts > lr.receivedAt + this.cfg.maxFutureSkewMs) {
      this.counters.future!++;
      return null;
    }
    const wm = this.watermarkMs;
    if (r.ts < wm - this.cfg.allowedLatenessMs) {
      this.counters.late!++;
      if (this.lateRecords.length >= MAX_LATE_RECORDS) this.lateRecords.shift();
      this.lateRecords.push(lr);
      return null;
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
    const tracked = this.states.beginPaneChange(src.index, base, pane, this.headEndMs);
    // Received before it is added: the drift correction of a region judges this source fresh.
    state.lastEventTs = Math.max(state.lastEventTs, r.ts);
    state.lastReceivedAt = Math.max(state.lastReceivedAt, lr.receivedAt);
    this.add(src, state, base, r, r.ts - pane * hop, Math.max(this.lastTickMs, lr.receivedAt));
    if (tracked) this.states.endPaneChange(src.index, base, pane, this.headEndMs);
    this.counters.processed!++;
    if (late) this.counters.lateCorrected!++;

    const out: Array<{ zone: number; endMs: number | null }> = [];
    const newestHolding = (pane + this.windowPanes) * hop;
    for (const { zone } of src.zones) {
      if (late && newestHolding < this.headEndMs) out.push({ zone, endMs: newestHolding });
      out.push({ zone, endMs: null });
    }
    return out;
  }

  process(lr: LoggedReading): ZoneState[] {
    const changed = this.absorb(lr);
    if (changed === null) return [];
    const now = Math.max(this.lastTickMs, lr.receivedAt);
    return changed.map(({ zone, endMs }) => this.states.build(this.topo.zones[zone]!, endMs ?? this.headEndMs, now));
  }

  /**
   * Several readings in log order; returns each changed window's state once, after the whole
   * batch (corrected older windows first, then each touched zone's head window). Same end state
   * as `process` one by one, without building the intermediate states nobody will read.
   */
  processBatch(batch: readonly LoggedReading[]): ZoneState[] {
    const older = new Map<string, { zone: number; endMs: number }>();
    const heads = new Set<number>();
    let now = this.lastTickMs;
    for (const lr of batch) {
      const changed = this.absorb(lr);
      if (changed === null) continue;
      now = Math.max(now, lr.receivedAt);
      for (const c of changed) {
        if (c.endMs === null) heads.add(c.zone);
        else older.set(`${c.zone}:${c.endMs}`, { zone: c.zone, endMs: c.endMs });
      }
    }
    const out: ZoneState[] = [];
    for (const { zone, endMs } of older.values()) if (endMs < this.headEndMs) out.push(this.states.build(this.topo.zones[zone]!, endMs, now));
    for (const zone of heads) out.push(this.states.build(this.topo.zones[zone]!, this.headEndMs, now));
    return out;
  }

  tick(nowMs: EpochMs): ZoneState[] {
    this.lastTickMs = Math.max(this.lastTickMs, nowMs);
    this.headEndMs = Math.max(this.headEndMs, Math.floor(nowMs / this.cfg.hopMs) * this.cfg.hopMs);
    // The one place the occupancy filters advance: once per hop of the clock (zone-state-builder.ts).
    return this.topo.zones.map((z) => this.states.build(z, this.headEndMs, this.lastTickMs, true));
  }

  /** Adds one reading to its pane and to the cumulative state it feeds. */
  private add(src: SourceTopo, s: SourceState, base: number, r: SensorReading, tMs: number, now: number): void {
    const d = s.ring.data;
    switch (r.kind) {
      case 'zone_count':
        this.addLevelReading(src, s, base, tMs, r.ts, r.count, now);
        break;
      case 'wifi_count':
        this.addLevelReading(src, s, base, tMs, r.ts, r.devices, now);
        break;
      case 'tracks': {
        const prev = s.prevFrame;
        if (prev !== null && r.ts === prev.ts && s.lastTs === r.ts) {
          this.addFramePart(s, base, tMs, r.ts, frameMetrics(r.tracks, r.ts, src.coverage!, [], null));
          break;
        }
        const m = frameMetrics(r.tracks, r.ts, src.coverage!, src.crossings, prev);
        this.addLevelReading(src, s, base, tMs, r.ts, m.count, now);
        if (m.meanSpeed !== null) {
          d[base + F.speedSum]! += m.meanSpeed;
          d[base + F.speedFrames]! += 1;
        }
        if (m.pressure !== null) {
          d[base + F.pressureSum]! += m.pressure;
          d[base + F.pressureFrames]! += 1;
        }
        if (m.coherence !== null) {
          d[base + F.coherenceSum]! += m.coherence;
          d[base + F.coherenceFrames]! += 1;
        }
        const gap = prev === null ? Infinity : r.ts - prev.ts;
        // Crossings are only seen between consecutive frames, so they cover the gap to the previous one.
        if (gap > 0 && gap <= MAX_VELOCITY_GAP_MS) {
          d[base + F.intervalMs]! += gap;
          for (let b = 0; b < src.crossings.length; b++) {
            d[base + BASE_STRIDE + 2 * b]! += m.crossings[2 * b]!;
            d[base + BASE_STRIDE + 2 * b + 1]! += m.crossings[2 * b + 1]!;
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
        this.integrateCount(src, s, counterReadingOf(r));
        break;
      case 'ticket_scan':
        d[base + F.n]! += 1;
        d[base + F.in]! += r.entries;
        d[base + F.intervalMs]! += r.intervalMs;
        this.integrateCount(src, s, counterReadingOf(r));
        break;
    }
  }

  /**
   * Another part of the newest camera frame: a frame of more tracks than one reading may carry
   * (`READING_LIMITS.maxTracksPerReading`) comes as several readings with the same time. Its people
   * add to the frame's count and its tracks to the frame's memory (so the next frame finds them).
   * Not from it: crossings, speed, pressure, coherence (the first part's stand for the frame), nor
   * a second drift correction.
   */
  private addFramePart(s: SourceState, base: number, tMs: number, ts: number, m: FrameMetrics): void {
    extendLevel(s.ring.data, base, tMs, m.count, ts);
    s.lastValue += m.count;
    const prev = s.prevFrame!;
    const tracks = new Map(prev.tracks);
    for (const [id, p] of m.memory.tracks) tracks.set(id, p);
    s.prevFrame = { ts: prev.ts, tracks, cells: prev.cells };
  }

  /** A level reading: `raw` is what the sensor counted (people, devices, tracks in view); × scale = people in the zone. */
  private addLevelReading(src: SourceTopo, s: SourceState, base: number, tMs: number, ts: number, raw: number, now: number): void {
    addLevel(s.ring.data, base, tMs, raw, ts);
    if (ts >= s.lastTs) {
      s.lastTs = ts;
      s.lastValue = raw;
    }
    const people = raw * src.scale;
    // Drift correction: an absolute count pulls the line-count integration of its zone toward it
    // (the first one anchors it outright).
    for (const { zone } of src.zones) {
      const z = this.topo.zones[zone]!;
      if (z.region >= 0) this.correctRegion(z.region, this.states.reliabilityOf(src.index), now);
      if (!z.closed) continue;
      const it = this.integrators[zone]!;
      const reliability = this.states.reliabilityOf(src.index);
      if (!it.anchored) {
        it.offset = people - it.net;
        it.anchored = true;
      } else {
        it.offset += this.cfg.driftGain * reliability * (people - (it.net + it.offset));
      }
    }
  }

  /**
   * Drift correction of a counted region's integration by an absolute reading in one of its zones:
   * toward the sum of its zones' latest estimates (the first time every zone has one, it anchors
   * there), with the zone's pull (`driftGain` × the reading source's reliability) shared among the
   * region's zones, so that a region of many zones is not corrected faster than one zone.
   */
  private correctRegion(region: number, reliability: number, now: number): void {
    const r = this.topo.regions[region]!;
    let sum = 0;
    for (const zi of r.zones) {
      const v = this.states.latestLevel(this.topo.zones[zi]!, now);
      if (v === null) return;
      sum += v;
    }
    const it = this.regionIntegrators[region]!;
    if (!it.anchored) {
      it.offset = sum - it.net;
      it.anchored = true;
    } else {
      it.offset += ((this.cfg.driftGain * reliability) / r.zones.length) * (sum - (it.net + it.offset));
    }
  }

  /** A counter's reading into the integration: its interval, or with running totals whatever changed since (counter-totals.ts). */
  private integrateCount(src: SourceTopo, s: SourceState, r: CounterReading): void {
    const delta = absorbCount(s.counter, r);
    this.counters.countsRecovered! += delta.recovered;
    if (delta.restarted) this.counters.counterRestarts!++;
    // Also with nothing to add: a counter catching up may let a waiting negative be absorbed.
    this.integrate(src, delta.in - delta.out, r.ts);
  }

  /** Adds a net count to the integration of every closed zone and counted region this source integrates. */
  private integrate(src: SourceTopo, netIn: number, ts: number): void {
    for (const { region, sign } of this.regionRoles[src.index]!) {
      const it = this.regionIntegrators[region]!;
      it.net += sign * netIn;
      this.settle(it, this.topo.regions[region]!.integrators, ts);
    }
    for (const { zone } of src.zones) {
      const z = this.topo.zones[zone]!;
      const role = z.integrators.find((i) => i.source === src.index);
      if (role === undefined) continue;
      const it = this.integrators[zone]!;
      it.net += role.sign * netIn;
      this.settle(it, z.integrators, ts);
    }
  }

  /**
   * People cannot be negative: a negative integral is drift, absorbed into the offset. But only
   * once every counter of the zone has integrated up to the moment it went negative: until then
   * the negative may be a count still on its way (a person counted leaving a tunnel before the
   * reading of their entry, or a lost entry reading that the counter's totals will bring back), and
   * absorbing it would leave a person too many for good. Nothing is waited for beyond the allowed
   * lateness.
   */
  private settle(it: Integrator, counters: readonly { readonly source: number }[], ts: number): void {
    if (it.net + it.offset >= 0) {
      it.negativeSinceTs = -1;
      return;
    }
    if (it.negativeSinceTs < 0) it.negativeSinceTs = ts;
    const since = it.negativeSinceTs;
    // Counts older than the allowed lateness are not coming; nor is anything from a counter that far behind.
    const horizon = this.maxEventTs - this.cfg.allowedLatenessMs;
    const arrived = (c: { readonly source: number }): boolean => {
      const t = integratedTo(this.sources[c.source]!);
      return t >= since || t < horizon;
    };
    if (since < horizon || counters.every(arrived)) {
      it.offset = -it.net;
      it.negativeSinceTs = -1;
    }
  }

  checkpoint(): { readonly offset: number; readonly state: string } {
    const { offset, state } = this.snapshot();
    return { offset, state: snapshotToText(state) };
  }

  snapshot(): { readonly offset: number; readonly state: Uint8Array } {
    const header: SnapshotHeader = {
      venueId: this.topo.venue.id,
      layout: this.layout,
      windowMs: this.cfg.windowMs,
      hopMs: this.cfg.hopMs,
      maxEventTs: this.maxEventTs,
      headEndMs: this.headEndMs,
      lastTickMs: this.lastTickMs,
      stats: { ...this.counters },
    };
    return { offset: this.lastOffset, state: encodeSnapshot(header, this) };
  }

  private restore(cp: StreamCheckpoint): void {
    const raw: unknown = cp.state;
    let bytes: Uint8Array;
    if (typeof raw === 'string') bytes = snapshotFromText(raw);
    else if (raw instanceof Uint8Array) bytes = raw;
    else {
      const version = (raw as { version?: unknown } | null)?.version;
      throw new CrowdflowError(
        'CF_ERR_CONFIG',
        `stream checkpoint version ${String(version)} (a JSON object) not ${SNAPSHOT_VERSION} (a binary snapshot); start without it and replay the log`,
      );
    }
    const st = readSnapshotHeader(bytes);
    if (st.venueId !== this.topo.venue.id || st.windowMs !== this.cfg.windowMs || st.hopMs !== this.cfg.hopMs) {
      throw new CrowdflowError(
        'CF_ERR_CONFIG',
        `stream checkpoint of venue ${st.venueId} (window ${st.windowMs} ms, hop ${st.hopMs} ms) cannot restore venue ${this.topo.venue.id} (window ${this.cfg.windowMs} ms, hop ${this.cfg.hopMs} ms)`,
      );
    }
    if (st.layout !== this.layout) {
      throw new CrowdflowError('CF_ERR_CONFIG', `stream checkpoint of venue ${st.venueId} was taken with other sensors or zones (layout ${st.layout} not ${this.layout}); start without it and replay the log`);
    }
    decodeSnapshot(bytes, this, this.cfg.hopMs);
    this.lastOffset = cp.offset;
    this.maxEventTs = st.maxEventTs;
    this.headEndMs = st.headEndMs;
    this.lastTickMs = st.lastTickMs;
    Object.assign(this.counters, st.stats);
  }
}
