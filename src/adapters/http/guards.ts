/** Bearer-token users with a minimum role, and HTTP Basic sensors (sensor id : key). */
import type { FastifyRequest } from 'fastify';
import { ROLE_RANK, type Role } from '../../contracts/index.ts';
import type { HttpApp, User } from './app-port.ts';
import { fail } from './errors.ts';

export function bearerToken(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return h.slice(7).trim();
  const q = (req.query as Record<string, unknown> | undefined)?.token;
  return typeof q === 'string' && req.url.startsWith('/ws') ? q : null;
}

export function requireUser(app: HttpApp, req: FastifyRequest, role: Role): User {
  const token = bearerToken(req);
  const user = token ? app.authenticate(token) : null;
  if (!user) fail('CF_ERR_AUTH', 'sign in first: send Authorization: Bearer <token> from POST /api/v1/auth/login');
  if (ROLE_RANK[user.role] < ROLE_RANK[role]) fail('CF_ERR_FORBIDDEN', `this needs the ${role} role; you are ${user.role}`);
  return user;
}

export function requireSensor(app: HttpApp, req: FastifyRequest): string {
  const h = req.headers.authorization;
  if (!h?.startsWith('Basic ')) fail('CF_ERR_SENSOR_AUTH', 'sensors authenticate with HTTP Basic: sensor id as user, sensor key as password');
  const decoded = Buffer.from(h.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const sensorId = colon > 0 ? decoded.slice(0, colon) : '';
  const key = colon > 0 ? decoded.slice(colon + 1) : '';
  if (!sensorId || !app.authenticateSensor(sensorId, key)) fail('CF_ERR_SENSOR_AUTH', 'unknown sensor or wrong key');
  return sensorId;
}
