/**
 * Fusion accuracy on a simulator run: replays its readings through the stream processor (a tick
 * per second) and prints every zone's fused occupancy error against the ground truth.
 *
 *   npx tsx src/cli/main.ts simulate --scenario scenarios/pilot-full-event.yaml --duration 3000 --seed 3 --out /tmp/fusion-run
 *   npx tsx bench/fusion-accuracy.ts --run /tmp/fusion-run [--venue venues/pilot-arena.yaml] [--at 1500] [--from 60] [--sources]
 *
 * --at S: also print fused vs true of every zone S seconds after the first truth row (repeatable);
 * --from S: score from S seconds on (default 60: the first window has filled);
 * --sources: per source, the error of the occupancy it suggests alone, and its mean weight;
 * --ramp FROM:TO: seconds scored apart as the ramp window (default 3600:5400, the pilot's ingress):
 *   MAE and bias there show the lag of the temporal filter.
 * --filter SPEC (repeatable): the occupancy filter's parameters, `off` or
 *   `LEVEL:RATE:TAU` (filterLevelNoise, filterRateNoise, filterRateTimeS); several specs replay
 *   side by side on one parse of the readings (a summary line each, the table of the first).
 * --range FROM:TO: each zone's lowest and highest fused and true occupancy over those seconds
 *   (default 4500:6000: the pilot's flat second half, where the unfiltered states swung).
 * Roughness: mean |x(t) − x(t − 1 s)| of the fused occupancy and of the truth (people/s).
 */
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { SensorReading } from '../src/contracts/index.ts';
import { loadVenueFile } from '../src/venue/index.ts';
import { FusionReplay, type TruthRow } from '../src/stream/accuracy.ts';
import type { StreamConfig } from '../src/stream/index.ts';

function filterConfig(spec: string): Partial<StreamConfig> {
  if (spec === 'off') return { occupancyFilter: false };
  const [levelNoise, rateNoise, rateTimeS] = spec.split(':').map(Number);
  return { occupancyFilter: true, filterLevelNoise: levelNoise!, filterRateNoise: rateNoise!, filterRateTimeS: rateTimeS! };
}

const { values } = parseArgs({
  options: {
    run: { type: 'string' },
    venue: { type: 'string', default: 'venues/pilot-arena.yaml' },
    at: { type: 'string', multiple: true, default: [] },
    from: { type: 'string', default: '60' },
    sources: { type: 'boolean', default: false },
    ramp: { type: 'string', default: '3600:5400' },
    filter: { type: 'string', multiple: true, default: [] },
    range: { type: 'string', default: '4500:6000' },
  },
});
if (!values.run) {
  console.error('usage: npx tsx bench/fusion-accuracy.ts --run DIR [--venue FILE] [--at S]... [--from S] [--sources]');
  process.exit(2);
}

