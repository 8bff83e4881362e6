/**
 * The typed client of the server's REST API (`/api/v1`). A 401 on any call after login means
 * the session is over: `onUnauthorized` sends the operator back to the login screen.
 */
import { ApiError, field, isArrayOfObjects, isObject, requestJson } from './http.ts';
import type { FetchFn, RequestOptions } from './http.ts';
import { toSession } from './session.ts';
import type { Session } from './session.ts';
import type { Alert, AlertStatus, Recommendation, VenueSummary } from './records.ts';

export type AlertFilter = AlertStatus | 'all';
export type RecommendationFilter = 'pending_approval' | 'all';

export interface ApiClient {
  getVenue(): Promise<VenueSummary>;
  listAlerts(status: AlertFilter): Promise<Alert[]>;
  acknowledgeAlert(id: string): Promise<Alert>;
  resolveAlert(id: string): Promise<Alert>;
  listRecommendations(status: RecommendationFilter): Promise<Recommendation[]>;
  approveRecommendation(id: string): Promise<Recommendation>;
  rejectRecommendation(id: string, reason: string): Promise<Recommendation>;
  /** Revokes the token on the server. */
  logout(): Promise<void>;
}

export async function login(fetchFn: FetchFn, username: string, password: string): Promise<Session> {
  const body = await requestJson(fetchFn, '/api/v1/auth/login', { method: 'POST', body: { username, password } });
  const session = toSession(body);
  if (session === null) throw new ApiError(200, 'CF_ERR_RESPONSE', 'expected { token, user: { username, role }, expiresAt } from login');
  return session;
}

export function createApiClient(fetchFn: FetchFn, token: string, onUnauthorized: () => void): ApiClient {
  const call = async (path: string, opts: Omit<RequestOptions, 'token'> = {}): Promise<unknown> => {
    try {
      return await requestJson(fetchFn, path, { ...opts, token });
    } catch (err) {
      if (err instanceof ApiError && err.unauthorized) onUnauthorized();
      throw err;
    }
  };
  const id = (s: string): string => encodeURIComponent(s);
  const alertOf = (body: unknown): Alert => field<Alert>(body, 'alert', isObject, 'an alert');
  const recOf = (body: unknown): Recommendation => field<Recommendation>(body, 'recommendation', isObject, 'a recommendation');

  return {
    getVenue: async () => {
      const body = await call('/api/v1/venue');
      field(body, 'zones', isArrayOfObjects, 'an array of zones');
      field(body, 'bounds', isObject, 'the venue bounds');
      return body as VenueSummary;
    },
    listAlerts: async (status) =>
      field<Alert[]>(await call(`/api/v1/alerts?status=${status}`), 'alerts', isArrayOfObjects, 'an array of alerts'),
    acknowledgeAlert: async (alertId) => alertOf(await call(`/api/v1/alerts/${id(alertId)}/acknowledge`, { method: 'POST' })),
    resolveAlert: async (alertId) => alertOf(await call(`/api/v1/alerts/${id(alertId)}/resolve`, { method: 'POST' })),
    listRecommendations: async (status) =>
      field<Recommendation[]>(
        await call(`/api/v1/recommendations?status=${status}`), 'recommendations', isArrayOfObjects, 'an array of recommendations',
      ),
    approveRecommendation: async (recId) =>
      recOf(await call(`/api/v1/recommendations/${id(recId)}/approve`, { method: 'POST' })),
    rejectRecommendation: async (recId, reason) =>
      recOf(await call(`/api/v1/recommendations/${id(recId)}/reject`, { method: 'POST', body: { reason } })),
    logout: async () => {
      await requestJson(fetchFn, '/api/v1/auth/logout', { method: 'POST', token });
    },
  };
}
