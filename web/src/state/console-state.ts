/**
 * Everything the console shows that arrives live, as one immutable state and a pure reducer:
 * `reduce(state, event) → state`. Receipt times come in with the events (the reducer never
 * reads a clock), which keeps "how old is what I see" testable.
 */
import type {
  Alert, ConsoleMessage, DecisionMode, ForecastHealth, HelloMessage, Recommendation, SnapshotZone,
} from '../api/index.ts';
import { isActiveAlert, isPendingRecommendation, newerAlert, newerRecommendation } from './lifecycle.ts';

/** A record with the sequence number of the event that last touched it. */
export interface Stamped<T> {
  record: T;
  seq: number;
}

export interface ConsoleState {
  /** Incremented by every event; lets a REST sync tell records it saw from records pushed during it. */
  seq: number;
  hello: HelloMessage | null;
  /** The latest snapshot's zones by zone id; a zone absent from it is unknown, never safe. */
  zones: ReadonlyMap<string, SnapshotZone>;
  /** Event time of the latest snapshot. */
  snapshotTs: number | null;
  /** Wall time at which the latest snapshot was received: the age shown to operators. */
  snapshotReceivedAtMs: number | null;
  mode: DecisionMode | null;
  /** Forecast serving and drift as of the latest snapshot; null from servers without forecasting. */
  forecastHealth: ForecastHealth | null;
  alerts: ReadonlyMap<string, Stamped<Alert>>;
  recommendations: ReadonlyMap<string, Stamped<Recommendation>>;
  /** True once the simulator has sent agent positions (the positions go to AgentFrames). */
  agentsSeen: boolean;
}

export type ConsoleEvent =
  | { type: 'message'; message: ConsoleMessage; receivedAtMs: number }
  /** A record returned by one of our own REST actions (acknowledge, approve, …). */
  | { type: 'alert-changed'; alert: Alert }
  | { type: 'recommendation-changed'; recommendation: Recommendation }
  /** History fetched on demand (e.g. resolved alerts): merged, nothing removed. */
  | { type: 'alerts-loaded'; alerts: readonly Alert[] }
  /**
   * The server's full list of active alerts (or pending recommendations) as of a fetch started
   * when the state was at `startedSeq`. Local active records stamped at or before it and absent
   * from the list were closed while we were not listening, and leave the active view.
   */
  | { type: 'alerts-synced'; alerts: readonly Alert[]; startedSeq: number }
  | { type: 'recommendations-synced'; recommendations: readonly Recommendation[]; startedSeq: number };

/** Bounds on kept history: closed records beyond these are dropped, oldest first; active ones never. */
export const MAX_ALERTS = 500;
export const MAX_RECOMMENDATIONS = 300;

export const initialConsoleState: ConsoleState = {
  seq: 0,
  hello: null,
  zones: new Map(),
  snapshotTs: null,
  snapshotReceivedAtMs: null,
  mode: null,
  forecastHealth: null,
  alerts: new Map(),
  recommendations: new Map(),
  agentsSeen: false,
};

export function reduceConsole(state: ConsoleState, event: ConsoleEvent): ConsoleState {
  // Agent frames come every second and change nothing here after the first: returning the
  // same state lets React skip the render.
  if (event.type === 'message' && event.message.type === 'agents') {
    return state.agentsSeen ? state : { ...state, agentsSeen: true };
  }
  const seq = state.seq + 1;
  switch (event.type) {
    case 'message':
      return reduceMessage({ ...state, seq }, event.message, event.receivedAtMs);
    case 'alert-changed':
      return { ...state, seq, alerts: upsertAlerts(state.alerts, [event.alert], seq) };
    case 'alerts-loaded':
      return { ...state, seq, alerts: upsertAlerts(state.alerts, event.alerts, seq) };
    case 'recommendation-changed':
      return { ...state, seq, recommendations: upsertRecommendations(state.recommendations, [event.recommendation], seq) };
    case 'alerts-synced': {
      const merged = new Map(upsertAlerts(state.alerts, event.alerts, seq));
      const listed = new Set(event.alerts.map((a) => a.id as string));
      for (const [id, s] of merged) {
        if (isActiveAlert(s.record) && s.seq <= event.startedSeq && !listed.has(id)) merged.delete(id);
      }
      return { ...state, seq, alerts: merged };
    }
    case 'recommendations-synced': {
      const merged = new Map(upsertRecommendations(state.recommendations, event.recommendations, seq));
      const listed = new Set(event.recommendations.map((r) => r.id as string));
      for (const [id, s] of merged) {
        if (isPendingRecommendation(s.record) && s.seq <= event.startedSeq && !listed.has(id)) merged.delete(id);
      }
      return { ...state, seq, recommendations: merged };
    }
  }
}

function reduceMessage(state: ConsoleState, msg: ConsoleMessage, receivedAtMs: number): ConsoleState {
  switch (msg.type) {
    case 'hello':
      // A new connection: the server may have restarted or be replaying from an earlier event
      // time, so the next snapshot is taken whatever its time. The old zones stay on screen
      // (aged, hence flagged stale) until it comes.
      return { ...state, hello: msg, snapshotTs: null };
    case 'snapshot': {
      // Within one connection, a snapshot older than the one shown is a straggler: ignore it.
      if (state.snapshotTs !== null && msg.ts < state.snapshotTs) return state;
      const zones = new Map<string, SnapshotZone>();
      for (const z of msg.zones) zones.set(z.state.zoneId, z);
      return { ...state, zones, snapshotTs: msg.ts, snapshotReceivedAtMs: receivedAtMs, mode: msg.mode.decisions, forecastHealth: msg.forecastHealth ?? null };
    }
    case 'alert':
      return { ...state, alerts: upsertAlerts(state.alerts, [msg.alert], state.seq) };
    case 'recommendation':
      return { ...state, recommendations: upsertRecommendations(state.recommendations, [msg.recommendation], state.seq) };
    case 'agents':
      return state;
  }
}

function upsertAlerts(
  current: ReadonlyMap<string, Stamped<Alert>>, incoming: readonly Alert[], seq: number,
): ReadonlyMap<string, Stamped<Alert>> {
  const next = new Map(current);
  for (const a of incoming) {
    const kept = newerAlert(next.get(a.id)?.record, a);
    next.set(a.id, { record: kept, seq });
  }
  return trim(next, MAX_ALERTS, isActiveAlert);
}

function upsertRecommendations(
  current: ReadonlyMap<string, Stamped<Recommendation>>, incoming: readonly Recommendation[], seq: number,
): ReadonlyMap<string, Stamped<Recommendation>> {
  const next = new Map(current);
  for (const r of incoming) {
    const kept = newerRecommendation(next.get(r.id)?.record, r);
    next.set(r.id, { record: kept, seq });
  }
  return trim(next, MAX_RECOMMENDATIONS, isPendingRecommendation);
}

/** Drops the oldest records that are no longer active until at most `max` remain. */
function trim<T extends { ts: number }>(
  map: Map<string, Stamped<T>>, max: number, isActive: (r: T) => boolean,
): Map<string, Stamped<T>> {
  if (map.size <= max) return map;
  const closed = [...map.entries()].filter(([, s]) => !isActive(s.record)).sort((a, b) => a[1].record.ts - b[1].record.ts);
  for (const [id] of closed) {
    if (map.size <= max) break;
    map.delete(id);
  }
  return map;
}