const venue = await loadVenueFile(values.venue);
const truth = readFileSync(join(values.run, 'ground-truth.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TruthRow & { tS: number });
const t0 = truth[0]!.ts - truth[0]!.tS * 1000;
const [rampFromS, rampToS] = values.ramp.split(':').map(Number) as [number, number];
const [rangeFromS, rangeToS] = values.range.split(':').map(Number) as [number, number];
const specs = values.filter.length > 0 ? values.filter : ['default'];
const replays = specs.map((spec) => new FusionReplay(venue, truth, {
  fromMs: t0 + Number(values.from) * 1000,
  rampMs: [t0 + rampFromS * 1000, t0 + rampToS * 1000],
  rangeMs: [t0 + rangeFromS * 1000, t0 + rangeToS * 1000],
  probeMs: values.at.map((s) => t0 + Number(s) * 1000),
  ...(spec === 'default' ? {} : { config: filterConfig(spec) }),
}));
const started = performance.now();
let readings = 0;
const lines = createInterface({ input: createReadStream(join(values.run, 'readings.jsonl')), crlfDelay: Infinity });
for await (const line of lines) {
  if (line.length === 0) continue;
  const reading = JSON.parse(line) as SensorReading;
  for (const replay of replays) replay.push(reading);
  readings++;
}
const results = replays.map((replay) => replay.finish());
const r = results[0]!;
const wallS = (performance.now() - started) / 1000;

const f0 = (x: number): string => (Number.isNaN(x) ? '-' : x.toFixed(0));
const f1 = (x: number): string => (Number.isNaN(x) ? '-' : x.toFixed(1));
const pc = (x: number): string => (Number.isNaN(x) ? '-' : `${(100 * x).toFixed(1)} %`);
console.log(`${readings} readings, ${r.ticks} ticks replayed in ${wallS.toFixed(1)} s (${specs.length} replay(s)); scored from ${values.from} s`);
if (specs.length > 1) {
  console.log('filter spec                MAE    WAPE   rough (truth)   ramp MAE  ramp bias');
  results.forEach((x, k) => {
    const o = x.overall;
    console.log(`${specs[k]!.padEnd(22)} ${o.mae.toFixed(2).padStart(7)} ${pc(o.wape).padStart(7)} ${o.roughness.toFixed(2).padStart(7)} (${o.truthRoughness.toFixed(2)}) ${o.ramp.mae.toFixed(1).padStart(9)} ${o.ramp.bias.toFixed(1).padStart(10)}`);
  });
  console.log(`\ntable of ${specs[0]}:`);
}
console.log(`zone           mean truth      MAE     bias     WAPE  unknown s  rough fused  rough true  ramp MAE  ramp bias  (ramp ${values.ramp} s)`);
for (const z of r.zones) {
  console.log(`${z.zoneId.padEnd(14)} ${f0(z.meanTruth).padStart(10)} ${f1(z.mae).padStart(8)} ${f1(z.bias).padStart(8)} ${pc(z.wape).padStart(8)} ${String(z.unknownSeconds).padStart(10)} ${f1(z.roughness).padStart(12)} ${f1(z.truthRoughness).padStart(11)} ${f1(z.ramp.mae).padStart(9)} ${f1(z.ramp.bias).padStart(10)}`);
}
const o = r.overall;
console.log(`overall: MAE ${f1(o.mae)} people, WAPE ${pc(o.wape)}, signed WAPE ${pc(o.signedWape)}, unknown zone-seconds ${o.unknownSeconds}`);
console.log(`roughness: fused ${o.roughness.toFixed(2)} people/s, truth ${o.truthRoughness.toFixed(2)} people/s (mean |x(t) - x(t-1 s)| per zone-second)`);
console.log(`\nrange ${values.range} s: zone / fused min-max / true min-max`);
for (const z of r.zones) {
  if (Number.isNaN(z.range.fusedMin)) continue;
  console.log(`${z.zoneId.padEnd(14)} ${f0(z.range.fusedMin).padStart(7)}-${f0(z.range.fusedMax).padEnd(7)} ${f0(z.range.truthMin).padStart(7)}-${f0(z.range.truthMax)}`);
}
console.log(`ramp ${values.ramp} s: MAE ${f1(o.ramp.mae)} people, bias ${f1(o.ramp.bias)} people, WAPE ${pc(o.ramp.wape)} over ${o.ramp.seconds} zone-seconds`);
if (values.sources) {
  console.log('\nsource alone (same seconds):  zone / sensor / kind / MAE / bias / mean weight');
  for (const s of r.sources) console.log(`${s.zoneId.padEnd(14)} ${s.sensorId.padEnd(18)} ${s.kind.padEnd(12)} ${f1(s.mae).padStart(8)} ${f1(s.bias).padStart(8)} ${s.meanWeight.toFixed(2).padStart(6)}`);
}
for (const p of r.probes) {
  console.log(`\nat ${(p.ts - t0) / 1000} s: zone / fused / true`);
  for (const z of p.zones) console.log(`${z.zoneId.padEnd(14)} ${z.fused === null ? 'unknown' : z.fused.toFixed(0).padStart(7)} ${String(z.truth).padStart(7)}`);
}
