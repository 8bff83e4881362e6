/**
 * The embedded deployment: one process, SQLite log and store, aedes MQTT, Fastify HTTP +
 * WebSocket + console. This is the composition root: the only place that knows every stage.
 */
import { join, resolve } from 'node:path';
import { watch, readFileSync, type FSWatcher } from 'node:fs';
import { CrowdflowError, READING_LIMITS } from '../contracts/index.ts';
import { startHttpServer, startMqttBroker, type HttpServer, type MqttBroker } from '../adapters/index.ts';
import { createDecisionEngine, createForecastPolicy, loadPlaybookFile, parsePlaybook } from '../decide/index.ts';
import { notifierFromConfig } from '../notify/index.ts';
import { assessRisk, parsePreset, presetProfile, riskSettingsForProfile, type RiskSettings } from '../risk/index.ts';
import { openStore, type Store } from '../store/index.ts';
import { createStreamProcessor } from '../stream/index.ts';
import { loadVenueFile, type Venue } from '../venue/index.ts';
import { createApp } from './app.ts';
import { bootstrapAdmin, ensureSensorKeys } from './auth.ts';
import { systemClock, type Clock } from './clock.ts';
import type { RuntimeConfig } from './config.ts';
import { Hub } from './hub.ts';
import { createIngestService } from './ingest-service.ts';
import { Pipeline, STREAM_CHECKPOINT } from './pipeline.ts';
import { artifactToServe, startForecastService, type ForecastService } from './forecast-service.ts';
import { createLiveSettings } from './settings.ts';
import { createDispatcher } from './dispatch.ts';

export interface EmbeddedRuntime {
  readonly venue: Venue;
  readonly store: Store;
  readonly hub: Hub;
  readonly pipeline: Pipeline;
  readonly http: HttpServer;
  readonly mqtt: MqttBroker;
  readonly adminUsername: string;
  /** Only on the first start, when no CROWDFLOW_ADMIN_PASSWORD was given: print it once. */
  readonly generatedAdminPassword: string | null;
  readonly sensorKeys: Readonly<Record<string, string>>;
  /** Null when forecasting is disabled. */
  readonly forecasts: ForecastService | null;
  stop(): Promise<void>;
}

export interface EmbeddedOptions extends RuntimeConfig {
  readonly clock?: Clock;
  readonly webRoot?: string | null;
  readonly env?: NodeJS.ProcessEnv;
  /**
   * The running scenario, when the feed is the simulator: its stage schedule and arrival curves
   * go to the forecaster, with `originMs` the event time of its t = 0.
   */
  readonly forecastScenario?: { readonly file: string; readonly originMs: number };
  /** Test and operations knobs of the forecast service (wall-time stall limit, restart backoff). */
  readonly forecastService?: { readonly stallMs?: number; readonly backoffMs?: number; readonly maxBackoffMs?: number; readonly log?: (m: string) => void };
}

export const DEFAULT_WEB_ROOT = resolve(import.meta.dirname, '..', '..', 'web', 'dist');

