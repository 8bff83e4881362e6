/**
 * The simulator feed, in a worker thread so that stepping 20,000 agents never stalls the
 * server's event loop. It runs the scenario at `speed` × real time, lets the venue's virtual
 * sensors read the simulated crowd, publishes their readings over MQTT with each sensor's key
 * (the real ingest path), and posts agent positions to the main thread once a second.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createSensorPublisher } from '../adapters/index.ts';
import { createSimulation, loadScenarioFile } from '../sim/index.ts';
import { createVirtualSensors } from '../sensors/index.ts';
import { loadVenueFile } from '../venue/index.ts';

export interface SimFeedConfig {
  readonly venueFile: string;
  readonly scenarioFile: string;
  /**
   * The broker and the sensors' keys. Absent: the worker builds the simulation (floor fields take
   * about a second) and waits for a `connect` message with them, so that `npm start` can build it
   * while the runtime itself is starting.
   */
  readonly mqttUrl?: string;
  readonly keys?: Record<string, string>;
  readonly speed: number;
  readonly seed: number;
  /** Epoch ms of simulated t = 0 (the runtime's accelerated clock starts there too). */
  readonly startEpochMs: number;
  /** Wall time (Date.now()) at which simulated t = 0 is due. */
  readonly wallStartMs: number;
}

export type SimFeedMessage =
  | { type: 'agents'; tS: number; positions: Float32Array }
  | { type: 'status'; tS: number; agents: number; published: number; lagS: number; done: boolean }
  /** Simulated time reached, after its readings were handed to the publisher. */
  | { type: 'time'; tS: number }
  | { type: 'error'; message: string };

const cfg = workerData as SimFeedConfig;
const port = parentPort!;
const venue = loadVenueFile(cfg.venueFile);
const scenario = loadScenarioFile(cfg.scenarioFile, venue);
const sim = createSimulation(venue, scenario, { seed: cfg.seed });
const sensors = createVirtualSensors(venue, sim, { ...scenario.sensors, seed: cfg.seed ^ 0x5eed, startEpochMs: cfg.startEpochMs });
let publisher: ReturnType<typeof createSensorPublisher> | null = null;

let published = 0;
let lastAgentsWall = 0;
let stopped = false;
let sending: Promise<void> = Promise.resolve();
/** At most this much simulated time per step of the loop, so readings keep flowing when behind. */
const MAX_STEP_S = 2;

/** Connects to the broker and starts stepping; once only. */
function connect(mqttUrl: string, keys: Record<string, string>): void {
  if (publisher !== null || stopped) return;
  publisher = createSensorPublisher({ url: mqttUrl, venueId: venue.id, keys });
  loop();
}

port.on('message', (m: { type: string; mqttUrl?: string; keys?: Record<string, string> }) => {
  if (m.type === 'stop') {
    stopped = true;
    void sending.then(() => publisher?.close()).then(() => process.exit(0));
  } else if (m.type === 'connect' && m.mqttUrl !== undefined && m.keys !== undefined) {
    connect(m.mqttUrl, m.keys);
  }
});

function loop(): void {
  if (stopped) return;
  try {
    const wallNow = Date.now();
    const dueS = Math.min(scenario.durationS, ((wallNow - cfg.wallStartMs) / 1000) * cfg.speed);
    sim.advanceTo(Math.min(dueS, sim.timeS + MAX_STEP_S));
    const readings = sensors.read(Math.floor(cfg.startEpochMs + sim.timeS * 1000) as never);
    if (readings.length > 0) {
      // Readings go out in order; a slow broker delays the next batch instead of piling them up.
      const pub = publisher!;
      sending = sending.then(() => pub.publish(readings)).then(
        () => { published += readings.length; },
        (e: Error) => port.postMessage({ type: 'error', message: `publish: ${e.message}` } satisfies SimFeedMessage),
      );
    }
    port.postMessage({ type: 'time', tS: sim.timeS } satisfies SimFeedMessage);
    if (wallNow - lastAgentsWall >= 1000) {
      lastAgentsWall = wallNow;
      const positions = sim.positions();
      port.postMessage({ type: 'agents', tS: sim.timeS, positions } satisfies SimFeedMessage, [positions.buffer as ArrayBuffer]);
      port.postMessage({ type: 'status', tS: sim.timeS, agents: sim.agentCount, published, lagS: dueS - sim.timeS, done: sim.timeS >= scenario.durationS } satisfies SimFeedMessage);
    }
  } catch (e) {
    port.postMessage({ type: 'error', message: (e as Error).stack ?? String(e) } satisfies SimFeedMessage);
    stopped = true;
    return;
  }
  setTimeout(loop, 100);
}
if (cfg.mqttUrl !== undefined && cfg.keys !== undefined) connect(cfg.mqttUrl, cfg.keys);
