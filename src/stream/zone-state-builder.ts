/**
 * Assembles ZoneStates: keeps each source's merged window current (slid, merged, or moved by a
 * pane's change), then fuses the sources of a zone into its state. Definitions of every field
 * are documented next to their computation below and in docs/STREAM.md.
 */
import { ZONE_STATE_SCHEMA, type SourceUse, type ZoneState } from '../contracts/index.ts';
import type { StreamConfig } from './config.ts';
import {
  AGREEMENT_FLOOR_PEOPLE, coverageReliability, freshness, fuse, occupancyVariance, reconcile, RELIABILITY, type Candidate, type Fused } from './fusion.ts';
import { applyPaneDelta, emptyAgg, F, mergeWindow, slideWindow, slopePerMs, type WindowAgg } from './panes.ts';
import type { Integrator, SourceState } from './source-state.ts';
import type { RegionTopo, SourceTopo, Topology, ZoneTopo } from './topology.ts';
import { copyZoneFilter, initialise, newZoneFilter, predict, update, type FilterParams, type ZoneFilter } from './occupancy-filter.ts';
import { normalisePressure } from './tracks-metrics.ts';
import { weidmannSpeed } from '../venue/index.ts';

/**
 * Line-count integration errs by drift (σ ≈ 11 % in the fusion, `RELIABILITY.integrated`), which
 * builds up over minutes and which averaging over time cannot remove; from one hop to the next it
 * moves by counted people only: counted, not sampled. So for the temporal filter its error per
 * hop is taken as 0 (the same for a counted region's total): a zone measured by line counts alone
 * is reported as it is (a 2 % error here gave the same figures on the tuning runs, but lagged
 * line-count-only zones by about a person).
 */
export const INTEGRATION_SHORT_TERM_REL_ERROR = 0;

type LevelKind = 'zone_count' | 'tracks' | 'wifi_count';
export const isLevelKind = (k: string): k is LevelKind => k === 'zone_count' || k === 'tracks' || k === 'wifi_count';

export class ZoneStateBuilder {
  private readonly windowPanes: number;
  /** Per source, its merged window and the window end it is valid for (NaN: none). */
  private readonly aggs: WindowAgg[];
  private readonly aggEndMs: Float64Array;
  /** A pane's fields before a reading changes it (see `beginPaneChange`). */
  private readonly before: Float64Array;
  /** Per zone, 1 for the sources that integrate its occupancy. */
  private readonly integratorMask: Uint8Array[];
  /** Prior reliability of each level source (fusion.ts), 0 for the others. */
  private readonly reliability: Float64Array;
  private readonly staleScratch: Uint8Array;
  private readonly levelScratch: Float64Array;
  private readonly shareScratch: Float64Array;
  /** Per counted region: its members' reconciled occupancy for one (window end, now, version). */
  private readonly regionCache: RegionCache[];
  /** Position of each zone in its region's member list (−1 outside any). */
  private readonly regionSlot: Int32Array;
  /** Bumped whenever a reading changes any state (see `beginPaneChange`): invalidates the region cache. */
  private version = 0;
  /** Out-parameters of `boundaryFlow` (p/min), to keep the per-state path free of allocation. */
  private flowIn = 0;
  private flowOut = 0;
  /** Per zone, the temporal filter of its occupancy, advanced by ticks only (see `filtered`). */
  readonly filters: ZoneFilter[];
  private readonly filterScratch = newZoneFilter();
  private readonly filterParams: FilterParams;
  /** Per counted region, the longest reporting period of its outer counters (ms). */
  private readonly regionPeriodMs: Float64Array;

  constructor(
    private readonly topo: Topology,
    private readonly cfg: StreamConfig,
    private readonly sources: readonly SourceState[],
    private readonly integrators: readonly Integrator[],
    /** One per counted region (`topo.regions`), integrating its outer counters. */
    private readonly regionIntegrators: readonly Integrator[],
  ) {
    this.windowPanes = cfg.windowMs / cfg.hopMs;
    const nSources = topo.sources.length;
    this.aggs = topo.sources.map((s) => emptyAgg(s.crossings.length));
    this.aggEndMs = new Float64Array(nSources).fill(NaN);
    this.before = new Float64Array(Math.max(1, ...topo.sources.map((s) => s.stride)));
    this.integratorMask = topo.zones.map((z) => {
      const m = new Uint8Array(nSources);
      for (const g of z.integrators) m[g.source] = 1;
      return m;
    });
    // A camera over part of its zone is a density sample of where it looks, not a head count of the zone.
    this.reliability = Float64Array.from(topo.sources, (s) =>
      s.kind === 'tracks' ? coverageReliability(s.coverageFraction) : isLevelKind(s.kind) ? RELIABILITY[s.kind] : 0);
    this.regionCache = topo.regions.map((r) => newRegionCache(r, nSources));
    this.regionSlot = new Int32Array(topo.zones.length).fill(-1);
    for (const r of topo.regions) r.zones.forEach((z, k) => { this.regionSlot[z] = k; });
    this.staleScratch = new Uint8Array(nSources);
    this.levelScratch = new Float64Array(nSources);
    this.shareScratch = new Float64Array(nSources);
    this.filters = topo.zones.map(() => newZoneFilter());
    this.filterParams = { levelNoise: cfg.filterLevelNoise, rateNoise: cfg.filterRateNoise, rateTimeS: cfg.filterRateTimeS };
    this.regionPeriodMs = Float64Array.from(topo.regions, (r) => Math.max(cfg.hopMs, ...r.integrators.map((g) => topo.sources[g.source]!.periodMs)));
  }

