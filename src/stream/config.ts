/**
 * Stream configuration: window geometry, event-time tolerances and fusion tuning. Every value is
 * checked once, when the processor is built, and an impossible one is rejected with its range.
 */
import { assertInRange, CrowdflowError } from '../contracts/index.ts';

export interface StreamConfig {
  /** Length of the sliding window; a multiple of `hopMs`. Windows include their start and exclude their end. */
  readonly windowMs: number;
  /** Slide of the window: one state per zone per hop. */
  readonly hopMs: number;
  /** A reading older than the watermark by up to this much still corrects state; older ones are counted late and dropped. */
  readonly allowedLatenessMs: number;
  /** The watermark trails the newest event time by this much, so ordinary jitter between sensors is not "late". */
  readonly maxOutOfOrdernessMs: number;
  /** A source silent for this many of its expected periods is stale (the venue schema says 3). */
  readonly staleAfterPeriods: number;
  /** A reading stamped further than this ahead of its ingest time is rejected: a fast sensor clock must not drag the watermark. */
  readonly maxFutureSkewMs: number;
  /** Gain of the drift correction that pulls line-count integration toward absolute counts (per absolute reading). */
  readonly driftGain: number;
  /**
   * Temporal filter of each zone's occupancy (occupancy-filter.ts, docs/STREAM.md): false reports
   * the fused value of each hop as it is.
   */
  readonly occupancyFilter: boolean;
  /** σ of the filter's level random walk, as a fraction of the zone's scale per √s. */
  readonly filterLevelNoise: number;
  /** σ of the filter's rate random walk, as a fraction of the zone's scale per s per √s. */
  readonly filterRateNoise: number;
  /** Time constant (s) of the decay of the filter's rate toward 0. */
  readonly filterRateTimeS: number;
}

export const DEFAULT_STREAM_CONFIG: StreamConfig = Object.freeze({
  windowMs: 30_000,
  hopMs: 1_000,
  allowedLatenessMs: 60_000,
  maxOutOfOrdernessMs: 2_000,
  staleAfterPeriods: 3,
  maxFutureSkewMs: 5_000,
  driftGain: 0.05,
  occupancyFilter: true,
  filterLevelNoise: 0.01,
  filterRateNoise: 0.0003,
  filterRateTimeS: 300,
});

/** The most panes (window + lateness + out-of-orderness, in hops) one source keeps in memory. */
export const MAX_PANES = 20_000;

/** Fills defaults and rejects impossible parameters with their valid range. */
export function resolveStreamConfig(partial: Partial<StreamConfig> = {}): StreamConfig {
  const c: StreamConfig = { ...DEFAULT_STREAM_CONFIG, ...partial };
  assertInRange('hopMs', c.hopMs, 100, 60_000);
  assertInRange('windowMs', c.windowMs, c.hopMs, 3_600_000);
  assertInRange('allowedLatenessMs', c.allowedLatenessMs, 0, 3_600_000);
  assertInRange('maxOutOfOrdernessMs', c.maxOutOfOrdernessMs, 0, 600_000);
  assertInRange('staleAfterPeriods', c.staleAfterPeriods, 1, 100);
  assertInRange('maxFutureSkewMs', c.maxFutureSkewMs, 0, 3_600_000);
  assertInRange('driftGain', c.driftGain, 0, 1);
  assertInRange('filterLevelNoise', c.filterLevelNoise, 1e-6, 10);
  assertInRange('filterRateNoise', c.filterRateNoise, 0, 1);
  assertInRange('filterRateTimeS', c.filterRateTimeS, 1, 86_400);
  if (typeof c.occupancyFilter !== 'boolean') throw new CrowdflowError('CF_ERR_CONFIG', `\`occupancyFilter\` ${String(c.occupancyFilter)} must be true or false`);
  for (const k of ['hopMs', 'windowMs', 'allowedLatenessMs', 'maxOutOfOrdernessMs'] as const) {
    if (!Number.isInteger(c[k])) throw new CrowdflowError('CF_ERR_CONFIG', `\`${k}\` ${c[k]} must be an integer number of ms`);
  }
  if (c.windowMs % c.hopMs !== 0) {
    throw new CrowdflowError('CF_ERR_CONFIG', `\`windowMs\` ${c.windowMs} must be a multiple of \`hopMs\` ${c.hopMs}`);
  }
  const panes = paneCount(c);
  if (panes > MAX_PANES) {
    throw new CrowdflowError(
      'CF_ERR_CONFIG',
      `(windowMs + allowedLatenessMs + maxOutOfOrdernessMs) / hopMs = ${panes} panes not in [1, ${MAX_PANES}]; raise hopMs`,
    );
  }
  return Object.freeze(c);
}

/**
 * Panes kept per source. A reading is accepted down to `watermark − lateness`, i.e. up to
 * `outOfOrderness + lateness` behind the newest pane, and a window spans `window / hop` panes;
 * two more absorb the partial panes at both ends, so a live pane is never overwritten.
 */
export function paneCount(c: StreamConfig): number {
  return c.windowMs / c.hopMs + Math.ceil(c.allowedLatenessMs / c.hopMs) + Math.ceil(c.maxOutOfOrdernessMs / c.hopMs) + 2;
}
