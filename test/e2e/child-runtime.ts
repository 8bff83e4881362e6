/** A runtime in its own process, for tests that kill it: prints `READY {json}` when listening. */
import { startTestRuntime } from './harness.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: child-runtime.ts DATA_DIR');
const rt = await startTestRuntime(dataDir, { tickMs: 200 });
console.log(`READY ${JSON.stringify({ httpUrl: rt.http.url, mqttUrl: rt.mqtt.url, sensorKeys: rt.sensorKeys })}`);
process.on('SIGTERM', () => void rt.stop().then(() => process.exit(0)));
