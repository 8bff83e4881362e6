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

/**
 * Prior trust in each kind of occupancy estimate, as an inverse variance: reliability =
 * (`REFERENCE_REL_ERROR` / σ)², σ the relative standard error of the estimate, so that fusing by
 * reliability is inverse-variance weighting (a head count, σ ≈ 10 %, is 1).
 */
export const RELIABILITY = {
  zone_count: 1,
  /** A camera over its whole zone; one over part of it is discounted (`coverageReliability`). */
  tracks: 1,
  /** Line counts integrate every miscount into a drift; corrected toward absolute counts (σ ≈ 11 %). */
  integrated: 0.8,
  /** The same integration before any absolute count has anchored it (assumes an empty zone at start). */
  integratedUnanchored: 0.6,
  /**
   * Wi-Fi counts devices, not people: × a calibration factor (people per device) that varies with
   * the crowd (phones per person, Wi-Fi switched on, probe rates), beyond the counting noise:
   * σ ≈ 30 %, a weak source. It was 0.5, which let it pull exact counts a third of the way.
   */
  wifi_count: 0.1,
} as const;

/** Relative standard error of a source of reliability 1 (a head count). */
export const REFERENCE_REL_ERROR = 0.1;
/**
 * Relative uncertainty of the density of the part of a zone a camera does not see, against the
 * density of the part it sees: crowds are not uniform (they press to the stage front, queue at
 * bars, keep off walls), so the unseen part may hold from none to about twice the seen density.
 */
export const UNSEEN_DENSITY_REL_ERROR = 1;

/**
 * Reliability of a camera that sees `fraction` of its zone's area, as an estimate of the whole
 * zone. It counts the people it sees (σ = `REFERENCE_REL_ERROR`) and extrapolates them to the
 * rest as if the density were the same; the rest, (1 − f) of the estimate, carries the unseen
 * density's uncertainty: σ² = σ_count² + (`UNSEEN_DENSITY_REL_ERROR` · (1 − f))². A camera over
 * the whole zone keeps 1; one over 40 % of it, 0.027: a density sample of where it looks.
 */
export function coverageReliability(fraction: number): number {
  const f = Math.min(1, Math.max(0, fraction));
  const unseen = UNSEEN_DENSITY_REL_ERROR * (1 - f);
  return RELIABILITY.tracks * REFERENCE_REL_ERROR ** 2 / (REFERENCE_REL_ERROR ** 2 + unseen ** 2);
}

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
  /** Σ wᵢ: the estimate's inverse variance in units of a head count's (see `occupancyVariance`). */
  readonly weight: number;
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
  if (n === 0) return { occupancy: null, shares: [], confidence: 0, weight: 0, slopePerS: null };
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
  if (!(wSum > 0)) return { occupancy: null, shares: shares.fill(0), confidence: 0, weight: 0, slopePerS: null };
  for (let i = 0; i < n; i++) shares[i] = shares[i]! / wSum;
  return {
    occupancy: Math.max(0, occ / wSum),
    shares,
    confidence: totalReliability > 0 ? Math.min(1, wSum / totalReliability) : 0,
    weight: wSum,
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

/**
 * Variance (people²) of an estimate of `occupancy` people fused with weight Σw: inverse-variance
 * fusion gives σ² = (`REFERENCE_REL_ERROR` · occupancy)² / Σw. Near-empty zones are measured
 * against `AGREEMENT_FLOOR_PEOPLE`, so that an estimate of 0 is not taken as certain.
 */
export function occupancyVariance(occupancy: number, weight: number): number {
  if (!(weight > 0)) return Infinity;
  const scale = REFERENCE_REL_ERROR * Math.max(AGREEMENT_FLOOR_PEOPLE, occupancy);
  return (scale * scale) / weight;
}

/**
 * Reconciles the estimates xᵢ (variances vᵢ) of the zones of a region with its total T (variance
 * v_T), known from the counters on its boundary: the least-squares adjustment under the constraint
 * Σxᵢ = T (data reconciliation, Kuehn & Davidson 1961; equivalently a Kalman update with the
 * observation Σxᵢ), which
 * moves each estimate by its share of the uncertainty:
 *   xᵢ' = xᵢ + vᵢ / (Σvⱼ + v_T) · (T − Σxⱼ).
 * A precise head count hardly moves; a weak estimate (Wi-Fi, a camera seeing part of its zone)
 * takes most of the discrepancy. Each result is kept at or above `lower[i]` (people seen there).
 * Writes into `out`; returns the gain vᵢ / (Σvⱼ + v_T) of each zone into `gain`.
 */
export function reconcile(
  x: ArrayLike<number>, v: ArrayLike<number>, lower: ArrayLike<number>, total: number, totalVariance: number,
  out: Float64Array, gain: Float64Array,
): void {
  const n = x.length;
  let sum = 0;
  let vSum = totalVariance;
  for (let i = 0; i < n; i++) {
    sum += x[i]!;
    vSum += v[i]!;
  }
  const gap = total - sum;
  for (let i = 0; i < n; i++) {
    const k = vSum > 0 && Number.isFinite(vSum) ? v[i]! / vSum : 0;
    gain[i] = k;
    out[i] = Math.max(lower[i]!, 0, x[i]! + k * gap);
  }
}
