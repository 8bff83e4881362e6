import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiClient, login } from './client.ts';
import { ApiError } from './http.ts';
import type { FetchFn } from './http.ts';

interface Call { url: string; method: string; headers: Record<string, string>; body: string | undefined }

function fakeFetch(status: number, body: unknown): { fetchFn: FetchFn; calls: Call[] } {
  const calls: Call[] = [];
  const fetchFn: FetchFn = async (url, init) => {
    calls.push({ url, method: init?.method ?? 'GET', headers: init?.headers as Record<string, string>, body: init?.body as string | undefined });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
  };
  return { fetchFn, calls };
}

test('login posts the credentials and returns the session', async () => {
  const { fetchFn, calls } = fakeFetch(200, { token: 'abc', user: { username: 'sam', role: 'supervisor' }, expiresAt: 5000 });
  const s = await login(fetchFn, 'sam', 'pw');
  assert.equal(s.token, 'abc');
  assert.equal(s.user.role, 'supervisor');
  assert.equal(calls[0]!.url, '/api/v1/auth/login');
  assert.equal(calls[0]!.method, 'POST');
  assert.deepEqual(JSON.parse(calls[0]!.body!), { username: 'sam', password: 'pw' });
});

test('a refused login is an ApiError with the server code', async () => {
  const { fetchFn } = fakeFetch(401, { error: { code: 'CF_ERR_AUTH', message: 'bad credentials' } });
  await assert.rejects(login(fetchFn, 'sam', 'x'), (e: unknown) => e instanceof ApiError && e.unauthorized && e.code === 'CF_ERR_AUTH');
});

test('every call carries the bearer token; ids are URL-encoded', async () => {
  const { fetchFn, calls } = fakeFetch(200, { alert: { id: 'a/1' } });
  const api = createApiClient(fetchFn, 'tok', () => assert.fail('not a 401'));
  await api.acknowledgeAlert('a/1');
  assert.equal(calls[0]!.url, '/api/v1/alerts/a%2F1/acknowledge');
  assert.equal(calls[0]!.method, 'POST');
  assert.equal(calls[0]!.headers.authorization, 'Bearer tok');
});

test('reject sends the reason in the body', async () => {
  const { fetchFn, calls } = fakeFetch(200, { recommendation: { id: 'r1', status: 'rejected' } });
  const api = createApiClient(fetchFn, 'tok', () => undefined);
  const rec = await api.rejectRecommendation('r1', 'stewards already there');
  assert.equal(rec.status, 'rejected');
  assert.equal(calls[0]!.url, '/api/v1/recommendations/r1/reject');
  assert.deepEqual(JSON.parse(calls[0]!.body!), { reason: 'stewards already there' });
  assert.equal(calls[0]!.headers['content-type'], 'application/json');
});

test('401 ends the session through onUnauthorized; 403 does not', async () => {
  let ended = 0;
  const unauthorized = createApiClient(fakeFetch(401, { error: { code: 'CF_ERR_AUTH', message: 'expired' } }).fetchFn, 't', () => ended++);
  await assert.rejects(unauthorized.listAlerts('open'), (e: unknown) => e instanceof ApiError && e.unauthorized);
  assert.equal(ended, 1);
  const forbidden = createApiClient(fakeFetch(403, { error: { code: 'CF_ERR_FORBIDDEN', message: 'supervisor only' } }).fetchFn, 't', () => ended++);
  await assert.rejects(forbidden.approveRecommendation('r1'), (e: unknown) => e instanceof ApiError && e.forbidden && e.code === 'CF_ERR_FORBIDDEN');
  assert.equal(ended, 1);
});

test('a reply of the wrong shape fails loudly with CF_ERR_RESPONSE', async () => {
  const api = createApiClient(fakeFetch(200, { alerts: 'none' }).fetchFn, 't', () => undefined);
  await assert.rejects(api.listAlerts('all'), (e: unknown) => e instanceof ApiError && e.code === 'CF_ERR_RESPONSE');
  const html = createApiClient(fakeFetch(200, '<html>').fetchFn, 't', () => undefined);
  await assert.rejects(html.getVenue(), (e: unknown) => e instanceof ApiError && e.code === 'CF_ERR_RESPONSE');
});

test('an unreachable server is CF_ERR_NETWORK', async () => {
  const api = createApiClient(async () => { throw new TypeError('fetch failed'); }, 't', () => undefined);
  await assert.rejects(api.listRecommendations('pending_approval'), (e: unknown) => e instanceof ApiError && e.code === 'CF_ERR_NETWORK' && e.status === 0);
});

test('an error without a JSON body still has a code', async () => {
  const api = createApiClient(fakeFetch(502, 'Bad gateway').fetchFn, 't', () => undefined);
  await assert.rejects(api.getVenue(), (e: unknown) => e instanceof ApiError && e.code === 'HTTP_502');
});

test('logout revokes the token and does not end the session through the 401 path', async () => {
  const { fetchFn, calls } = fakeFetch(200, { ok: true });
  const api = createApiClient(fetchFn, 'tok', () => assert.fail('logout is not a 401'));
  await api.logout();
  assert.equal(calls[0]!.url, '/api/v1/auth/logout');
  assert.equal(calls[0]!.method, 'POST');
  assert.equal(calls[0]!.headers.authorization, 'Bearer tok');
});
