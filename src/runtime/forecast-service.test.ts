/** The forecast service's supervision with a fake worker: pacing, stalls, crashes, backoff, stop. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { asEpochMs, type EpochMs, type ZoneForecast } from '../contracts/index.ts';
import type { DriftReport } from '../forecast/index.ts';
import { loadVenueFile } from '../venue/index.ts';
import { startForecastService, type ForecastServiceOptions, type ForecastWorkerHandle } from './forecast-service.ts';
import type { FromForecastWorker, ToForecastWorker } from './forecast-worker.ts';

const VENUE_FILE = join(import.meta.dirname, '..', '..', 'venues', 'pilot-arena.yaml');
const venue = loadVenueFile(VENUE_FILE);

class FakeWorker extends EventEmitter implements ForecastWorkerHandle {
  readonly posted: ToForecastWorker[] = [];
  terminated = false;
  postMessage(m: ToForecastWorker): void {
    this.posted.push(m);
    if (m.type === 'stop') queueMicrotask(() => this.emit('exit', 0));
  }
  terminate(): Promise<number> {
    this.terminated = true;
    queueMicrotask(() => this.emit('exit', 1));
    return Promise.resolve(1);
  }
  send(m: FromForecastWorker): void {
    this.emit('message', m);
  }
  get forecastRequests(): number[] {
    return this.posted.flatMap((m) => (m.type === 'observe' && m.forecast ? [m.ts] : []));
  }
}

const DRIFT = { status: 'no_reference' } as DriftReport;
const T0 = Date.UTC(2026, 5, 1, 18);

function setup(over: Partial<ForecastServiceOptions> = {}) {
  const workers: FakeWorker[] = [];
  const got: { forecasts: ZoneForecast[]; ts: EpochMs }[] = [];
  const logs: string[] = [];
  let wall = 0;
  const svc = startForecastService({
    venue, venueFile: VENUE_FILE, startMs: T0, everyS: 5, stallMs: 1000, backoffMs: 10, maxBackoffMs: 40,
    onForecasts: (forecasts, ts) => got.push({ forecasts, ts }), log: (m) => logs.push(m),
    spawnWorker: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    wallNow: () => wall,
    ...over,
  });
  return { svc, workers, got, logs, advanceWall: (ms: number) => { wall += ms; } };
}

const tick = (s: number): EpochMs => asEpochMs(T0 + s * 1000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('every state is posted; a forecast is asked every 5 s of event time, one at a time, once the model is ready', async () => {
  const { svc, workers, got } = setup();
  const w = workers[0]!;
  svc.submit([], tick(0));
  assert.deepEqual(w.forecastRequests, [], 'not before ready');
  w.send({ type: 'ready', modelVersion: 'm@1', referenceWapeByHorizon: null });
  for (let s = 1; s <= 12; s++) svc.submit([], tick(s));
  assert.deepEqual(w.forecastRequests, [tick(1)], 'the next one waits for the answer');
  w.send({ type: 'forecasts', ts: tick(1), forecasts: [], inferenceMs: 4, drift: DRIFT });
  for (let s = 13; s <= 20; s++) svc.submit([], tick(s));
  assert.deepEqual(w.forecastRequests, [tick(1), tick(13)]);
  assert.equal(w.posted.filter((m) => m.type === 'observe').length, 21, 'every tick is observed');
  assert.equal(got.length, 1);
  assert.equal(svc.counters.forecasts, 1);
  assert.equal(svc.inference.count, 1);
  assert.equal(svc.maxAgeMs, 15_000);
  assert.deepEqual(svc.status(), { state: 'ok', modelVersion: 'm@1', drift: DRIFT });
  await svc.stop();
});

test('a worker that does not answer in time is replaced, with backoff, and forecasts resume', async () => {
  const { svc, workers, logs, advanceWall } = setup();
  workers[0]!.send({ type: 'ready', modelVersion: 'm@1', referenceWapeByHorizon: null });
  svc.submit([], tick(0));
  advanceWall(999);
  svc.submit([], tick(1));
  assert.equal(workers[0]!.terminated, false, 'within the limit');
  advanceWall(2);
  svc.submit([], tick(2));
  assert.equal(workers[0]!.terminated, true);
  assert.equal(svc.counters.stalls, 1);
  await sleep(0);
  assert.equal(svc.status().state, 'down');
  svc.submit([], tick(3)); // down: dropped, never blocks
  await sleep(50);
  assert.equal(workers.length, 2, 'restarted');
  assert.equal(svc.counters.restarts, 1);
  assert.ok(logs.some((l) => /stalled/.test(l)) && logs.some((l) => /restart in 10 ms/.test(l)), logs.join('\n'));
  workers[1]!.send({ type: 'ready', modelVersion: 'm@1', referenceWapeByHorizon: null });
  svc.submit([], tick(4));
  assert.deepEqual(workers[1]!.forecastRequests, [tick(4)]);
  await svc.stop();
});

test('crashes restart with doubling backoff up to the cap; a good forecast resets it; stop ends it', async () => {
  const { svc, workers, logs } = setup();
  for (let i = 0; i < 4; i++) {
    workers[i]!.emit('exit', 1);
    await sleep(100);
  }
  assert.equal(workers.length, 5);
  assert.deepEqual(logs.map((l) => /restart in (\d+) ms/.exec(l)?.[1]), ['10', '20', '40', '40']);
  const w = workers[4]!;
  w.send({ type: 'ready', modelVersion: 'm@1', referenceWapeByHorizon: null });
  svc.submit([], tick(0));
  w.send({ type: 'forecasts', ts: tick(0), forecasts: [], inferenceMs: 1, drift: DRIFT });
  w.emit('exit', 1);
  assert.match(logs.at(-1)!, /restart in 10 ms/, 'backoff reset after a forecast');
  await svc.stop();
  await sleep(50);
  assert.equal(workers.length, 5, 'no restart after stop');
});

test('a model error is counted and logged once while it repeats, and frees the next request', async () => {
  const { svc, workers, logs } = setup();
  const w = workers[0]!;
  w.send({ type: 'ready', modelVersion: 'm@1', referenceWapeByHorizon: null });
  svc.submit([], tick(0));
  w.send({ type: 'error', message: 'boom' });
  svc.submit([], tick(5));
  w.send({ type: 'error', message: 'boom' });
  assert.deepEqual(w.forecastRequests, [tick(0), tick(5)]);
  assert.equal(svc.counters.errors, 2);
  assert.equal(logs.filter((l) => /boom/.test(l)).length, 1);
  await svc.stop();
});

test('impossible settings are refused with their range', () => {
  assert.throws(() => setup({ everyS: 0 }), /`forecast.everyS` 0 not in \[1, 300\]/);
});