export async function startEmbedded(opts: EmbeddedOptions): Promise<EmbeddedRuntime> {
  const clock = opts.clock ?? systemClock;
  const venue = loadVenueFile(opts.venue);
  const store = openStore(join(opts.dataDir, 'crowdflow.sqlite'), { durability: opts.durability });
  const boot = bootstrapAdmin(store, clock.now(), opts.env);
  const sensorKeys = ensureSensorKeys(store, venue, opts.dataDir, clock.now());
  const settings = createLiveSettings(store);

  const stream = restoreStream(venue, opts.stream ?? {}, store.checkpoints.load(STREAM_CHECKPOINT));
  // The ML policy proposes from forecasts; until forecasts flow (issue 6) it has nothing to say,
  // and the playbook decides alone — the guard, budget and circuit breaker run all the same.
  const decisions = createDecisionEngine({
    policy: createForecastPolicy(),
    playbook: loadPlaybookFile(opts.playbook, venue),
    settings: settings.current().decision,
    riskSettings: () => settings.current().risk,
    now: () => Date.now(),
  });
  settings.onChange((s) => decisions.setSettings(s.decision));

  // Per-zone risk settings: the live settings adjusted by the preset for the zone's type.
  const preset = opts.preset ? parsePreset(readFileSync(opts.preset, 'utf8'), opts.preset) : null;
  let zoneSettings = new Map<string, RiskSettings>();
  let zoneSettingsBase: RiskSettings | null = null;
  const riskSettingsFor = (zoneId: string): RiskSettings => {
    const base = settings.current().risk;
    if (!preset) return base;
    if (base !== zoneSettingsBase) {
      zoneSettingsBase = base;
      zoneSettings = new Map(venue.zones.map((z) => [z.id, riskSettingsForProfile(base, presetProfile(preset, z.type, z.areaSqm))]));
    }
    return zoneSettings.get(zoneId) ?? base;
  };

  const hub = new Hub();
  const notifier = opts.notify && opts.notify.channels.length > 0 ? notifierFromConfig(opts.notify, { sent: store.sentNotifications }) : null;
  const dispatcher = createDispatcher({ store, hub, clock, notifier });
  // Forecasts are served from a worker; the pipeline takes them as they come.
  let pipelineRef: Pipeline | null = null;
  const fc = opts.forecast ?? { enabled: true, everyS: 5 };
  const forecasts = fc.enabled ? startForecastService({
    venue,
    venueFile: opts.venue,
    everyS: fc.everyS,
    artifactFile: artifactToServe(fc.artifact),
    scenarioFile: opts.forecastScenario?.file ?? null,
    originMs: opts.forecastScenario?.originMs ?? null,
    startMs: clock.now(),
    onForecasts: (f) => pipelineRef?.acceptForecasts(f),
    ...opts.forecastService,
  }) : null;
  const pipeline = new Pipeline({
    venue, store, clock, hub, stream, decisions, forecasts,
    assess: (state, forecast) => assessRisk(state, riskSettingsFor(state.zoneId), forecast),
    onDecided: (d) => dispatcher.decided(d),
    onTick: (now) => dispatcher.expire(now, settings.current().decision.approval.timeoutMs),
  });
  pipelineRef = pipeline;
  const ingest = createIngestService({ venue, store, clock, onAccepted: () => pipeline.wake() });

  const mqtt = await startMqttBroker({
    host: opts.mqtt.host,
    port: opts.mqtt.port,
    venueId: venue.id,
    maxPacketBytes: READING_LIMITS.maxPayloadBytes * 4,
    authenticate: (sensorId, key) => store.credentials.verifySensorKey(sensorId, key),
    mayPublishFor: (principal, sensorId) => venue.gatewayById.get(principal as never)?.sensors.has(sensorId as never) ?? false,
    onPayload: (sensorId, payload) => void ingest.acceptPayload(payload, 'mqtt', sensorId),
    onAuthFailure: ({ sensorId, reason }) =>
      ingest.recordRejection('mqtt', sensorId, reason.startsWith('CF_ERR_READING_TOO_LARGE') ? 'CF_ERR_READING_TOO_LARGE' : 'CF_ERR_SENSOR_AUTH', reason),
  });
  const app = createApp({
    venue, store, clock, hub, ingest, pipeline, settings,
    onChanged: (record) => dispatcher.changed(record),
    streamStats: () => stream.stats,
    extraStats: () => ({ stream: { offset: stream.offset, ...stream.stats }, mqtt: { clients: mqtt.connectedClients() }, consoles: hub.size }),
  });
  const http = await startHttpServer(app, {
    host: opts.http.host,
    port: opts.http.port,
    webRoot: opts.webRoot === undefined ? DEFAULT_WEB_ROOT : opts.webRoot,
    logLevel: opts.logLevel,
  });

  const watcher = watchPlaybook(opts.playbook, (text) => {
    try {
      decisions.setPlaybook(parsePlaybook(text, opts.playbook, venue));
      store.audit.append({ ts: clock.now(), actor: 'system', action: 'playbook.reload', subject: opts.playbook });
    } catch (e) {
      // A bad edit keeps the last good playbook running, and says why.
      store.audit.append({ ts: clock.now(), actor: 'system', action: 'playbook.reload_failed', subject: opts.playbook, detail: { error: (e as Error).message } });
      console.error(`playbook ${opts.playbook} not reloaded, the previous one stays in force:\n${(e as Error).message}`);
    }
  });

  // Replay whatever the log holds beyond the last checkpoint, then run the hop timer.
  pipeline.wake();
  const timer = setInterval(() => void pipeline.tick(), opts.tickMs);

  let stopped = false;
  return {
    venue, store, hub, pipeline, http, mqtt, sensorKeys, forecasts,
    adminUsername: boot.adminUsername,
    generatedAdminPassword: boot.generatedAdminPassword,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      watcher?.close();
      await mqtt.close();
      await http.close();
      await pipeline.close();
      await forecasts?.stop();
      await dispatcher.settle();
      store.close();
    },
  };
}

/**
 * The stream processor from its checkpoint. A checkpoint the processor refuses (another format
 * version, venue layout or window) is reported and the log replayed from its start instead: the
 * log is the record, the checkpoint only a shortcut, and replayed decisions keep their ids.
 */
function restoreStream(venue: Venue, config: Record<string, number>, saved: { offset: number; state: unknown } | null): ReturnType<typeof createStreamProcessor> {
  if (saved === null) return createStreamProcessor(venue, config);
  const state = saved.state;
  try {
    if (typeof state !== 'string' && !(state instanceof Uint8Array)) {
      throw new CrowdflowError('CF_ERR_CONFIG', `stream checkpoint state is ${typeof state}, expected a binary snapshot (base64 text)`);
    }
    return createStreamProcessor(venue, config, { offset: saved.offset, state });
  } catch (e) {
    if (!(e instanceof CrowdflowError) || e.code !== 'CF_ERR_CONFIG') throw e;
    console.error(`stream checkpoint not used, replaying the log from its start: ${e.message}`);
    return createStreamProcessor(venue, config);
  }
}

function watchPlaybook(file: string, onText: (text: string) => void): FSWatcher | null {
  let last = readFileSync(file, 'utf8');
  let pending: NodeJS.Timeout | null = null;
  try {
    return watch(file, () => {
      // Editors write in bursts (truncate, write, rename): settle for 200 ms before reading.
      if (pending) clearTimeout(pending);
      pending = setTimeout(() => {
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch {
          return;
        }
        if (text === last) return;
        last = text;
        onText(text);
      }, 200);
    });
  } catch {
    return null;
  }
}
