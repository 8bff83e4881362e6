/**
 * Speed for the velocity term when a zone state carries none: Weidmann's fundamental diagram
 * (Weidmann 1993, src/venue/fundamental-diagram.ts), which is 0 at ρ ≥ 5.4 p/m². Real crowds
 * still creep above 5 p/m², but for risk a stopped crowd is the safe reading.
 */
export { weidmannSpeed as weidmannSpeedMps } from '../venue/index.ts';
