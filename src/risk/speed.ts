/**
 * Speed for the velocity term when a zone state carries none: Weidmann's fundamental diagram
 * (Weidmann 1993), v(ρ) = 1.34 · [1 − exp(−1.913 · (1/ρ − 1/5.4))] m/s, which is 0 at ρ ≥ 5.4.
 * Real crowds still creep above 5 p/m², but for risk a stopped crowd is the safe reading.
 */
const FREE_SPEED_MPS = 1.34; // v0 (Weidmann 1993)
const GAMMA = 1.913; // γ, 1/(p/m²)
const JAM_DENSITY_PPSM = 5.4; // ρ_max

export function weidmannSpeedMps(densityPpsm: number): number {
  if (!(densityPpsm > 0)) return FREE_SPEED_MPS;
  if (densityPpsm >= JAM_DENSITY_PPSM) return 0;
  return FREE_SPEED_MPS * (1 - Math.exp(-GAMMA * (1 / densityPpsm - 1 / JAM_DENSITY_PPSM)));
}
