/**
 * What a zone's forecast means in words, for the zone detail and the zone table: when congestion
 * is expected (the forecast's ETA, counted from the snapshot's time), how likely it is, and
 * whether the forecast is fresh enough to show at all.
 */
import type { ForecastHealth, ZoneForecast } from '../api/index.ts';

export type Outlook =
  | { kind: 'now'; p: number }
  | { kind: 'eta'; minutes: number; p: number }
  | { kind: 'none'; p: number };

export function congestionOutlook(f: ZoneForecast, nowTs: number): Outlook {
  const p = f.pCongestion;
  if (f.congestionEta === null) return { kind: 'none', p };
  if (f.congestionEta <= f.ts) return { kind: 'now', p };
  // Whole minutes, at least 1: "in ~0 min" reads as "now", which only the forecast's ETA = ts means.
  return { kind: 'eta', minutes: Math.max(1, Math.round((f.congestionEta - nowTs) / 60_000)), p };
}

const pct = (p: number): string => `${Math.round(p * 100)} %`;

/** "congestion in ~4 min (P 85 %)", "congested now (P 100 %)", "no congestion expected (P 12 %)". */
export function outlookText(o: Outlook): string {
  switch (o.kind) {
    case 'now': return `congested now (P ${pct(o.p)})`;
    case 'eta': return `congestion in ~${o.minutes} min (P ${pct(o.p)})`;
    case 'none': return `no congestion expected (P ${pct(o.p)})`;
  }
}

/** The zone table's ETA cell: "~4′", "now", or "–" when none is expected. */
export function etaCell(o: Outlook | null): string {
  if (o === null || o.kind === 'none') return '–';
  return o.kind === 'now' ? 'now' : `~${o.minutes}′`;
}

/** The header's line about forecasting, and whether it needs the operator's attention. */
export function forecastHealthText(h: ForecastHealth | null): { text: string; attention: boolean; title: string } {
  if (h === null) return { text: 'unknown', attention: false, title: 'No forecast status from the server' };
  const model = h.modelVersion ?? 'no model';
  const wape = h.liveWape === null ? '' : `live error ${h.liveWape.toFixed(2)}${h.referenceWape === null ? '' : ` vs ${h.referenceWape.toFixed(2)} in backtest`} at ${h.keyHorizonMin} min`;
  switch (h.service) {
    case 'off': return { text: 'off', attention: false, title: 'Forecasting is not configured' };
    case 'down': return { text: 'UNAVAILABLE', attention: true, title: `The forecast service stopped (${model}); restarting. Risk and decisions run on live data alone.` };
    case 'starting': return { text: `starting (${model})`, attention: false, title: 'No forecast yet: the model is loading or has too little history' };
    case 'ok':
      if (h.drift === 'drifting') return { text: `DRIFTING (${model})`, attention: true, title: `Forecast error well above its backtest: ${wape}. Treat forecasts with caution.` };
      return {
        text: model,
        attention: false,
        title: h.drift === 'no_reference' ? `No backtest reference to compare with${wape ? `; ${wape}` : ''}` : h.drift === 'insufficient_data' ? 'Not enough matched forecasts yet to judge drift' : `Forecast error as in backtest: ${wape}`,
      };
  }
}