  reliabilityOf(source: number): number {
    return this.reliability[source]!;
  }

  /**
   * Before a reading changes pane `pane` of `source` (at `base` in its ring): when the pane lies in
   * the head window ending at `headEndMs`, brings that window's cache there and remembers the pane,
   * so that `endPaneChange` can apply the difference. False when it did not: then no cache holding
   * that pane survives (a cache of the head window does not hold it; any other is dropped).
   */
  beginPaneChange(source: number, base: number, pane: number, headEndMs: number): boolean {
    this.version++;
    if (pane < headEndMs / this.cfg.hopMs - this.windowPanes) {
      // Not in the head window, but perhaps in the older window a cache was left at: drop it.
      if (this.aggEndMs[source] !== headEndMs) this.aggEndMs[source] = NaN;
      return false;
    }
    if (!this.bringWindowTo(source, headEndMs, false)) {
      this.aggEndMs[source] = NaN;
      return false;
    }
    const d = this.sources[source]!.ring.data;
    const stride = this.topo.sources[source]!.stride;
    for (let f = 0; f < stride; f++) this.before[f] = d[base + f]!;
    return true;
  }

  /** Applies the change of the pane remembered by `beginPaneChange` to the cached head window. */
  endPaneChange(source: number, base: number, pane: number, headEndMs: number): void {
    const firstPane = headEndMs / this.cfg.hopMs - this.windowPanes;
    applyPaneDelta(this.aggs[source]!, this.before, this.sources[source]!.ring.data, base, (pane - firstPane) * this.cfg.hopMs);
  }

  private isStale(src: SourceTopo, now: number): boolean {
    const s = this.sources[src.index]!;
    return s.lastReceivedAt < 0 || now - s.lastReceivedAt >= this.cfg.staleAfterPeriods * src.periodMs;
  }

