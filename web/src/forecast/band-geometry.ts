/**
 * The forecast band as SVG geometry: x is now → +10 min, y is density (p/m²), the shaded area
 * p10–p90, the line p50 (starting from the density now), and the zone's congestion threshold.
 */
import type { ZoneForecast } from '../api/index.ts';

export interface BandBox {
  readonly width: number;
  readonly height: number;
  /** Room for the axis labels: left, bottom; top and right margins. */
  readonly left: number;
  readonly bottom: number;
  readonly top: number;
  readonly right: number;
}

export interface BandGeometry {
  /** Closed path of the p10–p90 area. */
  readonly area: string;
  /** Polyline of the p50 path, from the density now when known. */
  readonly median: string;
  readonly thresholdY: number;
  /** The y scale's top, p/m². */
  readonly maxDensity: number;
  readonly xTicks: ReadonlyArray<{ x: number; label: string }>;
  readonly yTicks: ReadonlyArray<{ y: number; label: string }>;
  /** Where the ETA falls on the x axis, when within the horizon and in the future. */
  readonly etaX: number | null;
}

export function bandGeometry(f: ZoneForecast, densityNow: number | null, box: BandBox): BandGeometry {
  const pts = [...f.points].sort((a, b) => a.horizonMin - b.horizonMin);
  const horizon = Math.max(1, pts.at(-1)?.horizonMin ?? 10);
  const top = Math.max(f.congestionThreshold * 1.25, densityNow ?? 0, ...pts.map((p) => p.density.p90)) * 1.05;
  // A round top for readable ticks: 1, 2, 2.5, 5 × 10^k.
  const maxDensity = niceCeil(top > 0 ? top : 1);
  const plotW = box.width - box.left - box.right;
  const plotH = box.height - box.top - box.bottom;
  const x = (min: number): number => box.left + (min / horizon) * plotW;
  const y = (d: number): number => box.top + plotH * (1 - Math.min(d, maxDensity) / maxDensity);
  const r = (v: number): string => v.toFixed(1);
  const upper = pts.map((p) => `${r(x(p.horizonMin))},${r(y(p.density.p90))}`);
  const lower = pts.map((p) => `${r(x(p.horizonMin))},${r(y(p.density.p10))}`).reverse();
  const start = densityNow === null ? [] : [`${r(x(0))},${r(y(densityNow))}`];
  const area = pts.length === 0 ? '' : `M${[...start, ...upper, ...lower].join(' L')} Z`;
  const median = [...start, ...pts.map((p) => `${r(x(p.horizonMin))},${r(y(p.density.p50))}`)].join(' ');
  const xTicks = [0, 2, 4, 6, 8, 10].filter((m) => m <= horizon).map((m) => ({ x: x(m), label: m === 0 ? 'now' : `+${m}` }));
  const yTicks = [0, 0.5, 1].map((q) => ({ y: y(q * maxDensity), label: formatTick(q * maxDensity) }));
  const etaMin = f.congestionEta === null ? null : (f.congestionEta - f.ts) / 60_000;
  return {
    area, median, thresholdY: y(f.congestionThreshold), maxDensity, xTicks, yTicks,
    etaX: etaMin !== null && etaMin > 0 && etaMin <= horizon ? x(etaMin) : null,
  };
}

function niceCeil(v: number): number {
  const k = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * k >= v) return m * k;
  return 10 * k;
}

function formatTick(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}
