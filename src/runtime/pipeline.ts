/**
 * The pipeline of one venue: log → stream → risk → decide → hub/store. Two triggers drive it:
 * - `wake()` after ingest accepted readings: drain the log from the processor's offset; the zones
 *   those readings changed are scored and decided at once (early firing), so an alert leaves
 *   within milliseconds of the reading that caused it, never waiting for a window to close.
 * - `tick()` every hop (1 s) of processing time: every zone's state, a console snapshot, and a
 *   checkpoint of the processor state with its log offset, stored in one transaction.
 * Work is serialised: one drain or tick at a time, in log order.
 * Forecasts: each tick's states go to the forecast service (a worker; never awaited); the forecasts
 * it sends back are kept per zone and used while fresh (≤ 3 forecast intervals old, event time) in
 * risk (predicted_congestion), decisions (ML policy) and the snapshot. Without fresh ones the
 * pipeline decides exactly as it would with no forecasting at all.
 */
import { performance } from 'node:perf_hooks';
import {
  CONSOLE_SCHEMA, type Alert, type ConsoleMessage, type EpochMs, type LoggedReading, type Recommendation,
  type RiskAssessment, type ZoneForecast, type ZoneState,
} from '../contracts/index.ts';
import type { Store } from '../store/index.ts';
import type { Venue } from '../venue/index.ts';
import type { Clock } from './clock.ts';
import { ForecastBook } from './forecast-book.ts';
import { forecastHealth, forecastHistograms, forecastMetricSamples } from './forecast-health.ts';
import type { ForecastService } from './forecast-service.ts';
import type { Hub } from './hub.ts';
import { LatencyHistogram, type MetricSample } from './metrics.ts';

export interface StreamPort {
  /** Readings in log order; each changed window's state once, after the batch. */
  processBatch(batch: readonly LoggedReading[]): ZoneState[];
  tick(nowMs: EpochMs): ZoneState[];
  readonly offset: number;
  readonly stats: Readonly<Record<string, number>>;
  checkpoint(): { offset: number; state: unknown };
  /** Readings that arrived after the allowed lateness since the last call (bounded). */
  takeLateRecords(): LoggedReading[];
}

export type DecisionMode = 'rules' | 'ml+rules' | 'rules (ml circuit open)';

export interface DecisionPort {
  tick(input: {
    ts: EpochMs; venue: Venue; states: readonly ZoneState[]; risks: readonly RiskAssessment[]; forecasts: readonly ZoneForecast[];
  }): Promise<{ alerts: Alert[]; recommendations: Recommendation[]; mode: DecisionMode }>;
}

export interface PipelineDeps {
  readonly venue: Venue;
  readonly store: Store;
  readonly clock: Clock;
  readonly hub: Hub;
  readonly stream: StreamPort;
  readonly assess: (state: ZoneState, forecast: ZoneForecast | null) => RiskAssessment;
  readonly decisions: DecisionPort;
  /**
   * How often the processor state is checkpointed (processing time). The log is durable on its
   * own, so this bounds only the replay after a restart, not what can be lost; serialising the
   * state costs tens of milliseconds, which every tick would add to alert latency.
   */
  readonly checkpointIntervalMs?: number;
  /** Called for each newly raised or changed alert/recommendation after it is stored (notifications). */
  readonly onDecided?: (d: { alerts: Alert[]; recommendations: Recommendation[] }) => void;
  /** After each tick's snapshot (approval expiry). */
  readonly onTick?: (now: EpochMs) => void;
  /** The forecast service; absent: no forecasts (risk and decisions run on states alone). */
  readonly forecasts?: ForecastService | null;
}

export const STREAM_CHECKPOINT = 'stream';
const DRAIN_BATCH = 2000;
export const DEFAULT_CHECKPOINT_INTERVAL_MS = 10_000;

