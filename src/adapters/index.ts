/** The only code that opens sockets: MQTT broker, HTTP/WebSocket server (Kafka comes with the distributed deployment). */
export { startMqttBroker, readingsTopic, type MqttBroker, type MqttBrokerOptions } from './mqtt/broker.ts';
export { startHttpServer, type HttpServer, type HttpServerOptions } from './http/server.ts';
export type { HttpApp, User } from './http/app-port.ts';
export { createSensorPublisher, type SensorPublisher, type SensorPublisherOptions } from './mqtt/sensor-publisher.ts';
export { startForwarder, type Forwarder, type ForwarderOptions, type ForwarderStats } from './edge/forwarder.ts';
