/**
 * The forecast service's worker thread: holds the served model and the drift monitor, so that
 * inference never runs on the event loop that carries alerts. The main thread posts each tick's
 * zone states; the worker observes them all, forecasts when asked, and posts the forecasts back
 * with the inference time and the drift report.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import type { EpochMs, ZoneForecast } from '../contracts/index.ts';
import { columnBuffers, copyColumns, DriftMonitor, type DriftOptions, type DriftReport, type ForecastColumns } from '../forecast/index.ts';
import { loadVenueFile } from '../venue/index.ts';
import { createServedModel, type ModelChoice } from './forecast-model.ts';
import { stateCodec, type EncodedStates } from './forecast-state-codec.ts';

export interface ForecastWorkerConfig extends ModelChoice {
  readonly venueFile: string;
  readonly drift?: Partial<DriftOptions>;
  /** Event time at start, when no scenario gives t = 0. */
  readonly startMs: number;
}

export type ToForecastWorker =
  /** One tick's zone states (flat columns, see forecast-state-codec.ts), and whether to forecast after observing them. */
  | { type: 'observe'; ts: EpochMs; states: EncodedStates; forecast: boolean }
  | { type: 'stop' };

export type FromForecastWorker =
  | { type: 'ready'; modelVersion: string; referenceWapeByHorizon: readonly number[] | null }
  | { type: 'forecasts'; ts: EpochMs; forecasts: ZoneForecast[]; inferenceMs: number; drift: DriftReport }
  /** The same as flat columns (the learned model): the main thread builds the records (forecast-columns.ts). */
  | { type: 'forecast-columns'; ts: EpochMs; columns: ForecastColumns; inferenceMs: number; drift: DriftReport }
  | { type: 'error'; message: string };

const cfg = workerData as ForecastWorkerConfig;
const port = parentPort!;
const queued: ToForecastWorker[] = [];
let handle: ((m: ToForecastWorker) => void) | null = null;
// Listen at once: ticks posted while the model loads are kept and observed in order.
port.on('message', (m: ToForecastWorker) => {
  if (m.type === 'stop') process.exit(0);
  if (handle) handle(m);
  else queued.push(m);
});

try {
  const venue = loadVenueFile(cfg.venueFile);
  const model = await createServedModel(venue, cfg, cfg.startMs);
  const drift = new DriftMonitor(model.referenceWapeByHorizon, cfg.drift);
  const codec = stateCodec(venue);
  const zoneIds = venue.zones.map((z) => z.id as string);
  handle = (m) => {
    if (m.type !== 'observe') return;
    try {
      const states = codec.decode(m.states);
      model.forecaster.observe(states, m.ts);
      drift.observe(states, m.ts);
      if (!m.forecast) return;
      const started = performance.now();
      if (model.forecastColumns) {
        // Flat columns, copied out of the model's reused ones and transferred: the worker builds no
        // records (their ~1.8 MB a forecast for 500 zones put a scavenge inside every eighth call).
        const columns = copyColumns(model.forecastColumns(m.ts));
        const inferenceMs = performance.now() - started;
        drift.addColumns(zoneIds, columns);
        port.postMessage({ type: 'forecast-columns', ts: m.ts, columns, inferenceMs, drift: drift.report() } satisfies FromForecastWorker, columnBuffers(columns));
        return;
      }
      const forecasts = model.forecaster.forecast(m.ts);
      const inferenceMs = performance.now() - started;
      drift.addForecasts(forecasts);
      port.postMessage({ type: 'forecasts', ts: m.ts, forecasts, inferenceMs, drift: drift.report() } satisfies FromForecastWorker);
    } catch (e) {
      port.postMessage({ type: 'error', message: (e as Error).stack ?? String(e) } satisfies FromForecastWorker);
    }
  };
  port.postMessage({ type: 'ready', modelVersion: model.modelVersion, referenceWapeByHorizon: model.referenceWapeByHorizon } satisfies FromForecastWorker);
  for (const m of queued.splice(0)) handle(m);
} catch (e) {
  port.postMessage({ type: 'error', message: `forecast model not loaded: ${(e as Error).message}` } satisfies FromForecastWorker);
  process.exit(1);
}
