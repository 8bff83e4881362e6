/**
 * Fusion of several occupancy estimates of one zone into one, with a confidence.
 *
 * Each usable source i suggests an occupancy xᵢ. Its weight is
 *   wᵢ = reliabilityᵢ · freshnessᵢ · agreementᵢ
 * - reliability: a prior per kind of source (`RELIABILITY`);
 * - freshness: 1 while the source reports within its period, falling linearly to 0 when it
 *   becomes stale (silent for `staleAfterPeriods` periods), where it leaves the fusion;
 * - agreement: how well its recent (window mean) estimate agrees with the consensus,
 *   1 / (1 + (relative difference / `AGREEMENT_SCALE`)²). The consensus is the weighted median of
 *   the recent estimates (weights: reliability · freshness) when there are three or more, so one
 *   faulty source cannot drag it; with two, their weighted mean (both lose weight when they
 *   disagree: the confidence drops, neither is singled out); with one, itself.
 * The fused occupancy is Σ wᵢxᵢ / Σ wᵢ. The confidence is Σ wᵢ over the sum of the reliabilities
 * of every occupancy source the zone has: 1 when all of them are fresh and agree, lower when
 * some are stale, silent or at odds, 0 when none is usable (then the zone is "unknown").
 */

/** Prior trust in each kind of occupancy estimate (dimensionless). */
export const RELIABILITY = {
  zone_count: 1,
  tracks: 1,
  /** Line counts integrate every miscount into a drift; corrected toward absolute counts. */
  integrated: 0.8,
  /** The same integration before any absolute count has anchored it (assumes an empty zone at start). */
  integratedUnanchored: 0.6,
  /** Wi-Fi counts go through a calibration factor (people per device) that varies by crowd. */
  wifi_count: 0.5,
} as const;

/** Relative disagreement at which a source's agreement falls to 1/2. */
export const AGREEMENT_SCALE = 0.25;
/** Disagreements are measured against at least this many people, so near-empty zones do not swing. */
export const AGREEMENT_FLOOR_PEOPLE = 5;

export interface Candidate {
  /** Current occupancy this source suggests (people). */
  readonly value: number;
  /** Its mean over the window, for agreement. */
  readonly recent: number;
  readonly reliability: number;
  readonly freshness: number;
  /** Its trend (people per second), when it has one. */
  readonly slopePerS: number | null;
}

export interface Fused {
  readonly occupancy: number | null;
  /** Share of each candidate in the occupancy (Σ = 1), in candidate order. */
  readonly shares: readonly number[];
  readonly confidence: number;
  /** Weighted trend of the candidates that have one (people per second), or null. */
  readonly slopePerS: number | null;
}

export function freshness(ageMs: number, periodMs: number, staleAfterPeriods: number): number {
  if (ageMs <= periodMs) return 1;
  const staleAt = staleAfterPeriods * periodMs;
  if (ageMs >= staleAt || staleAt <= periodMs) return 0;
  return 1 - (ageMs - periodMs) / (staleAt - periodMs);
}

export function fuse(cands: readonly Candidate[], totalReliability: number): Fused {
  const n = cands.length;
  if (n === 0) return { occupancy: null, shares: [], confidence: 0, slopePerS: null };
  const consensus = consensusOf(cands);
  const shares = new Array<number>(n);
  let wSum = 0;
  let occ = 0;
  let slopeW = 0;
  let slope = 0;
  for (let i = 0; i < n; i++) {
    const c = cands[i]!;
    const rel = Math.abs(c.recent - consensus) / Math.max(AGREEMENT_FLOOR_PEOPLE, consensus);
    const w = (c.reliability * c.freshness) / (1 + (rel / AGREEMENT_SCALE) ** 2);
    shares[i] = w;
    wSum += w;
    occ += w * c.value;
    if (c.slopePerS !== null) {
      slopeW += w;
      slope += w * c.slopePerS;
    }
  }
  if (!(wSum > 0)) return { occupancy: null, shares: shares.fill(0), confidence: 0, slopePerS: null };
  for (let i = 0; i < n; i++) shares[i] = shares[i]! / wSum;
  return {
    occupancy: Math.max(0, occ / wSum),
    shares,
    confidence: totalReliability > 0 ? Math.min(1, wSum / totalReliability) : 0,
    slopePerS: slopeW > 0 ? slope / slopeW : null,
  };
}

/** Weighted median of the recent estimates (three or more), else their weighted mean. */
function consensusOf(cands: readonly Candidate[]): number {
  let wSum = 0;
  let mean = 0;
  for (const c of cands) {
    const w = c.reliability * c.freshness;
    wSum += w;
    mean += w * c.recent;
  }
  if (!(wSum > 0)) return cands[0]!.recent;
  if (cands.length < 3) return mean / wSum;
  const sorted = [...cands].sort((a, b) => a.recent - b.recent);
  let acc = 0;
  for (const c of sorted) {
    acc += c.reliability * c.freshness;
    if (acc >= wSum / 2) return c.recent;
  }
  return sorted[sorted.length - 1]!.recent;
}
