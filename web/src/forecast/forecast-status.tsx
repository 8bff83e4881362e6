/** The header's forecast line: which model serves, whether it is up, and a banner when it drifts or is down. */
import type { ForecastHealth } from '../api/index.ts';
import { forecastHealthText } from './outlook.ts';

export function ForecastStatus({ health }: { health: ForecastHealth | null }) {
  const t = forecastHealthText(health);
  return (
    <div
      className={`forecast-status${t.attention ? ' needs-attention' : ''}`} data-testid="forecast-status"
      data-service={health?.service ?? 'unknown'} data-drift={health?.drift ?? 'unknown'} title={t.title}
    >
      <span className="label">Forecast</span> <span className="value">{t.text}</span>
    </div>
  );
}

/** Over the map when forecasts should not be trusted or are missing: says so and what still works. */
export function ForecastBanner({ health }: { health: ForecastHealth | null }) {
  if (health === null || !(health.service === 'down' || (health.service === 'ok' && health.drift === 'drifting'))) return null;
  const t = forecastHealthText(health);
  const head = health.service === 'down' ? 'FORECASTS UNAVAILABLE' : 'FORECAST DRIFTING';
  return <div className="forecast-banner" role="alert" data-testid="forecast-banner">{head} · {t.title}</div>;
}
