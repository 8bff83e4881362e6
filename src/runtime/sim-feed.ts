/** Starts the simulator feed worker for a running embedded runtime, and relays its agent layer to the consoles. */
import { Worker } from 'node:worker_threads';
import type { EpochMs } from '../contracts/index.ts';
import type { FollowerClock } from './clock.ts';
import type { EmbeddedRuntime } from './embedded.ts';
import type { SimFeedConfig, SimFeedMessage } from './sim-feed-worker.ts';

export interface SimFeed {
  readonly status: () => Extract<SimFeedMessage, { type: 'status' }> | null;
  /** Gives a worker started without a broker its broker and keys; it starts stepping then. */
  connect(mqttUrl: string, keys: Record<string, string>): void;
  stop(): Promise<void>;
}

export interface SimFeedHandlers {
  onAgents?: (m: Extract<SimFeedMessage, { type: 'agents' }>) => void;
  onTime?: (tS: number) => void;
  onError?: (message: string) => void;
}

/** The feed worker on its own: publishes to any crowdflow MQTT broker it is given keys for. */
export function startSimFeedWorker(config: SimFeedConfig, h: SimFeedHandlers = {}): SimFeed {
  const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), {
    workerData: { ...config, entry: new URL('./sim-feed-worker.ts', import.meta.url).href },
  });
  const onError = h.onError ?? console.error;
  let last: Extract<SimFeedMessage, { type: 'status' }> | null = null;
  worker.on('message', (m: SimFeedMessage) => {
    if (m.type === 'agents') h.onAgents?.(m);
    else if (m.type === 'time') h.onTime?.(m.tS);
    else if (m.type === 'status') last = m;
    else onError(`simulator feed: ${m.message}`);
  });
  worker.on('error', (e) => onError(`simulator feed crashed: ${e.message}`));
  return {
    status: () => last,
    connect(mqttUrl, keys) {
      worker.postMessage({ type: 'connect', mqttUrl, keys: { ...keys } });
    },
    async stop() {
      const exited = new Promise<void>((r) => worker.once('exit', () => r()));
      worker.postMessage({ type: 'stop' });
      const timer = setTimeout(() => void worker.terminate(), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface SimFeedOptions {
  venueFile: string; scenarioFile: string; speed: number; seed: number; startEpochMs: number; wallStartMs: number;
  onError?: (message: string) => void;
  /** Set to the simulated time as it advances (the runtime's clock in the demo). */
  clock?: FollowerClock;
}

/** The demo feed of an embedded runtime: its broker and keys, its clock, its consoles' agent layer. */
export function startSimFeed(rt: EmbeddedRuntime, opts: SimFeedOptions): SimFeed {
  const prepared = prepareSimFeed(opts);
  return prepared.attach(rt);
}

/**
 * The demo feed's worker, started before the runtime: it loads and builds the simulation while
 * the runtime opens its store and ports (about 2 s saved before the first readings), then
 * `attach` gives it the runtime's broker, keys and consoles.
 */
export function prepareSimFeed(opts: SimFeedOptions): { attach(rt: EmbeddedRuntime): SimFeed; feed: SimFeed } {
  let hub: EmbeddedRuntime['hub'] | null = null;
  const feed = startSimFeedWorker({
    venueFile: opts.venueFile, scenarioFile: opts.scenarioFile,
    speed: opts.speed, seed: opts.seed, startEpochMs: opts.startEpochMs, wallStartMs: opts.wallStartMs,
  }, {
    onError: opts.onError,
    onTime: (tS) => opts.clock?.set(opts.startEpochMs + tS * 1000),
    onAgents: (m) => {
      if (hub === null) return;
      // 0.1 m is plenty for dots on a map and keeps the message small.
      const positions = Array.from(m.positions, (v) => Math.round(v * 10) / 10);
      hub.publish({ type: 'agents', ts: Math.round(opts.startEpochMs + m.tS * 1000) as EpochMs, positions });
    },
  });
  return {
    feed,
    attach(rt) {
      hub = rt.hub;
      feed.connect(rt.mqtt.url, rt.sensorKeys);
      return feed;
    },
  };
}
