/**
 * The forecast service: a worker thread holding the served model (src/runtime/forecast-worker.ts),
 * supervised from the main thread. Each tick's states are posted as flat typed arrays (transferred,
 * forecast-state-codec.ts; never awaited); every
 * `everyS` of event time one forecast is asked for, and only one is outstanding at a time, so a
 * slow model cannot pile up work. The alert path never waits on it: when the worker dies, or
 * stalls (no answer within `stallMs` of wall time), the runtime carries on without forecasts, the
 * failure is logged and counted, and the worker is restarted with exponential backoff.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EpochMs, ZoneForecast, ZoneState } from '../contracts/index.ts';
import { assertInRange } from '../contracts/index.ts';
import { forecastsFromColumns, type DriftOptions, type DriftReport } from '../forecast/index.ts';
import type { Venue } from '../venue/index.ts';
import type { ModelChoice } from './forecast-model.ts';
import { stateCodec } from './forecast-state-codec.ts';
import type { ForecastWorkerConfig, FromForecastWorker, ToForecastWorker } from './forecast-worker.ts';
import { LatencyHistogram } from './metrics.ts';

/** The shipped learned model: served when present and no other artifact (or null, physics) is configured. */
export const DEFAULT_ARTIFACT = resolve(import.meta.dirname, '..', '..', 'models', 'forecast', 'learned-v1.json');

/** The artifact to serve: the configured one; null: physics; unset: the shipped one if present. */
export function artifactToServe(configured: string | null | undefined): string | null {
  if (configured !== undefined) return configured;
  return existsSync(DEFAULT_ARTIFACT) ? DEFAULT_ARTIFACT : null;
}

export interface ForecastServiceOptions extends ModelChoice {
  /** The venue (the worker loads the same file). */
  readonly venue: Venue;
  readonly venueFile: string;
  /** Event-time interval between forecasts, s (default 5). A forecast older than 3× this is never acted on. */
  readonly everyS?: number;
  /** Wall time a forecast may take before the worker counts as stalled and is replaced (default 15 s). */
  readonly stallMs?: number;
  /** First restart delay after a failure; doubles up to `maxBackoffMs` (defaults 1 s, 30 s). */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly drift?: Partial<DriftOptions>;
  /** Event time at start (t = 0 of the model's inputs when no scenario gives one). */
  readonly startMs: number;
  readonly onForecasts: (forecasts: ZoneForecast[], ts: EpochMs) => void;
  readonly log?: (message: string) => void;
  /** Starts a worker (default: a worker thread on forecast-worker.ts); tests pass a fake. */
  readonly spawnWorker?: (config: ForecastWorkerConfig & { entry: string }) => ForecastWorkerHandle;
  /** Wall clock for the stall limit (default Date.now). */
  readonly wallNow?: () => number;
}

/** What the service needs of a worker thread (node:worker_threads' Worker has it). */
export interface ForecastWorkerHandle {
  on(event: 'message', fn: (m: FromForecastWorker) => void): unknown;
  on(event: 'error', fn: (e: Error) => void): unknown;
  on(event: 'exit', fn: (code: number) => void): unknown;
  once(event: 'exit', fn: (code: number) => void): unknown;
  postMessage(m: ToForecastWorker, transfer?: readonly ArrayBuffer[]): void;
  terminate(): Promise<number>;
}

/**
 * The forecast worker's heap: the old generation capped, so a model that leaks cannot take the
 * runtime down with it (past the cap the worker is ended, ERR_WORKER_OUT_OF_MEMORY, and restarted
 * like any other failure). bench/forecast.ts measures inference in a worker with these limits. A
 * larger young generation (64 MB semi-spaces instead of the default 16) did not lower the learned model's
 * p99 there (docs/FORECAST.md, inference time), so it is left at the default.
 */
export const FORECAST_WORKER_RESOURCE_LIMITS = { maxOldGenerationSizeMb: 512 } as const;

function spawnThread(config: ForecastWorkerConfig & { entry: string }): ForecastWorkerHandle {
  return new Worker(new URL('./worker-entry.mjs', import.meta.url), { workerData: config, resourceLimits: FORECAST_WORKER_RESOURCE_LIMITS });
}

export type ServiceState = 'starting' | 'ok' | 'down';

export interface ForecastServiceStatus {
  readonly state: ServiceState;
  readonly modelVersion: string | null;
  readonly drift: DriftReport | null;
}

export interface ForecastService {
  readonly everyMs: number;
  /** Event-time age beyond which a forecast is dropped: 3 × everyS. */
  readonly maxAgeMs: number;
  submit(states: readonly ZoneState[], ts: EpochMs): void;
  status(): ForecastServiceStatus;
  /** Inference wall time per forecast of all zones, seconds (measured in the worker). */
  readonly inference: LatencyHistogram;
  readonly counters: { forecasts: number; restarts: number; stalls: number; errors: number };
  stop(): Promise<void>;
}

