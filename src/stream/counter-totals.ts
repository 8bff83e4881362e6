/**
 * Counts lost with a reading, recovered from the counter's running totals.
 *
 * A line counter or a ticket gate reports the people it counted during each interval. A reading
 * lost on the way (radio dropout, a broker hiccup, a lateness cut-off) takes its interval's count
 * with it, and a zone counted only at its ends (a tunnel) then drifts for good: on the pilot's
 * held-out event, readings dropped at 0.5 % made tunnel S3 read +29 people too many by the egress.
 * Counters also keep a running total since they started, and when a reading carries it the
 * processor integrates the change in totals instead of the interval: the next reading that
 * arrives brings back what the lost ones counted.
 *
 * The processor remembers, per source, the span of event time whose counts it has integrated and
 * the totals at both ends. A reading after the span integrates the totals' change since its end; one
 * before it (an edge gateway replaying its buffer after newer readings went out live) integrates the
 * change up to its start; one inside it was already counted by a reading after it and integrates
 * nothing. Totals that go backwards mean the counter restarted: that reading's own interval is
 * integrated and the span starts again from it. A reading without totals from a counter that has
 * sent some stands for totals that continue the span with nothing lost.
 *
 * Only the integrated occupancy uses this: flows stay each reading's own interval count over its
 * own interval, so a recovered gap does not show as a burst of flow.
 */
import type { LineCountReading, TicketScanReading } from '../contracts/index.ts';

/** The span of event time whose counts are integrated, with the counter's totals at its ends; `fromTs` −1 before any totals. */
export interface CounterSpan {
  fromTs: number;
  toTs: number;
  startIn: number;
  startOut: number;
  endIn: number;
  endOut: number;
}

/** One counter reading as this module needs it: interval counts and, when sent, the running totals including them. */
export interface CounterReading {
  readonly ts: number;
  readonly intervalMs: number;
  readonly in: number;
  readonly out: number;
  readonly totalIn?: number | undefined;
  readonly totalOut?: number | undefined;
}

/** What one reading adds to the integration. */
export interface CounterDelta {
  readonly in: number;
  readonly out: number;
  /** Of those, people counted in readings that never arrived (or arrived too late). */
  readonly recovered: number;
  /** The totals went backwards: the counter restarted and the span starts again here. */
  readonly restarted: boolean;
}

/** A line count or a ticket scan as a counter reading (a gate's entries are its `in`). */
export function counterReadingOf(r: LineCountReading | TicketScanReading): CounterReading {
  if (r.kind === 'line_count') return r;
  const counted = r.totalEntries !== undefined;
  return { ts: r.ts, intervalMs: r.intervalMs, in: r.entries, out: 0, totalIn: r.totalEntries, totalOut: counted ? 0 : undefined };
}

/** A span's numbers in the order a checkpoint stores them (snapshot.ts writes and reads them by this list). */
export const COUNTER_SPAN_FIELDS = ['fromTs', 'toTs', 'startIn', 'startOut', 'endIn', 'endOut'] as const satisfies readonly (keyof CounterSpan)[];

export function newCounterSpan(): CounterSpan {
  return { fromTs: -1, toTs: -1, startIn: 0, startOut: 0, endIn: 0, endOut: 0 };
}

/** The people one reading adds to the integration, moving the span to cover it. */
export function absorbCount(span: CounterSpan, r: CounterReading): CounterDelta {
  const startTs = r.ts - r.intervalMs;
  if (r.totalIn === undefined || r.totalOut === undefined) {
    if (span.fromTs < 0) return { in: r.in, out: r.out, recovered: 0, restarted: false };
    // Stand-in totals that continue the span from whichever end the reading lies beyond.
    if (r.ts > span.toTs) return absorbCount(span, { ...r, totalIn: span.endIn + r.in, totalOut: span.endOut + r.out });
    if (r.ts <= span.fromTs) return absorbCount(span, { ...r, totalIn: span.startIn, totalOut: span.startOut });
    return { in: 0, out: 0, recovered: 0, restarted: false };
  }
  const { totalIn, totalOut } = r;
  if (span.fromTs < 0) return restart(span, r, totalIn, totalOut, false);
  if (r.ts > span.toTs) {
    const dIn = totalIn - span.endIn;
    const dOut = totalOut - span.endOut;
    if (dIn < r.in || dOut < r.out) return restart(span, r, totalIn, totalOut, true);
    span.toTs = r.ts;
    span.endIn = totalIn;
    span.endOut = totalOut;
    return { in: dIn, out: dOut, recovered: dIn - r.in + dOut - r.out, restarted: false };
  }
  if (r.ts <= span.fromTs) {
    const dIn = span.startIn - (totalIn - r.in);
    const dOut = span.startOut - (totalOut - r.out);
    // Totals that do not lead up to the span's start belong to the counter's previous run: keep its interval only.
    const consistent = dIn >= r.in && dOut >= r.out;
    span.fromTs = startTs;
    span.startIn = totalIn - r.in;
    span.startOut = totalOut - r.out;
    if (!consistent) return { in: r.in, out: r.out, recovered: 0, restarted: true };
    return { in: dIn, out: dOut, recovered: dIn - r.in + dOut - r.out, restarted: false };
  }
  // Inside the span: a reading after it already brought these counts.
  return { in: 0, out: 0, recovered: 0, restarted: false };
}

/** Starts the span at this reading: its own interval is all that is integrated. */
function restart(span: CounterSpan, r: CounterReading, totalIn: number, totalOut: number, restarted: boolean): CounterDelta {
  span.fromTs = r.ts - r.intervalMs;
  span.toTs = r.ts;
  span.startIn = totalIn - r.in;
  span.startOut = totalOut - r.out;
  span.endIn = totalIn;
  span.endOut = totalOut;
  return { in: r.in, out: r.out, recovered: 0, restarted };
}
