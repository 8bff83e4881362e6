/**
 * The edge gateway of one venue sector (`crowdflow edge`): local sensors publish to its MQTT
 * broker with their own keys; it anonymises (rotating-salt hashes, personal data refused),
 * validates against the same contracts as the server, keeps every accepted reading on disk and
 * forwards them upstream in order and in batches, buffering while the uplink is down.
 */
import { timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import { READING_LIMITS, type EpochMs, type SensorReading } from '../contracts/index.ts';
import { startForwarder, startMqttBroker, type Forwarder, type MqttBroker } from '../adapters/index.ts';
import { decodePayload, validateMessage } from '../ingest/index.ts';
import { anonymiseLocal, RotatingSalt } from '../sensors/edge/index.ts';
import { openEdgeBuffer, type EdgeBuffer } from '../store/index.ts';
import { loadVenueFile, type Gateway, type Venue } from '../venue/index.ts';
import { systemClock, type Clock } from './clock.ts';

export interface EdgeOptions {
  readonly venueFile: string;
  readonly gatewayId: string;
  readonly upstreamUrl: string;
  readonly gatewayKey: string;
  /** Keys of the sector's sensors (the same the server generated: sensors are provisioned once). */
  readonly sensorKeys: Readonly<Record<string, string>>;
  readonly dataDir: string;
  readonly mqtt: { host: string; port: number };
  readonly maxBufferBytes?: number;
  readonly saltRotateMs?: number;
  readonly clock?: Clock;
  readonly log?: (msg: string) => void;
}

export interface EdgeRuntime {
  readonly venue: Venue;
  readonly gateway: Gateway;
  readonly mqtt: MqttBroker;
  readonly buffer: EdgeBuffer;
  readonly forwarder: Forwarder;
  readonly counters: { accepted: number; rejected: number };
  stop(): Promise<void>;
}

export const DEFAULT_EDGE_BUFFER_BYTES = 512 * 1024 * 1024;

export async function startEdge(opts: EdgeOptions): Promise<EdgeRuntime> {
  const clock = opts.clock ?? systemClock;
  const venue = loadVenueFile(opts.venueFile);
  const gateway = venue.gatewayById.get(opts.gatewayId as never);
  if (!gateway) throw new Error(`CF_ERR_CONFIG: venue "${venue.id}" has no gateway "${opts.gatewayId}" (have: ${venue.gateways.map((g) => g.id).join(', ') || 'none'})`);
  const buffer = openEdgeBuffer(join(opts.dataDir, `edge-${gateway.id}.sqlite`), opts.maxBufferBytes ?? DEFAULT_EDGE_BUFFER_BYTES);
  const salt = new RotatingSalt(opts.saltRotateMs ?? 86_400_000);
  const counters = { accepted: 0, rejected: 0 };
  const reject = (sensorId: string | null, code: string, reason: string): void => {
    counters.rejected++;
    buffer.addDeadLetter({ receivedAt: clock.now(), sensorId, code, reason });
  };
  let forwarder: Forwarder | null = null;

  const accept = (sensorId: string, payload: Buffer): void => {
    const decoded = decodePayload(payload);
    if (!decoded.ok) return reject(sensorId, decoded.code, decoded.reason);
    const local = anonymiseLocal(decoded.value, salt);
    if (!local.ok) return reject(sensorId, local.code, local.reason);
    const valid: SensorReading[] = [];
    for (const v of validateMessage(local.value, { venue, now: clock.now() as EpochMs, authenticatedSensor: sensorId })) {
      if (v.ok) valid.push(v.reading);
      else reject(v.sensorId, v.code, v.reason);
    }
    if (valid.length === 0) return;
    // Full of counts: refuse, so that a QoS 1 sensor keeps the reading and retries later.
    if (!buffer.push(valid)) throw new Error(`edge buffer full (${buffer.bytes()} bytes of counts)`);
    counters.accepted += valid.length;
    forwarder?.kick();
  };

  const mqtt = await startMqttBroker({
    host: opts.mqtt.host,
    port: opts.mqtt.port,
    venueId: venue.id,
    maxPacketBytes: READING_LIMITS.maxPayloadBytes * 4,
    authenticate: (sensorId, key) => gateway.sensors.has(sensorId as never) && sameSecret(opts.sensorKeys[sensorId], key),
    onPayload: accept,
    onAuthFailure: ({ sensorId, reason }) => reject(sensorId, 'CF_ERR_SENSOR_AUTH', reason),
  });
  forwarder = startForwarder({ upstreamUrl: opts.upstreamUrl, gatewayId: gateway.id, key: opts.gatewayKey, buffer, log: opts.log });

  return {
    venue, gateway, mqtt, buffer, forwarder, counters,
    async stop() {
      await mqtt.close();
      await forwarder?.stop();
      buffer.close();
    },
  };
}

function sameSecret(expected: string | undefined, got: string): boolean {
  if (expected === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(got);
  return a.length === b.length && timingSafeEqual(a, b);
}
