/**
 * The login session, kept in sessionStorage so a reload keeps the operator logged in while
 * closing the tab logs them out. Only the token and the user's name and role are stored.
 */
import type { Role } from './records.ts';

export interface Session {
  token: string;
  user: { username: string; role: Role };
  /** Epoch ms after which the server will refuse the token. */
  expiresAtMs: number;
}

const KEY = 'crowdflow.session';
const ROLES: readonly string[] = ['viewer', 'operator', 'supervisor', 'admin'];

/** Accepts `expiresAt` as epoch ms or an ISO date; null when it is neither. */
export function parseExpiry(expiresAt: unknown): number | null {
  if (typeof expiresAt === 'number' && Number.isFinite(expiresAt)) return expiresAt;
  if (typeof expiresAt === 'string') {
    const ms = Date.parse(expiresAt);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

/** A session from untrusted JSON (storage or the login response), or null if malformed. */
export function toSession(raw: unknown): Session | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  const user = r.user as Record<string, unknown> | undefined;
  const expiresAtMs = parseExpiry(r.expiresAtMs ?? r.expiresAt);
  if (typeof r.token !== 'string' || r.token === '' || typeof user !== 'object' || user === null) return null;
  if (typeof user.username !== 'string' || typeof user.role !== 'string' || !ROLES.includes(user.role)) return null;
  if (expiresAtMs === null) return null;
  return { token: r.token, user: { username: user.username, role: user.role as Role }, expiresAtMs };
}

export function loadSession(storage: Storage, nowMs: number): Session | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(storage.getItem(KEY) ?? 'null');
  } catch {
    return null;
  }
  const session = toSession(parsed);
  if (session === null || session.expiresAtMs <= nowMs) {
    storage.removeItem(KEY);
    return null;
  }
  return session;
}

export function saveSession(storage: Storage, session: Session): void {
  storage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(storage: Storage): void {
  storage.removeItem(KEY);
}
