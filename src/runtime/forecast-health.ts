/** Forecast serving as operators see it: the snapshot's `forecastHealth` and the /metrics lines. */
import type { ForecastHealth } from '../contracts/index.ts';
import type { ForecastService } from './forecast-service.ts';
import type { LatencyHistogram, MetricSample } from './metrics.ts';

export function forecastHealth(service: ForecastService | null, ageMs: number | null): ForecastHealth {
  if (service === null) {
    return { service: 'off', modelVersion: null, ageMs: null, drift: 'no_reference', keyHorizonMin: 10, liveWape: null, referenceWape: null };
  }
  const s = service.status();
  const d = s.drift;
  const k = d?.keyHorizonMin ?? 10;
  return {
    // Forecasts flowing means fresh ones exist; a live worker with none yet is still starting.
    service: s.state === 'ok' && ageMs === null ? 'starting' : s.state,
    modelVersion: s.modelVersion,
    ageMs,
    drift: d?.status ?? 'insufficient_data',
    keyHorizonMin: k,
    liveWape: d?.liveWapeByHorizon[k - 1] ?? null,
    referenceWape: d?.referenceWapeByHorizon?.[k - 1] ?? null,
  };
}

const DRIFT_STATES = ['ok', 'drifting', 'insufficient_data', 'no_reference'] as const;
const SERVICE_STATES = ['ok', 'starting', 'down', 'off'] as const;

export function forecastMetricSamples(service: ForecastService | null, health: ForecastHealth): MetricSample[] {
  const drift = service?.status().drift ?? null;
  const samples: MetricSample[] = [
    { name: 'crowdflow_forecast_service', help: 'Forecast service state (1 = current): ok, starting, down (restarting), off', type: 'gauge', values: SERVICE_STATES.map((s) => ({ labels: { state: s, model: health.modelVersion ?? '' }, value: s === health.service ? 1 : 0 })) },
    { name: 'crowdflow_forecast_age_seconds', help: 'Event-time age of the newest forecast (absent when none is fresh)', type: 'gauge', values: health.ageMs === null ? [] : [{ value: health.ageMs / 1000 }] },
    { name: 'crowdflow_forecast_worker_restarts_total', help: 'Forecast worker restarts after a crash or a stall', type: 'counter', values: [{ value: service?.counters.restarts ?? 0 }] },
    { name: 'crowdflow_forecast_worker_stalls_total', help: 'Forecast workers replaced for not answering in time', type: 'counter', values: [{ value: service?.counters.stalls ?? 0 }] },
    { name: 'crowdflow_forecast_errors_total', help: 'Forecasts that failed in the model', type: 'counter', values: [{ value: service?.counters.errors ?? 0 }] },
    { name: 'crowdflow_forecast_drift', help: 'Drift monitor status (1 = current)', type: 'gauge', values: DRIFT_STATES.map((s) => ({ labels: { status: s }, value: s === health.drift ? 1 : 0 })) },
  ];
  if (drift !== null) {
    samples.push(
      { name: 'crowdflow_forecast_live_wape', help: 'Rolling live WAPE of the p50 occupancy per horizon (minutes)', type: 'gauge', values: drift.liveWapeByHorizon.flatMap((w, i) => (w === null ? [] : [{ labels: { horizon_min: String(i + 1) }, value: w }])) },
      { name: 'crowdflow_forecast_reference_wape', help: "The model's backtest WAPE per horizon (minutes)", type: 'gauge', values: (drift.referenceWapeByHorizon ?? []).map((w, i) => ({ labels: { horizon_min: String(i + 1) }, value: w })) },
      { name: 'crowdflow_forecast_drift_samples', help: 'Matched forecasts in the drift window per horizon (minutes)', type: 'gauge', values: drift.samplesByHorizon.map((n, i) => ({ labels: { horizon_min: String(i + 1) }, value: n })) },
    );
  }
  return samples;
}

export function forecastHistograms(service: ForecastService | null): Array<{ name: string; help: string; h: LatencyHistogram }> {
  return service === null ? [] : [{ name: 'crowdflow_forecast_inference_seconds', help: 'One forecast of every zone, in the forecast worker', h: service.inference }];
}
