/**
 * Ground truth: which zone each agent is in, occupancy per zone, cumulative crossings of every
 * passage (in = from → to) and gate (in = entering), mean speed per zone, and per-second peaks.
 * Density here is the classic one, occupancy / zone area (PedPy's classic density).
 */
import type { GateId, PassageId, ZoneId } from '../contracts/index.ts';
import type { SimState } from './state.ts';

export interface CrossingTruth {
  readonly id: PassageId | GateId;
  readonly kind: 'passage' | 'gate';
  /** Cumulative people across it from → to (passage) or entering (gate). */
  readonly in: number;
  readonly out: number;
}

export interface ZoneTruth {
  readonly zoneId: ZoneId;
  readonly areaSqm: number;
  readonly occupancy: number;
  readonly densityPpsm: number;
  /** Mean walking speed of the agents in the zone, m/s (0 when empty). */
  readonly meanSpeedMps: number;
  /** Cumulative crossings of this zone's passages and gates. */
  readonly crossings: readonly CrossingTruth[];
}

export class Truth {
  readonly peakOccupancy: Int32Array;
  readonly peakDensity: Float64Array;
  peakLocalDensity = 0;
  peakLocalAtS = 0;
  peakLocalX = 0;
  peakLocalY = 0;
  private readonly speedSum: Float64Array;
  private readonly speedN: Int32Array;
  /** Kernel memory: the raster's zone per cell (copied once), and the slots whose zone changed. */
  private zoneOfAt = -1;
  private changedAt = 0;
  private changedSlots = 0;
  private changed: Int32Array = new Int32Array(0);

  constructor(private readonly s: SimState) {
    const nz = s.venue.zones.length;
    this.peakOccupancy = new Int32Array(nz);
    this.peakDensity = new Float64Array(nz);
    this.speedSum = new Float64Array(nz);
    this.speedN = new Int32Array(nz);
  }

  /**
   * After the move: reassign zones and count passage crossings. The kernel finds the agents whose
   * zone changed (a pass over everyone); only those are updated here, in slot order as before.
   */
  updateZones(): void {
    const s = this.s, st = s.store, w = s.world, r = w.raster, nz = s.venue.zones.length;
    const zoneOf = r.zoneOf;
    const k = st.kernel;
    if (this.changedSlots < st.capacity) {
      this.changedSlots = st.capacity;
      this.changedAt = k.alloc(4 * st.capacity);
    }
    if (this.zoneOfAt < 0) {
      this.zoneOfAt = k.alloc(2 * zoneOf.length);
      k.i16(this.zoneOfAt, zoneOf.length).set(zoneOf);
    }
    const m = k.exports.zone_changes(st.count, st.x.byteOffset, st.y.byteOffset, st.zone.byteOffset, this.zoneOfAt, r.originX, r.originY, r.cellM, r.cellsX, r.cellsY, this.changedAt);
    if (this.changed.buffer !== k.exports.memory.buffer || this.changed.byteOffset !== this.changedAt) this.changed = k.i32(this.changedAt, this.changedSlots);
    const changed = this.changed;
    for (let j = 0; j < m; j++) {
      const i = changed[j]!;
      const z = zoneOf[r.cellOf(st.x[i]!, st.y[i]!)]!;
      const old = st.zone[i]!;
      if (old >= 0) {
        s.zoneCount[old]!--;
        const p = w.pairPassage[old * nz + z]!;
        if (p >= 0) {
          if (w.passageFrom[p] === old) s.passageIn[p]!++;
          else s.passageOut[p]!++;
        }
      }
      s.zoneCount[z]!++;
      st.zone[i] = z;
    }
  }

  /** Once per simulated second: peaks of zone density and of local density (neighbour-grid cells). */
  recordPeaks(): void {
    const s = this.s;
    for (let z = 0; z < this.peakOccupancy.length; z++) {
      const occ = s.zoneCount[z]!;
      if (occ > this.peakOccupancy[z]!) this.peakOccupancy[z] = occ;
      const d = occ / s.world.zoneArea[z]!;
      if (d > this.peakDensity[z]!) this.peakDensity[z] = d;
    }
    // Local density over blocks of the neighbour grid about 2 m × 2 m.
    const g = s.grid, k = Math.max(1, Math.round(2 / g.cellM)), area = (k * g.cellM) ** 2;
    for (let r0 = 0; r0 + k <= g.cellsY; r0 += k) {
      for (let c0 = 0; c0 + k <= g.cellsX; c0 += k) {
        let n = 0;
        for (let r = r0; r < r0 + k; r++) n += g.cellStart[r * g.cellsX + c0 + k]! - g.cellStart[r * g.cellsX + c0]!;
        const d = n / area;
        if (d > this.peakLocalDensity) {
          this.peakLocalDensity = d;
          this.peakLocalAtS = s.timeS;
          this.peakLocalX = g.originX + (c0 + k / 2) * g.cellM;
          this.peakLocalY = g.originY + (r0 + k / 2) * g.cellM;
        }
      }
    }
  }

  crossings(): CrossingTruth[] {
    const s = this.s;
    return [
      ...s.venue.passages.map((p, k) => ({ id: p.id, kind: 'passage' as const, in: s.passageIn[k]!, out: s.passageOut[k]! })),
      ...s.venue.gates.map((g, k) => ({ id: g.id, kind: 'gate' as const, in: s.gateEntries[k]!, out: s.gateExits[k]! })),
    ];
  }

  zoneTruth(): ZoneTruth[] {
    const s = this.s, st = s.store;
    this.speedSum.fill(0);
    this.speedN.fill(0);
    for (let i = 0; i < st.count; i++) {
      const z = st.zone[i]!;
      if (z < 0) continue;
      this.speedSum[z]! += Math.hypot(st.vx[i]!, st.vy[i]!);
      this.speedN[z]!++;
    }
    const all = this.crossings();
    const byId = new Map(all.map((c) => [c.id as string, c]));
    return s.venue.zones.map((zone, z) => ({
      zoneId: zone.id,
      areaSqm: zone.areaSqm,
      occupancy: s.zoneCount[z]!,
      densityPpsm: s.zoneCount[z]! / zone.areaSqm,
      meanSpeedMps: this.speedN[z]! > 0 ? this.speedSum[z]! / this.speedN[z]! : 0,
      crossings: [...zone.passageIds, ...zone.gateIds].map((id) => byId.get(id)!),
    }));
  }
}
