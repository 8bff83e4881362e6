/** The operator API under /api/v1 (see docs/API.md): auth, venue, zones, alerts, recommendations, admin. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Role, type Role as RoleT } from '../../contracts/index.ts';
import type { HttpApp, User } from './app-port.ts';
import { fail, sendError } from './errors.ts';
import { bearerToken, requireUser } from './guards.ts';

type Handler = (req: FastifyRequest, user: User) => unknown;

const LoginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });
const RejectBody = z.object({ reason: z.string().trim().min(1, 'a reason is required').max(500) });
const UserBody = z.object({ username: z.string().regex(/^[a-z][a-z0-9_.-]{1,31}$/), password: z.string().min(12).max(256), role: Role });

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body ?? {});
  if (!r.success) fail('CF_ERR_READING_SCHEMA', r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return r.data;
}

export function registerApiRoutes(fastify: FastifyInstance, app: HttpApp): void {
  const route = (method: 'GET' | 'POST', url: string, role: RoleT, handler: Handler): void => {
    fastify.route({
      method,
      url,
      handler: async (req: FastifyRequest, reply: FastifyReply) => {
        try {
          const user = requireUser(app, req, role);
          return reply.send(await handler(req, user));
        } catch (e) {
          return sendError(reply, e);
        }
      },
    });
  };
  const param = (req: FastifyRequest, name: string): string => String((req.params as Record<string, string>)[name]);
  const query = (req: FastifyRequest, name: string, dflt: string): string => {
    const v = (req.query as Record<string, unknown>)[name];
    return typeof v === 'string' ? v : dflt;
  };

  fastify.get('/healthz', async () => ({ status: 'ok' }));
  fastify.get('/metrics', async (req, reply) => {
    try {
      requireUser(app, req, 'viewer');
      return reply.type('text/plain; version=0.0.4').send(app.metrics());
    } catch (e) {
      return sendError(reply, e);
    }
  });

  fastify.post('/api/v1/auth/login', async (req, reply) => {
    try {
      const { username, password } = parseBody(LoginBody, req.body);
      const session = app.login(username, password);
      if (!session) fail('CF_ERR_AUTH', 'wrong username or password');
      return reply.send(session);
    } catch (e) {
      return sendError(reply, e);
    }
  });
  route('POST', '/api/v1/auth/logout', 'viewer', (req) => {
    const token = bearerToken(req);
    if (token) app.logout(token);
    return { ok: true };
  });
  route('GET', '/api/v1/me', 'viewer', (_req, user) => ({ user }));

  route('GET', '/api/v1/venue', 'viewer', () => app.venueSummary());
  route('GET', '/api/v1/zones', 'viewer', () => app.snapshot() ?? { type: 'snapshot', ts: null, zones: [] });
  route('GET', '/api/v1/stats', 'viewer', () => app.stats());

  route('GET', '/api/v1/alerts', 'viewer', (req) => ({ alerts: app.listAlerts(query(req, 'status', 'all')) }));
  route('POST', '/api/v1/alerts/:id/acknowledge', 'operator', (req, user) => ({ alert: app.acknowledgeAlert(param(req, 'id'), user) }));
  route('POST', '/api/v1/alerts/:id/resolve', 'operator', (req, user) => ({ alert: app.resolveAlert(param(req, 'id'), user) }));

  route('GET', '/api/v1/recommendations', 'viewer', (req) => ({ recommendations: app.listRecommendations(query(req, 'status', 'all')) }));
  route('POST', '/api/v1/recommendations/:id/approve', 'supervisor', (req, user) => ({ recommendation: app.approveRecommendation(param(req, 'id'), user) }));
  route('POST', '/api/v1/recommendations/:id/reject', 'supervisor', (req, user) => ({
    recommendation: app.rejectRecommendation(param(req, 'id'), user, parseBody(RejectBody, req.body).reason),
  }));

  route('GET', '/api/v1/dead-letters', 'operator', (req) => ({
    deadLetters: app.deadLetters(Number(query(req, 'after', '0')) || 0, Math.min(1000, Number(query(req, 'limit', '100')) || 100)),
  }));
  route('GET', '/api/v1/late-records', 'operator', (req) => ({
    lateRecords: app.lateRecords(Math.min(1000, Number(query(req, 'limit', '100')) || 100)),
  }));
  route('GET', '/api/v1/audit', 'supervisor', (req) => ({
    audit: app.audit(Number(query(req, 'after', '0')) || 0, Math.min(1000, Number(query(req, 'limit', '200')) || 200)),
  }));
  route('GET', '/api/v1/settings', 'viewer', () => ({ settings: app.getSettings() }));
  route('POST', '/api/v1/settings', 'admin', (req, user) => ({ settings: app.changeSettings(user, (req.body ?? {}) as Record<string, unknown>) }));
  route('POST', '/api/v1/users', 'admin', (req, user) => ({ user: app.createUser(user, parseBody(UserBody, req.body)) }));
  route('POST', '/api/v1/sensors/:id/key', 'admin', (req, user) => app.rotateSensorKey(user, param(req, 'id')));
}
