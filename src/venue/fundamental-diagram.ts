/**
 * Weidmann's fundamental diagram (Weidmann 1993, "Transporttechnik der Fussgänger"):
 * v(ρ) = v₀ · [1 − exp(−γ · (1/ρ − 1/ρ_max))], the walking speed a crowd of density ρ allows.
 * The stream uses it to estimate speed where a zone has counts but no tracks (flagged
 * `speedEstimated`), risk for the velocity term of a state without speed, the simulator for its
 * validation plots and density-aware rerouting.
 * It reaches 0 at ρ_max = 5.4 p/m², so above about 5 p/m² it is no reference (real crowds creep).
 */
export const WEIDMANN = {
  /** v₀: free walking speed (m/s). */
  freeSpeed: 1.34,
  /** γ (p/m²). */
  gamma: 1.913,
  /** ρ_max: jam density (p/m²). */
  jamDensity: 5.4,
} as const;

export function weidmannSpeed(densityPerSqm: number): number {
  if (!(densityPerSqm > 0)) return WEIDMANN.freeSpeed;
  if (densityPerSqm >= WEIDMANN.jamDensity) return 0;
  return WEIDMANN.freeSpeed * (1 - Math.exp(-WEIDMANN.gamma * (1 / densityPerSqm - 1 / WEIDMANN.jamDensity)));
}