export function startForecastService(opts: ForecastServiceOptions): ForecastService {
  const everyS = opts.everyS ?? 5;
  const stallMs = opts.stallMs ?? 15_000;
  const firstBackoffMs = opts.backoffMs ?? 1000;
  const maxBackoffMs = opts.maxBackoffMs ?? 30_000;
  assertInRange('forecast.everyS', everyS, 1, 300);
  assertInRange('forecast.stallMs', stallMs, 100, 600_000);
  assertInRange('forecast.backoffMs', firstBackoffMs, 10, 600_000);
  assertInRange('forecast.maxBackoffMs', maxBackoffMs, firstBackoffMs, 3_600_000);
  const everyMs = everyS * 1000;
  const log = opts.log ?? ((m: string) => console.error(m));
  const spawnWorker = opts.spawnWorker ?? spawnThread;
  const wallNow = opts.wallNow ?? Date.now;
  const codec = stateCodec(opts.venue);
  const inference = new LatencyHistogram();
  const counters = { forecasts: 0, restarts: 0, stalls: 0, errors: 0 };

  let worker: ForecastWorkerHandle | null = null;
  let state: ServiceState = 'starting';
  let modelVersion: string | null = null;
  let drift: DriftReport | null = null;
  let lastRequestTs = -Infinity;
  let outstandingSinceWall: number | null = null;
  let backoffMs = firstBackoffMs;
  let restartTimer: NodeJS.Timeout | null = null;
  let stopped = false;
  let lastError = '';

  const config: ForecastWorkerConfig & { entry: string } = {
    venueFile: opts.venueFile, artifactFile: opts.artifactFile ?? null, scenarioFile: opts.scenarioFile ?? null,
    originMs: opts.originMs ?? null, drift: opts.drift, startMs: opts.startMs,
    entry: new URL('./forecast-worker.ts', import.meta.url).href,
  };

  const spawn = (): void => {
    state = 'starting';
    outstandingSinceWall = null;
    lastRequestTs = -Infinity; // a new worker forecasts as soon as it is ready
    const w = spawnWorker(config);
    worker = w;
    w.on('message', (m: FromForecastWorker) => {
      if (w !== worker) return;
      if (m.type === 'ready') {
        modelVersion = m.modelVersion;
        state = 'ok';
      } else if (m.type === 'forecasts' || m.type === 'forecast-columns') {
        outstandingSinceWall = null;
        backoffMs = firstBackoffMs;
        lastError = '';
        counters.forecasts++;
        inference.observe(m.inferenceMs / 1000);
        drift = m.drift;
        state = 'ok';
        // The learned model's forecasts come as flat columns: their records are built here, where they are read.
        opts.onForecasts(m.type === 'forecasts' ? m.forecasts : forecastsFromColumns(opts.venue, m.columns), m.ts);
      } else {
        outstandingSinceWall = null;
        counters.errors++;
        // The same failure every few seconds is logged once.
        if (m.message !== lastError) log(`forecast service: ${m.message}`);
        lastError = m.message;
      }
    });
    w.on('error', (e) => {
      if (w === worker) log(`forecast worker crashed: ${e.message}`);
    });
    w.on('exit', (code) => {
      if (w !== worker || stopped) return;
      worker = null;
      state = 'down';
      log(`forecast worker exited (code ${code}); running without forecasts, restart in ${backoffMs} ms`);
      restartTimer = setTimeout(() => {
        restartTimer = null;
        if (stopped) return;
        counters.restarts++;
        spawn();
      }, backoffMs);
      restartTimer.unref();
      backoffMs = Math.min(maxBackoffMs, backoffMs * 2);
    });
  };
  spawn();

  return {
    everyMs,
    maxAgeMs: 3 * everyMs,
    inference,
    counters,
    submit(states, ts) {
      const w = worker;
      if (w === null || stopped) return;
      if (outstandingSinceWall !== null && wallNow() - outstandingSinceWall > stallMs) {
        counters.stalls++;
        log(`forecast worker stalled (no forecast within ${stallMs} ms); replacing it`);
        outstandingSinceWall = null;
        void w.terminate();
        return;
      }
      const forecast = outstandingSinceWall === null && state === 'ok' && ts - lastRequestTs >= everyMs;
      if (forecast) {
        lastRequestTs = ts;
        outstandingSinceWall = wallNow();
      }
      // Flat columns, transferred: the event loop pays one pass over the states, not a deep clone.
      const encoded = codec.encode(states);
      w.postMessage({ type: 'observe', ts, states: encoded, forecast } satisfies ToForecastWorker, codec.transferList(encoded));
    },
    status: () => ({ state, modelVersion, drift }),
    async stop() {
      stopped = true;
      if (restartTimer) clearTimeout(restartTimer);
      const w = worker;
      worker = null;
      if (!w) return;
      const exited = new Promise<void>((r) => w.once('exit', () => r()));
      w.postMessage({ type: 'stop' } satisfies ToForecastWorker);
      const timer = setTimeout(() => void w.terminate(), 2000);
      await exited;
      clearTimeout(timer);
    },
  };
}
