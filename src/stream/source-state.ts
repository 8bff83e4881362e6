/**
 * What the processor remembers per source and per zone between readings (snapshot.ts writes it
 * into checkpoints and restores it exactly).
 */
import { newCounterSpan, type CounterSpan } from './counter-totals.ts';
import { PaneRing } from './panes.ts';
import type { PreviousFrame } from './tracks-metrics.ts';

export interface SourceState {
  readonly ring: PaneRing;
  /** Event time and value of the newest level reading (−1 before any). */
  lastTs: number;
  lastValue: number;
  /** Newest event time of any reading of this source (−1 before any). */
  lastEventTs: number;
  /** Processing time at which its newest reading was ingested (−1 before any): staleness is silence. */
  lastReceivedAt: number;
  /** tracks: the newest frame, for velocities and crossings. */
  prevFrame: PreviousFrame | null;
  /** line_count, ticket_scan: what the counter's running totals have integrated (counter-totals.ts). */
  readonly counter: CounterSpan;
}

/** Occupancy integrated from line counts: max(0, net + offset). */
export interface Integrator {
  /** Σ sign · (in − out) over the integrating sources since start. */
  net: number;
  /** Anchor and drift correction, moved toward absolute counts. */
  offset: number;
  anchored: boolean;
  /** Event time at which net + offset went below 0, while that waits to be absorbed (−1: it is not negative). */
  negativeSinceTs: number;
}

export function newIntegrator(): Integrator {
  return { net: 0, offset: 0, anchored: false, negativeSinceTs: -1 };
}

/** Up to which event time a counter's counts are integrated: its totals' span, else its newest reading. */
export function integratedTo(s: SourceState): number {
  return s.counter.fromTs >= 0 ? s.counter.toTs : s.lastEventTs;
}

export function newSourceState(panes: number, stride: number): SourceState {
  return { ring: new PaneRing(panes, stride), lastTs: -1, lastValue: 0, lastEventTs: -1, lastReceivedAt: -1, prevFrame: null, counter: newCounterSpan() };
}