  private freshnessOf(src: SourceTopo, now: number): number {
    const s = this.sources[src.index]!;
    return s.lastReceivedAt < 0 ? 0 : freshness(now - s.lastReceivedAt, src.periodMs, this.cfg.staleAfterPeriods);
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
  bringWindowTo(i: number, endMs: number, mergeIfNeeded: boolean): boolean {
    const cachedEnd = this.aggEndMs[i]!;
    if (cachedEnd === endMs) return true;
    const hop = this.cfg.hopMs;
    const ring = this.sources[i]!.ring;
    // A slide reads the panes leaving the window: they must all still be in the ring, i.e. the span
    // from the cached window's first pane to the new end must fit in it (no slot reused in between).
    const span = (endMs - cachedEnd) / hop + this.windowPanes;
    if (this.topo.sources[i]!.kind !== 'tracks' && cachedEnd < endMs && endMs - cachedEnd < this.cfg.windowMs && span <= ring.size) {
      slideWindow(ring, cachedEnd / hop - this.windowPanes, endMs / hop - this.windowPanes, this.windowPanes, hop, this.aggs[i]!);
    } else if (mergeIfNeeded) {
      mergeWindow(ring, endMs / hop - this.windowPanes, this.windowPanes, hop, this.aggs[i]!);
    } else {
      return false;
    }
    this.aggEndMs[i] = endMs;
    return true;
  }

  /**
   * The state of zone `z` for the window ending at `endMs`, judged at processing time `now`.
   * `commit` (ticks only): the zone's occupancy filter advances to `endMs` and keeps the update;
   * otherwise its state is left as the last tick left it (see `filtered`).
   */
  build(z: ZoneTopo, endMs: number, now: number, commit = false): ZoneState {
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

    const cands: Candidate[] = [];
    const candSource: number[] = []; // source index, or −1 for the integration
    const est = this.estimate(z, endMs, now, cands, candSource);
    for (const i of z.levelSources) levelValue[i] = this.levelAt(srcs[i]!, endMs) ?? NaN;
    const fused = est.fused;
    for (let c = 0; c < fused.shares.length; c++) {
      const i = candSource[c]!;
      const w = fused.shares[c]!;
      if (i >= 0) share[i] = w;
      else for (const g of z.integrators) share[g.source]! += w / z.integrators.length;
    }
    // A counted region binds its zones: Σ zones = the total its outer counters integrate.
    let occupancy = fused.occupancy === null ? null : Math.max(fused.occupancy, est.seen);
    // Reconciled: y = (1 − g)·own + g·(T − Σ other zones); g and the variance of the second term per hop.
    let regionGain = 0;
    let regionRestVar = 0;
    if (occupancy !== null && z.region >= 0) {
      const rc = this.reconciled(this.topo.regions[z.region]!, endMs, now);
      const k = this.regionSlot[z.index]!;
      if (rc.usable) {
        occupancy = rc.out[k]!;
        const g = rc.gain[k]!;
        regionGain = g;
        regionRestVar = rc.restVar - rc.hopVar[k]!;
        let counters = 0;
        for (const i of z.sources) if (rc.counter[i]) counters++;
        for (const i of z.sources) share[i] = rc.counter[i] ? g / counters : share[i]! * (counters > 0 ? 1 - g : 1);
      }
    }

    occupancy = this.filtered(z, endMs, occupancy, est.seen, fused, candSource, regionGain, regionRestVar, commit);

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
      frames += a.pressureFrames;
      cohSum += a.coherenceSum;
      cohFrames += a.coherenceFrames;
    }

    const area = z.zone.areaSqm;
    // density = occupancy / areaSqm (p/m²).
    const density = occupancy === null ? null : occupancy / area;
    // speed from tracks, else Weidmann (1993) at the fused density, flagged as estimated.
    const speedEstimated = speedFrames === 0 && density !== null;
    const speed = speedFrames > 0 ? speedSum / speedFrames : density !== null ? weidmannSpeed(density) : null;
    // surgeRate = positive rate of density increase over the window, p/m² per minute.
    const surgeRate = occupancy === null || fused.slopePerS === null ? 0 : Math.max(0, (fused.slopePerS * 60) / area);
    const sources: SourceUse[] = new Array(z.sources.length);
    for (let k = 0; k < z.sources.length; k++) {
      const i = z.sources[k]!;
      const src = srcs[i]!;
      const suggested = !Number.isNaN(levelValue[i]!) ? levelValue[i]! : this.integratorMask[z.index]![i] ? est.integrated : null;
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
      schema: ZONE_STATE_SCHEMA,
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
      pressure: frames > 0 ? normalisePressure(pressureSum / frames) : 0,
      // coherence = |mean velocity vector| / mean speed, window mean over moving frames.
      coherence: cohFrames > 0 ? clamp01(cohSum / cohFrames) : 0,
      capacityUtilisation: occupancy === null ? null : occupancy / z.zone.capacity,
      sources,
      confidence: clamp01(fused.confidence),
      status: occupancy === null ? 'unknown' : anyStale ? 'degraded' : 'ok',
    } as ZoneState;
  }

