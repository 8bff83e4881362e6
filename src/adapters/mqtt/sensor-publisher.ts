/**
 * Publishes readings over MQTT exactly as field sensors do: one client per sensor, logged in
 * with that sensor's id and key, on the sensor's own topic, QoS 1. Used by the demo feed, the
 * simulator's live mode, tests and benchmarks, so that they exercise the real ingest path.
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { SensorReading } from '../../contracts/index.ts';
import { readingsTopic } from './broker.ts';

export interface SensorPublisher {
  /** Resolves when every reading was acknowledged (PUBACK) by the broker. */
  publish(readings: readonly SensorReading[]): Promise<void>;
  /** Publishes a raw payload as one sensor (tests of malformed input). */
  publishRaw(sensorId: string, payload: string | Buffer): Promise<void>;
  /** `force` drops in-flight messages (after the broker died) instead of waiting for them. */
  close(force?: boolean): Promise<void>;
}

export interface SensorPublisherOptions {
  readonly url: string;
  readonly venueId: string;
  readonly keys: Readonly<Record<string, string>>;
  readonly qos?: 0 | 1;
}

export function createSensorPublisher(opts: SensorPublisherOptions): SensorPublisher {
  const clients = new Map<string, Promise<MqttClient>>();
  const qos = opts.qos ?? 1;

  const clientFor = (sensorId: string): Promise<MqttClient> => {
    let p = clients.get(sensorId);
    if (!p) {
      const key = opts.keys[sensorId];
      if (key === undefined) return Promise.reject(new Error(`no key for sensor ${sensorId}`));
      p = new Promise<MqttClient>((resolve, reject) => {
        const c = mqtt.connect(opts.url, { username: sensorId, password: key, clientId: `${sensorId}-${process.pid}`, reconnectPeriod: 1000, connectTimeout: 5000 });
        c.once('connect', () => {
          (c.stream as { setNoDelay?: (v: boolean) => void }).setNoDelay?.(true);
          resolve(c);
        });
        c.once('error', (e) => {
          c.end(true);
          reject(e);
        });
      });
      clients.set(sensorId, p);
      p.catch(() => clients.delete(sensorId));
    }
    return p;
  };

  const send = async (sensorId: string, payload: string | Buffer): Promise<void> => {
    const c = await clientFor(sensorId);
    await c.publishAsync(readingsTopic(opts.venueId, sensorId), payload, { qos });
  };

  return {
    async publish(readings) {
      await Promise.all(readings.map((r) => send(r.sensorId, JSON.stringify(r))));
    },
    publishRaw: send,
    async close(force = false) {
      const pending = [...clients.values()];
      clients.clear();
      if (force) {
        // Connections still being attempted are ended when they settle.
        for (const p of pending) void p.then((c) => c.end(true), () => undefined);
      }
      const all = await Promise.allSettled(force ? [] : pending);
      await Promise.all(all.map((r) => (r.status === 'fulfilled' ? r.value.endAsync(force) : undefined)));
    },
  };
}
