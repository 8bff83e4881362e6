/**
 * Every GC of the calling thread's heap, on performance.now()'s clock (PerformanceObserver 'gc'
 * entries), so a bench can say how much of a slow call was a collection, and of which kind.
 * Entries arrive asynchronously: `settle()` before asking about the last calls.
 */
import { PerformanceObserver } from 'node:perf_hooks';

/** node's NODE_PERFORMANCE_GC_MAJOR: a mark-compact of the old generation (1 is a scavenge). */
const GC_MAJOR = 2;

export interface GcWatch {
  /** GC time inside [startMs, startMs + ms), and whether a mark-compact was among it. */
  inside(startMs: number, ms: number): { readonly ms: number; readonly major: boolean };
  /** Lets entries of GCs already done arrive. */
  settle(): Promise<void>;
  stop(): void;
}

export function watchGc(): GcWatch {
  const gcs: { start: number; end: number; kind: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcs.push({ start: e.startTime, end: e.startTime + e.duration, kind: (e as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0 });
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    inside(startMs, ms) {
      let total = 0, major = false;
      for (const g of gcs) {
        const overlap = Math.min(g.end, startMs + ms) - Math.max(g.start, startMs);
        if (overlap <= 0) continue;
        total += overlap;
        if (g.kind === GC_MAJOR) major = true;
      }
      return { ms: total, major };
    },
    settle: () => new Promise((r) => setTimeout(r, 50)),
    stop: () => observer.disconnect(),
  };
}