  /**
   * The occupancy reported for zone `z`: its measurement `y` (fused, reconciled) through the
   * zone's Kalman filter (occupancy-filter.ts). The filter is advanced only by ticks (`commit`),
   * once per hop of event time, so its state does not depend on how readings were batched or how
   * often a state was built; a reading's early firing shows what the next tick would make of it
   * (a tentative step on a copy). Null (unknown) when there is no measurement, and then the filter
   * starts afresh from the next one. Never below the people a fresh camera sees.
   *
   * The same information must not be counted at every hop: a Wi-Fi count persists unchanged
   * for its 10 s period, and counted ten times it would weigh ten readings. So each step sees each
   * source's error with its variance scaled by the reporting period, σᵢ² · max(1, periodᵢ / dt):
   * over one period the steps then hold one reading's information. This, unlike "update when it
   * changed", needs no memory of past values and does not depend on whether a reading happened to
   * repeat the last one. The fused value is Σ sᵢxᵢ with the fusion's shares sᵢ, so its variance
   * is Σ sᵢ² σᵢ² (`hopVariance`); reconciled, (1 − g)² of that + g² of the rest of the region's.
   */
  private filtered(
    z: ZoneTopo, endMs: number, y: number | null, seen: number, fused: Fused, candSource: readonly number[],
    regionGain: number, regionRestVar: number, commit: boolean,
  ): number | null {
    const f = this.filters[z.index]!;
    if (y === null) {
      if (commit) f.init = false;
      return null;
    }
    if (!this.cfg.occupancyFilter) return y;
    const capacity = z.zone.capacity;
    if (!f.init) {
      if (!commit) return y;
      const v = this.hopVariance(z, y, fused, candSource, Infinity);
      initialise(f, endMs, y, (1 - regionGain) ** 2 * v + regionGain ** 2 * regionRestVar, capacity);
      return Math.max(f.level, seen);
    }
    const dtMs = endMs - f.tMs;
    if (commit && dtMs <= 0) return Math.max(f.level, seen);
    const g = commit ? f : copyZoneFilter(f, this.filterScratch);
    predict(g, endMs, capacity, this.filterParams);
    const infoMs = commit ? dtMs : Math.max(dtMs, this.cfg.hopMs);
    // The variance's scale is the predicted level, not y: scaled by y, a low reading would weigh
    // more than a high one, and a source alternating around the truth would pull the state down.
    const v = this.hopVariance(z, Math.max(g.level, seen), fused, candSource, infoMs);
    update(g, y, (1 - regionGain) ** 2 * v + regionGain ** 2 * regionRestVar);
    return Math.max(g.level, seen);
  }

  /**
   * Variance (people²) of a zone's own fused estimate of about `scale` people, as seen by one
   * filter step of `infoMs` (Infinity: one whole reading of every source): Σ sᵢ² σᵢ² max(1, periodᵢ / infoMs),
   * σᵢ² = (0.1 · scale)² / wᵢ for a level source (its fusion weight wᵢ = sᵢ Σw, an inverse
   * variance: occupancyVariance), (`INTEGRATION_SHORT_TERM_REL_ERROR` · scale)² for the integration.
   */
  private hopVariance(z: ZoneTopo, scale: number, fused: Fused, candSource: readonly number[], infoMs: number): number {
    const total = fused.weight;
    if (!(total > 0)) return Infinity;
    const unit = occupancyVariance(scale, 1);
    let v = 0;
    for (let c = 0; c < fused.shares.length; c++) {
      const s = fused.shares[c]!;
      if (!(s > 0)) continue;
      const i = candSource[c]!;
      const period = i >= 0 ? this.topo.sources[i]!.periodMs : this.integratorPeriodMs(z);
      const perReading = i >= 0 ? unit / (s * total) : (INTEGRATION_SHORT_TERM_REL_ERROR * Math.max(AGREEMENT_FLOOR_PEOPLE, scale)) ** 2;
      v += s * s * perReading * Math.max(1, period / infoMs);
    }
    return v;
  }

  private integratorPeriodMs(z: ZoneTopo): number {
    let p = this.cfg.hopMs;
    for (const g of z.integrators) p = Math.max(p, this.topo.sources[g.source]!.periodMs);
    return p;
  }

