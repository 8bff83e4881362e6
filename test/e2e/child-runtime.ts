/**
 * A runtime in its own process, for tests that kill it and for the latency benchmark: prints
 * `READY {json}` when listening. With CF_DEBUG_GC=1 it reports garbage collections over 10 ms
 * and the event-loop delay every 10 s on stderr (to tell a slow runtime from a busy machine).
 */
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { startTestRuntime } from './harness.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: child-runtime.ts DATA_DIR');
const rt = await startTestRuntime(dataDir, { tickMs: 200 });
console.log(`READY ${JSON.stringify({ httpUrl: rt.http.url, mqttUrl: rt.mqtt.url, sensorKeys: rt.sensorKeys })}`);
process.on('SIGTERM', () => void rt.stop().then(() => process.exit(0)));

if (process.env.CF_DEBUG_GC) {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.duration > 10) console.error(`GC ${e.duration.toFixed(1)} ms`);
  }).observe({ entryTypes: ['gc'] });
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  setInterval(() => {
    console.error(`event-loop delay p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms`);
    delay.reset();
  }, 10_000).unref();
}