export class Pipeline {
  private readonly latest = new Map<string, { state: ZoneState; risk: RiskAssessment }>();
  private lastSnapshot: Extract<ConsoleMessage, { type: 'snapshot' }> | null = null;
  private mode: DecisionMode = 'rules';
  private queue: Promise<void> = Promise.resolve();
  private drainScheduled = false;
  private closed = false;
  private lastCheckpointMs = -Infinity;
  /**
   * The late-record output: readings too late for any window (they stay in the log; their
   * windows were final). The newest are kept for operators (`GET /api/v1/late-records`).
   */
  readonly lateRecords: LoggedReading[] = [];
  static readonly LATE_RECORDS_KEPT = 1000;
  readonly counters = { drained: 0, ticks: 0, decisionErrors: 0 };
  /** Processing time from a reading's acceptance to the decisions on the states it changed. */
  readonly ingestToDecision = new LatencyHistogram();
  /** Wall time of each tick (all zones scored and decided, snapshot pushed) and of each checkpoint. */
  readonly tickDuration = new LatencyHistogram();
  readonly checkpointDuration = new LatencyHistogram();

  /** The latest forecast per zone, acted on only while fresh. */
  private readonly book: ForecastBook;
  private lastStatesTs = -Infinity;

  constructor(private readonly deps: PipelineDeps) {
    this.book = new ForecastBook(deps.forecasts?.maxAgeMs ?? 15_000);
  }

  /** Forecasts from the service (any time; they take effect from the next decision). */
  acceptForecasts(forecasts: readonly ZoneForecast[]): void {
    this.book.accept(forecasts);
  }

  /** Forecast serving lines for /metrics. */
  forecastMetrics(): { samples: MetricSample[]; histograms: ReturnType<typeof forecastHistograms> } {
    const service = this.deps.forecasts ?? null;
    const health = this.lastSnapshot?.forecastHealth ?? forecastHealth(service, null);
    return { samples: forecastMetricSamples(service, health), histograms: forecastHistograms(service) };
  }

  /** New readings are in the log: drain them soon (coalesces bursts). */
  wake(): void {
    if (this.drainScheduled || this.closed) return;
    this.drainScheduled = true;
    this.enqueue(async () => {
      this.drainScheduled = false;
      await this.drain();
    });
  }

  tick(): Promise<void> {
    return this.enqueue(() => this.runTick());
  }

  snapshot(): Extract<ConsoleMessage, { type: 'snapshot' }> | null {
    return this.lastSnapshot;
  }

  get decisionMode(): DecisionMode {
    return this.mode;
  }

