/**
 * The demo feed: virtual sensors publishing over MQTT with their own keys, exactly as real
 * sensors would, never injected behind the ingest.
 */
import { createSensorPublisher } from '../adapters/index.ts';
import { createScriptState, scriptedReadings } from '../sensors/scripted/index.ts';
import type { EmbeddedRuntime } from './embedded.ts';

export interface DemoFeed {
  readonly published: () => number;
  stop(): Promise<void>;
}

export function startScriptedFeed(rt: EmbeddedRuntime, opts: { seed?: number; periodMs?: number } = {}): DemoFeed {
  const publisher = createSensorPublisher({ url: rt.mqtt.url, venueId: rt.venue.id, keys: rt.sensorKeys });
  const state = createScriptState(opts.seed ?? 42);
  const start = Date.now();
  let published = 0;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return; // never queue up behind a slow broker: skip a beat instead
    busy = true;
    const readings = scriptedReadings(rt.venue, state, Date.now(), start);
    publisher.publish(readings).then(
      () => { published += readings.length; },
      (e: Error) => console.error(`demo feed: ${e.message}`),
    ).finally(() => { busy = false; });
  }, opts.periodMs ?? 250);
  return {
    published: () => published,
    async stop() {
      clearInterval(timer);
      await publisher.close();
    },
  };
}
