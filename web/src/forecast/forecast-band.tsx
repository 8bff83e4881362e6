/** The selected zone's forecast as a chart: p10–p90 band, p50 line, congestion threshold, now → +10 min. */
import type { ZoneForecast } from '../api/index.ts';
import { bandGeometry, type BandBox } from './band-geometry.ts';
import { congestionOutlook, outlookText } from './outlook.ts';

const BOX: BandBox = { width: 300, height: 130, left: 30, bottom: 18, top: 16, right: 14 };

export function ForecastBand({ forecast, densityNow, nowTs }: { forecast: ZoneForecast; densityNow: number | null; nowTs: number }) {
  const g = bandGeometry(forecast, densityNow, BOX);
  const outlook = congestionOutlook(forecast, nowTs);
  const plotRight = BOX.width - BOX.right;
  return (
    <figure className="forecast-band" data-testid="forecast-band" data-outlook={outlook.kind}>
      <figcaption>
        <span className={`forecast-outlook outlook-${outlook.kind}`} data-testid="forecast-outlook">{outlookText(outlook)}</span>
        <span className="forecast-model" data-testid="forecast-model" title="Model that made this forecast">{forecast.modelVersion}</span>
      </figcaption>
      <svg viewBox={`0 0 ${BOX.width} ${BOX.height}`} role="img" aria-label={`Density forecast for the next 10 minutes in people per square metre: ${outlookText(outlook)}`}>
        <text className="axis-unit" x={2} y={9}>density, p/m²</text>
        {g.yTicks.map((t) => (
          <g key={t.label}>
            <line className="grid" x1={BOX.left} x2={plotRight} y1={t.y} y2={t.y} />
            {t.label !== '0' && <text className="tick" x={BOX.left - 3} y={t.y + 3} textAnchor="end">{t.label}</text>}
          </g>
        ))}
        <path className="band-area" data-testid="forecast-band-area" d={g.area} />
        <polyline className="band-median" data-testid="forecast-band-median" points={g.median} />
        <line className="band-threshold" data-testid="forecast-band-threshold" x1={BOX.left} x2={plotRight} y1={g.thresholdY} y2={g.thresholdY} />
        <text className="threshold-label" x={BOX.left + 3} y={g.thresholdY - 3}>congestion {forecast.congestionThreshold}</text>
        {g.etaX !== null && <line className="band-eta" x1={g.etaX} x2={g.etaX} y1={BOX.top} y2={BOX.height - BOX.bottom} />}
        {g.xTicks.map((t, i) => (
          <text key={t.label} className="tick" x={t.x} y={BOX.height - 5} textAnchor={i === 0 ? 'start' : i === g.xTicks.length - 1 ? 'end' : 'middle'}>
            {i === g.xTicks.length - 1 ? `${t.label} min` : t.label}
          </text>
        ))}
      </svg>
    </figure>
  );
}