  /**
   * The zone's own occupancy estimate: its fresh absolute sources (zone_count, tracks, Wi-Fi), and
   * for a closed zone the line-count integration, fused (fusion.ts). `seen`: the most people a
   * fresh camera sees in the zone right now, a floor for any estimate (they are there).
   */
  private estimate(z: ZoneTopo, endMs: number, now: number, cands: Candidate[], candSource: number[]): { fused: Fused; integrated: number | null; seen: number } {
    const srcs = this.topo.sources;
    let totalReliability = 0;
    let seen = 0;
    for (const i of z.levelSources) {
      const src = srcs[i]!;
      const reliability = this.reliability[i]!;
      totalReliability += reliability;
      const value = this.levelAt(src, endMs);
      if (value === null || this.isStale(src, now)) continue;
      if (src.kind === 'tracks') seen = Math.max(seen, value / src.scale);
      const agg = this.aggs[i]!;
      const slope = slopePerMs(agg);
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
      const reliability = it.anchored ? RELIABILITY.integrated : RELIABILITY.integratedUnanchored;
      totalReliability += reliability;
      integrated = Math.max(0, it.net + it.offset);
      const fresh = this.integratorFreshness(z.integrators, now);
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
    return { fused: fuse(cands, totalReliability), integrated, seen };
  }

  /** Freshness of an integration: the least fresh of its counters (0 when any is stale). */
  private integratorFreshness(integrators: ZoneTopo['integrators'], now: number): number {
    let fresh = 1;
    for (const g of integrators) {
      const src = this.topo.sources[g.source]!;
      if (this.isStale(src, now)) return 0;
      fresh = Math.min(fresh, this.freshnessOf(src, now));
    }
    return fresh;
  }

  /**
   * The reconciled occupancy of every zone of a counted region, computed once per window end,
   * processing time and state version. Usable only while every outer counter is fresh and every
   * zone has its own estimate (a discrepancy cannot be laid on a zone nobody sees).
   */
  private reconciled(r: RegionTopo, endMs: number, now: number): RegionCache {
    const rc = this.regionCache[r.index]!;
    if (rc.endMs === endMs && rc.now === now && rc.version === this.version) return rc;
    rc.endMs = endMs;
    rc.now = now;
    rc.version = this.version;
    rc.usable = false;
    const fresh = this.integratorFreshness(r.integrators, now);
    if (fresh <= 0) return rc;
    const cands: Candidate[] = [];
    const candSource: number[] = [];
    for (let k = 0; k < r.zones.length; k++) {
      const z = this.topo.zones[r.zones[k]!]!;
      for (const i of z.sources) this.bringWindowTo(i, endMs, true);
      cands.length = 0;
      candSource.length = 0;
      const { fused, seen } = this.estimate(z, endMs, now, cands, candSource);
      if (fused.occupancy === null) return rc;
      rc.x[k] = Math.max(fused.occupancy, seen);
      rc.v[k] = occupancyVariance(rc.x[k]!, fused.weight);
      rc.lower[k] = seen;
      rc.hopVar[k] = this.hopVariance(z, rc.x[k]!, fused, candSource, this.cfg.hopMs);
    }
    const it = this.regionIntegrators[r.index]!;
    const total = Math.max(0, it.net + it.offset);
    const reliability = (it.anchored ? RELIABILITY.integrated : RELIABILITY.integratedUnanchored) * fresh;
    reconcile(rc.x, rc.v, rc.lower, total, occupancyVariance(total, reliability), rc.out, rc.gain);
    // For the filter: the variance per hop of T − Σ zones, but for the zone's own term (subtracted by the zone).
    rc.restVar = (INTEGRATION_SHORT_TERM_REL_ERROR * Math.max(AGREEMENT_FLOOR_PEOPLE, total)) ** 2 * Math.max(1, this.regionPeriodMs[r.index]! / this.cfg.hopMs);
    for (let k = 0; k < r.zones.length; k++) rc.restVar += rc.hopVar[k]!;
    rc.usable = true;
    return rc;
  }

  /**
   * A quick estimate of a zone from the latest values of its fresh absolute sources, weighted by
   * reliability (no window, no agreement): what anchors and corrects a region's integration when
   * a reading arrives, so that the correction depends on the readings alone. A camera that sees
   * only part of the zone is left out when the zone has a source of the whole: its extrapolation
   * errs systematically (crowds gather where cameras look), and a drift correction must not pull a
   * conservation law toward a bias. Null when the zone has no fresh absolute source.
   */
  latestLevel(z: ZoneTopo, now: number): number | null {
    let w = 0;
    let sum = 0;
    let wPartial = 0;
    let sumPartial = 0;
    for (const i of z.levelSources) {
      const src = this.topo.sources[i]!;
      const s = this.sources[i]!;
      if (s.lastTs < 0 || this.isStale(src, now)) continue;
      const r = this.reliability[i]!;
      if (src.coverageFraction < 1) {
        wPartial += r;
        sumPartial += r * s.lastValue * src.scale;
      } else {
        w += r;
        sum += r * s.lastValue * src.scale;
      }
    }
    return w > 0 ? sum / w : wPartial > 0 ? sumPartial / wPartial : null;
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

}

interface RegionCache {
  endMs: number;
  now: number;
  version: number;
  usable: boolean;
  /** For the filter: Σ over member zones of their own estimate's variance per hop, + the total's. */
  restVar: number;
  /** Per member zone: own estimate, its variance, people seen, reconciled value, gain, variance per hop. */
  readonly hopVar: Float64Array;
  readonly x: Float64Array;
  readonly v: Float64Array;
  readonly lower: Float64Array;
  readonly out: Float64Array;
  readonly gain: Float64Array;
  /** Per source, 1 for the region's outer counters. */
  readonly counter: Uint8Array;
}

function newRegionCache(r: RegionTopo, nSources: number): RegionCache {
  const a = (): Float64Array => new Float64Array(r.zones.length);
  const counter = new Uint8Array(nSources);
  for (const g of r.integrators) counter[g.source] = 1;
  return { endMs: NaN, now: NaN, version: -1, usable: false, restVar: 0, hopVar: a(), x: a(), v: a(), lower: a(), out: a(), gain: a(), counter };
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
