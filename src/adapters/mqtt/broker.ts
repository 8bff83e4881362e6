/**
 * The embedded MQTT broker (aedes) that sensors publish readings to, on
 * `crowdflow/<venueId>/readings/<sensorId>` with QoS 0 or 1. Each sensor authenticates with its
 * own key (username = sensor id, password = key) and may publish only on its own topic.
 *
 * A QoS 1 PUBACK is sent only after `onReadings` returned, i.e. after the readings are durable in
 * the log or dead-lettered: an acknowledged reading is never lost. TCP_NODELAY is set on every
 * socket: without it Nagle's algorithm adds ~20 ms to a QoS 0 publish.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { Aedes, type Client } from 'aedes';
import { PacketSizeGuard } from './packet-guard.ts';

export interface MqttBrokerOptions {
  readonly host: string;
  readonly port: number;
  readonly venueId: string;
  /** Hard limit for one MQTT packet; the connection is closed past it. */
  readonly maxPacketBytes: number;
  readonly authenticate: (sensorId: string, key: string) => boolean;
  /** Whether an authenticated edge gateway may publish on the topic of `sensorId` (its sector). */
  readonly mayPublishFor?: (principal: string, sensorId: string) => boolean;
  /** Synchronous: must persist (log or dead-letter) before returning. */
  readonly onPayload: (sensorId: string, payload: Buffer) => void;
  readonly onAuthFailure: (info: { sensorId: string | null; reason: string }) => void;
}

export interface MqttBroker {
  readonly port: number;
  readonly url: string;
  connectedClients(): number;
  close(): Promise<void>;
}

export function readingsTopic(venueId: string, sensorId: string): string {
  return `crowdflow/${venueId}/readings/${sensorId}`;
}

const SENSOR = Symbol('sensorId');
type SensorClient = Client & { [SENSOR]?: string };

export async function startMqttBroker(opts: MqttBrokerOptions): Promise<MqttBroker> {
  const broker = await Aedes.createBroker({
    authenticate(client, username, password, done) {
      const sensorId = username ?? '';
      if (sensorId === '' || !password || !opts.authenticate(sensorId, password.toString('utf8'))) {
        opts.onAuthFailure({ sensorId: sensorId || null, reason: `CF_ERR_SENSOR_AUTH: bad sensor id or key for MQTT client "${client.id}"` });
        const err = Object.assign(new Error('bad sensor id or key'), { returnCode: 4 as const });
        done(err, false);
        return;
      }
      (client as SensorClient)[SENSOR] = sensorId;
      done(null, true);
    },
    authorizePublish(client, packet, callback) {
      const sensorId = client ? (client as SensorClient)[SENSOR] : undefined;
      const prefix = readingsTopic(opts.venueId, '');
      const topicSensor = packet.topic.startsWith(prefix) ? packet.topic.slice(prefix.length) : null;
      const allowed = sensorId !== undefined && topicSensor !== null &&
        (topicSensor === sensorId || (opts.mayPublishFor?.(sensorId, topicSensor) ?? false));
      if (!sensorId || !allowed) {
        opts.onAuthFailure({
          sensorId: sensorId ?? null,
          reason: `CF_ERR_SENSOR_AUTH: sensor "${sensorId}" may publish only on ${readingsTopic(opts.venueId, sensorId ?? '<sensorId>')}, not ${packet.topic}`,
        });
        callback(new Error('topic not allowed'));
        return;
      }
      try {
        opts.onPayload(sensorId, packet.payload as Buffer);
      } catch (e) {
        // Persistence failed: refuse the publish so that a QoS 1 sender retries it.
        callback(e as Error);
        return;
      }
      // Nothing subscribes to readings; drop the payload so aedes does not keep it around.
      packet.payload = Buffer.alloc(0);
      callback(null);
    },
    authorizeSubscribe(_client, _sub, callback) {
      callback(new Error('sensors publish only'), null);
    },
  });

  const server: Server = createServer({ noDelay: true }, (socket: Socket) => {
    socket.setNoDelay(true);
    const guard = new PacketSizeGuard(opts.maxPacketBytes, (bytes) =>
      opts.onAuthFailure({ sensorId: null, reason: `CF_ERR_READING_TOO_LARGE: MQTT packet of ${bytes} bytes from ${socket.remoteAddress}; limit ${opts.maxPacketBytes}` }),
    );
    guard.on('error', () => socket.destroy());
    socket.on('error', () => guard.destroy());
    socket.pipe(guard);
    // aedes reads the guarded bytes and writes straight to the socket.
    const duplex = Duplex.from({ readable: guard, writable: socket });
    duplex.on('close', () => socket.destroy());
    duplex.on('error', () => socket.destroy());
    broker.handle(duplex as never);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;

  return {
    port,
    url: `mqtt://${opts.host}:${port}`,
    connectedClients: () => broker.connectedClients,
    close: () =>
      new Promise<void>((resolve) => {
        broker.close(() => server.close(() => resolve()));
        // server.close waits for sockets; aedes.close ends its clients, so this resolves promptly.
      }),
  };
}