  /** Waits for queued work, checkpoints, then stops accepting more. */
  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    this.checkpoint();
  }

  /** Resolves when everything queued so far has run (tests, shutdown). */
  idle(): Promise<void> {
    return this.queue;
  }

  private enqueue(job: () => Promise<void>): Promise<void> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async drain(): Promise<void> {
    const { store, stream } = this.deps;
    for (;;) {
      const batch = store.log.readAfter(stream.offset, DRAIN_BATCH);
      if (batch.length === 0) return;
      // One state per changed zone per batch: under load a batch holds many readings, and the
      // states in between would be decided on only to be superseded at once.
      const changed = new Map<string, ZoneState>();
      for (const s of stream.processBatch(batch)) changed.set(s.zoneId, s);
      this.counters.drained += batch.length;
      const late = stream.takeLateRecords();
      if (late.length > 0) {
        this.lateRecords.push(...late);
        this.lateRecords.splice(0, Math.max(0, this.lateRecords.length - Pipeline.LATE_RECORDS_KEPT));
      }
      if (changed.size > 0) await this.decide([...changed.values()]);
      // receivedAt is the Clock's time: under an accelerated clock this is scaled by the factor.
      const doneAt = this.deps.clock.now();
      for (const r of batch) this.ingestToDecision.observe(Math.max(0, doneAt - r.receivedAt) / 1000);
    }
  }

  private async runTick(): Promise<void> {
    await this.drain();
    const started = performance.now();
    const now = this.deps.clock.now();
    const states = this.deps.stream.tick(now);
    // Event time of this hop's states: forecasts made from them carry it, so they are never
    // newer than the states they are later used with.
    const statesTs = states.length > 0 ? states[0]!.ts : now;
    const forecasts = this.deps.forecasts;
    if (forecasts) {
      // A forecast can be no fresher than the ticks that ask for it: 3 intervals of whichever is longer.
      const stepMs = statesTs - this.lastStatesTs;
      this.book.maxAgeMs = 3 * Math.max(forecasts.everyMs, Number.isFinite(stepMs) && stepMs > 0 ? stepMs : 0);
      forecasts.submit(states, statesTs);
    }
    this.lastStatesTs = statesTs;
    await this.decide(states);
    this.counters.ticks++;
    this.lastSnapshot = {
      type: 'snapshot',
      ts: now,
      zones: states.map((s) => ({ state: s, risk: this.latest.get(s.zoneId)!.risk, forecast: this.book.fresh(s.zoneId, s.ts) })),
      mode: { decisions: this.mode },
      forecastHealth: forecastHealth(this.deps.forecasts ?? null, this.book.ageMs(statesTs)),
    };
    this.deps.hub.publish(this.lastSnapshot);
    this.deps.onTick?.(now);
    this.tickDuration.observe((performance.now() - started) / 1000);
    if (now - this.lastCheckpointMs >= (this.deps.checkpointIntervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS)) this.checkpoint();
  }

  /** Stores the processor state with the log offset it reflects (one row, one transaction). */
  checkpoint(): void {
    const started = performance.now();
    const now = this.deps.clock.now();
    this.deps.store.checkpoints.save(STREAM_CHECKPOINT, this.deps.stream.checkpoint(), now);
    this.lastCheckpointMs = now;
    this.checkpointDuration.observe((performance.now() - started) / 1000);
  }

  private async decide(states: ZoneState[]): Promise<void> {
    const { venue, store, hub, assess, decisions, clock } = this.deps;
    const forecasts: ZoneForecast[] = [];
    const risks = states.map((s) => {
      const forecast = this.book.fresh(s.zoneId, s.ts);
      if (forecast !== null) forecasts.push(forecast);
      const risk = assess(s, forecast);
      this.latest.set(s.zoneId, { state: s, risk });
      return risk;
    });
    let out: Awaited<ReturnType<DecisionPort['tick']>>;
    try {
      out = await decisions.tick({ ts: clock.now(), venue, states, risks, forecasts });
    } catch {
      // The decision engine promises never to reject; if it does anyway, count it and go on.
      this.counters.decisionErrors++;
      return;
    }
    this.mode = out.mode;
    // A replay after a restart decides again what was decided before the crash: the ids are
    // deterministic, so a record already stored (maybe acknowledged or approved since) is kept.
    const alerts = out.alerts.filter((a) => store.alerts.get(a.id) === null);
    const recommendations = out.recommendations.filter((r) => store.recommendations.get(r.id) === null);
    if (alerts.length === 0 && recommendations.length === 0) return;
    store.transaction(() => {
      for (const a of alerts) store.alerts.upsert(a);
      for (const r of recommendations) {
        store.recommendations.upsert(r);
        store.audit.append({ ts: clock.now(), actor: r.source, action: 'recommendation.create', subject: r.id, detail: { zoneId: r.zoneId, action: r.action, status: r.status, ruleId: r.explanation.ruleId } });
      }
    });
    for (const alert of alerts) hub.publish({ type: 'alert', alert });
    for (const recommendation of recommendations) hub.publish({ type: 'recommendation', recommendation });
    this.deps.onDecided?.({ alerts, recommendations });
  }
}

export function helloMessage(user: { username: string; role: string }, venueId: string, now: EpochMs): Extract<ConsoleMessage, { type: 'hello' }> {
  return { type: 'hello', schema: CONSOLE_SCHEMA, user: user as never, venueId, serverTime: now };
}
