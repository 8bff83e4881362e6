/**
 * The application behind the HTTP/WebSocket adapter: sessions, operator actions with their
 * audit records, live settings. Every state change an operator makes is stored, audited and
 * pushed to every console.
 */
import {
  CrowdflowError, ROLE_RANK, type Alert, type AuditRecord, type EpochMs, type Recommendation, type Role,
} from '../contracts/index.ts';
import type { HttpApp, User } from '../adapters/index.ts';
import { acknowledgeAlert, approveRecommendation, rejectRecommendation, resolveAlert } from '../decide/index.ts';
import type { DeadLetter, Store } from '../store/index.ts';
import { randomSecret } from '../store/index.ts';
import { venueSummary, type Venue, type VenueSummary } from '../venue/index.ts';
import { TOKEN_TTL_MS } from './auth.ts';
import type { Clock } from './clock.ts';
import type { Hub } from './hub.ts';
import type { IngestService } from './ingest-service.ts';
import { helloMessage, type Pipeline } from './pipeline.ts';
import type { LiveSettings } from './settings.ts';
import { renderMetrics, type MetricSample } from './metrics.ts';

export interface AppDeps {
  readonly venue: Venue;
  readonly store: Store;
  readonly clock: Clock;
  readonly hub: Hub;
  readonly ingest: IngestService;
  readonly pipeline: Pipeline;
  readonly settings: LiveSettings;
  readonly extraStats?: () => Record<string, unknown>;
  readonly streamStats: () => Readonly<Record<string, number>>;
  /** After an operator changed a record (notifications, dispatch of approved recommendations). */
  readonly onChanged?: (record: { alert: Alert } | { recommendation: Recommendation }) => void;
}

export function createApp(d: AppDeps): HttpApp {
  const summary: VenueSummary = venueSummary(d.venue);
  const now = (): EpochMs => d.clock.now();
  // Sessions and their expiry run on wall time even when the demo runs accelerated.
  const wallNow = (): number => Date.now();

  const findAlert = (id: string): Alert => d.store.alerts.get(id) ?? notFound('alert', id);
  const findRec = (id: string): Recommendation => d.store.recommendations.get(id) ?? notFound('recommendation', id);

  const saveAlert = (a: Alert, actor: string, action: string): Alert => {
    d.store.transaction(() => {
      d.store.alerts.upsert(a);
      d.store.audit.append({ ts: now(), actor, action, subject: a.id, detail: { zoneId: a.zoneId, status: a.status } });
    });
    d.hub.publish({ type: 'alert', alert: a });
    d.onChanged?.({ alert: a });
    return a;
  };
  const saveRec = (r: Recommendation, actor: string, action: string): Recommendation => {
    d.store.transaction(() => {
      d.store.recommendations.upsert(r);
      d.store.audit.append({ ts: now(), actor, action, subject: r.id, detail: { zoneId: r.zoneId, status: r.status, reason: r.reason, action: r.action } });
    });
    d.hub.publish({ type: 'recommendation', recommendation: r });
    d.onChanged?.({ recommendation: r });
    return r;
  };

  return {
    venueSummary: () => summary,
    login(username, password) {
      const user = d.store.credentials.verifyPassword(username, password);
      d.store.audit.append({ ts: now(), actor: username, action: user ? 'auth.login' : 'auth.login_failed', subject: username });
      if (!user) return null;
      const { token, expiresAt } = d.store.credentials.issueToken(user.username, TOKEN_TTL_MS, wallNow());
      return { token, user, expiresAt };
    },
    logout: (token) => d.store.credentials.revokeToken(token),
    authenticate: (token) => d.store.credentials.verifyToken(token, wallNow()),
    authenticateSensor: (sensorId, key) => d.store.credentials.verifySensorKey(sensorId, key),
    ingestPayload: (payload, sensor) => d.ingest.acceptPayload(payload, 'http', sensor),
    snapshot: () => d.pipeline.snapshot(),
    hello: (user) => helloMessage(user, d.venue.id, now()),
    subscribe: (listener) => d.hub.subscribe(listener),
    listAlerts: (status) => d.store.alerts.list(status === 'all' ? {} : { status }),
    acknowledgeAlert: (id, user) => saveAlert(acknowledgeAlert(findAlert(id), user.username, now()), user.username, 'alert.acknowledge'),
    resolveAlert: (id, user) => saveAlert(resolveAlert(findAlert(id), user.username, now()), user.username, 'alert.resolve'),
    listRecommendations: (status) => d.store.recommendations.list(status === 'all' ? {} : { status }),
    approveRecommendation: (id, user) =>
      saveRec(approveRecommendation(findRec(id), user.username, user.role, now()), user.username, 'recommendation.approve'),
    rejectRecommendation: (id, user, reason) =>
      saveRec(rejectRecommendation(findRec(id), user.username, user.role, now(), reason), user.username, 'recommendation.reject'),
    deadLetters: (afterSeq, limit): DeadLetter[] => d.store.deadLetters.list({ afterSeq, limit }),
    lateRecords: (limit) => d.pipeline.lateRecords.slice(-limit).reverse(),
    audit: (afterSeq, limit): AuditRecord[] => d.store.audit.list({ afterSeq, limit }),
    stats: () => ({
      venueId: d.venue.id,
      ingest: { ...d.ingest.counters },
      log: { count: d.store.log.count(), lastOffset: d.store.log.lastOffset() },
      deadLetters: { count: d.store.deadLetters.count(), byCode: d.store.deadLetters.countByCode() },
      pipeline: { ...d.pipeline.counters },
      ...d.extraStats?.(),
    }),
    createUser(by, input): User {
      if (ROLE_RANK[input.role as Role] === undefined) throw new CrowdflowError('CF_ERR_READING_SCHEMA', `unknown role ${input.role}`);
      try {
        d.store.credentials.createUser(input.username, input.password, input.role, now());
      } catch {
        throw new CrowdflowError('CF_ERR_CONFLICT', `user "${input.username}" exists`);
      }
      d.store.audit.append({ ts: now(), actor: by.username, action: 'user.create', subject: input.username, detail: { role: input.role } });
      return { username: input.username, role: input.role };
    },
    rotateSensorKey(by, sensorId) {
      if (!d.venue.sensorById.has(sensorId as never) && !d.venue.gatewayById.has(sensorId as never)) notFound('sensor or gateway', sensorId);
      const key = randomSecret(24);
      d.store.credentials.setSensorKey(sensorId, key, now());
      d.store.audit.append({ ts: now(), actor: by.username, action: 'sensor.key_rotate', subject: sensorId });
      return { sensorId, key };
    },
    metrics: () => renderMetrics([...metricSamples(d), ...d.pipeline.forecastMetrics().samples], [
      { name: 'crowdflow_ingest_to_decision_seconds', help: 'From a reading accepted to the decisions on the zone states it changed', h: d.pipeline.ingestToDecision },
      { name: 'crowdflow_tick_seconds', help: 'One hop: every zone scored and decided, snapshot pushed', h: d.pipeline.tickDuration },
      { name: 'crowdflow_checkpoint_seconds', help: 'Serialising and storing the stream state with its offset', h: d.pipeline.checkpointDuration },
      ...d.pipeline.forecastMetrics().histograms,
    ]),
    getSettings: () => d.settings.current(),
    changeSettings(by, patch) {
      const { settings, changes } = d.settings.change(patch, now());
      d.store.audit.append({ ts: now(), actor: by.username, action: 'settings.change', subject: 'settings', detail: { patch, changes } });
      return settings;
    },
  };
}

