/**
 * Prometheus text exposition (version 0.0.4) of the runtime's counters, gauges and the
 * ingest-to-decision latency histogram, at `GET /metrics` (viewer token required).
 */
export class LatencyHistogram {
  /** Upper bounds in seconds. */
  static readonly BUCKETS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5];
  readonly counts = new Array<number>(LatencyHistogram.BUCKETS.length + 1).fill(0);
  sum = 0;
  count = 0;

  observe(seconds: number): void {
    let i = 0;
    while (i < LatencyHistogram.BUCKETS.length && seconds > LatencyHistogram.BUCKETS[i]!) i++;
    this.counts[i]!++;
    this.sum += seconds;
    this.count++;
  }
}

export interface MetricSample {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge';
  readonly values: ReadonlyArray<{ labels?: Record<string, string>; value: number }>;
}

export function renderMetrics(samples: readonly MetricSample[], histograms: ReadonlyArray<{ name: string; help: string; h: LatencyHistogram }>): string {
  const out: string[] = [];
  for (const s of samples) {
    out.push(`# HELP ${s.name} ${s.help}`, `# TYPE ${s.name} ${s.type}`);
    for (const v of s.values) out.push(`${s.name}${labels(v.labels)} ${fmt(v.value)}`);
  }
  for (const { name, help, h } of histograms) {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`);
    let cumulative = 0;
    LatencyHistogram.BUCKETS.forEach((le, i) => {
      cumulative += h.counts[i]!;
      out.push(`${name}_bucket{le="${le}"} ${cumulative}`);
    });
    out.push(`${name}_bucket{le="+Inf"} ${h.count}`, `${name}_sum ${fmt(h.sum)}`, `${name}_count ${h.count}`);
  }
  return out.join('\n') + '\n';
}

function labels(l?: Record<string, string>): string {
  if (!l || Object.keys(l).length === 0) return '';
  return `{${Object.entries(l).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(',')}}`;
}

function fmt(v: number): string {
  return Number.isFinite(v) ? String(v) : v > 0 ? '+Inf' : v < 0 ? '-Inf' : 'NaN';
}