function notFound(kind: string, id: string): never {
  throw new CrowdflowError('CF_ERR_NOT_FOUND', `no ${kind} "${id}"`);
}

function metricSamples(d: AppDeps): MetricSample[] {
  const c = d.ingest.counters;
  const stream = d.streamStats();
  const snap = d.pipeline.snapshot();
  const zones = snap?.zones ?? [];
  const mode = d.pipeline.decisionMode;
  return [
    { name: 'crowdflow_ingest_readings_total', help: 'Readings received, by outcome', type: 'counter', values: [
      { labels: { outcome: 'accepted' }, value: c.accepted },
      { labels: { outcome: 'duplicate' }, value: c.duplicates },
      { labels: { outcome: 'rejected' }, value: c.rejected },
    ] },
    { name: 'crowdflow_stream_late_total', help: 'Readings too late for any window (kept in the log, listed at /api/v1/late-records)', type: 'counter', values: [{ value: stream.late ?? 0 }] },
    { name: 'crowdflow_stream_late_corrected_total', help: 'Late readings that corrected their windows', type: 'counter', values: [{ value: stream.lateCorrected ?? 0 }] },
    { name: 'crowdflow_stream_counts_recovered_total', help: 'People counted in line-count or ticket readings that never arrived, brought back by the counters\' running totals', type: 'counter', values: [{ value: stream.countsRecovered ?? 0 }] },
    { name: 'crowdflow_stream_counter_restarts_total', help: 'Counters whose running totals went backwards (a restarted device)', type: 'counter', values: [{ value: stream.counterRestarts ?? 0 }] },
    { name: 'crowdflow_log_offset', help: 'Highest offset in the reading log', type: 'gauge', values: [{ value: d.store.log.lastOffset() }] },
    { name: 'crowdflow_pipeline_ticks_total', help: 'Hops processed', type: 'counter', values: [{ value: d.pipeline.counters.ticks }] },
    { name: 'crowdflow_decision_errors_total', help: 'Decision ticks that failed outright', type: 'counter', values: [{ value: d.pipeline.counters.decisionErrors }] },
    { name: 'crowdflow_decision_mode', help: 'Which decision source is in charge (1 = current)', type: 'gauge', values: (['rules', 'ml+rules', 'rules (ml circuit open)'] as const).map((m) => ({ labels: { mode: m }, value: m === mode ? 1 : 0 })) },
    { name: 'crowdflow_zone_density', help: 'Fused density per zone, p/m² (absent when unknown)', type: 'gauge', values: zones.filter((z) => z.state.density !== null).map((z) => ({ labels: { zone: z.state.zoneId }, value: z.state.density! })) },
    { name: 'crowdflow_zone_risk_score', help: 'CrowdSafe risk score per zone', type: 'gauge', values: zones.filter((z) => z.risk.score !== null).map((z) => ({ labels: { zone: z.state.zoneId }, value: z.risk.score! })) },
    { name: 'crowdflow_zone_unknown', help: 'Zones with no usable source', type: 'gauge', values: [{ value: zones.filter((z) => z.state.status === 'unknown').length }] },
    { name: 'crowdflow_alerts_open', help: 'Open alerts', type: 'gauge', values: [{ value: d.store.alerts.count('open') }] },
    { name: 'crowdflow_console_sessions', help: 'Connected console WebSockets', type: 'gauge', values: [{ value: d.hub.size }] },
  ];
}
