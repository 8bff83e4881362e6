/**
 * Users, API tokens and per-sensor keys. Passwords are stored as salted scrypt hashes (people
 * choose guessable ones, so each guess must be slow); tokens and sensor keys are random secrets
 * of 192+ bits, which no stretching makes safer, so a salted SHA-256 keeps their check cheap.
 */
import { randomBytes, scryptSync, timingSafeEqual, createHash } from 'node:crypto';
import { ROLE_RANK, type Role } from '../contracts/index.ts';
import type { Db } from './sqlite.ts';

export interface User {
  readonly username: string;
  readonly role: Role;
}

export interface CredentialStore {
  userCount(): number;
  createUser(username: string, password: string, role: Role, at: number): void;
  setPassword(username: string, password: string): void;
  verifyPassword(username: string, password: string): User | null;
  listUsers(): User[];
  issueToken(username: string, ttlMs: number, now: number): { token: string; expiresAt: number };
  verifyToken(token: string, now: number): User | null;
  revokeToken(token: string): void;
  setSensorKey(sensorId: string, key: string, at: number): void;
  hasSensorKey(sensorId: string): boolean;
  verifySensorKey(sensorId: string, key: string): boolean;
}

const SCRYPT_KEYLEN = 32;
/** N = 2^14: a login costs tens of milliseconds. */
const SCRYPT_OPTS = { N: 1 << 14, r: 8, p: 1 };

function hashSecret(secret: string, salt: string): string {
  return scryptSync(secret, salt, SCRYPT_KEYLEN, SCRYPT_OPTS).toString('hex');
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

export function randomSecret(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

export function createCredentialStore(db: Db): CredentialStore {
  const insertUser = db.prepare('INSERT INTO users (username, role, salt, hash, created_at) VALUES (?, ?, ?, ?, ?)');
  const updatePw = db.prepare('UPDATE users SET salt = ?, hash = ? WHERE username = ?');
  const getUser = db.prepare('SELECT username, role, salt, hash FROM users WHERE username = ?');
  const users = db.prepare('SELECT username, role FROM users ORDER BY username');
  const countUsers = db.prepare('SELECT COUNT(*) FROM users').pluck();
  const insertToken = db.prepare('INSERT INTO tokens (token_hash, username, expires_at) VALUES (?, ?, ?)');
  const getToken = db.prepare('SELECT u.username, u.role, t.expires_at FROM tokens t JOIN users u ON u.username = t.username WHERE t.token_hash = ?');
  const delToken = db.prepare('DELETE FROM tokens WHERE token_hash = ?');
  const purgeTokens = db.prepare('DELETE FROM tokens WHERE expires_at <= ?');
  const putKey = db.prepare(
    'INSERT INTO sensor_keys (sensor_id, salt, hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(sensor_id) DO UPDATE SET salt = excluded.salt, hash = excluded.hash, created_at = excluded.created_at',
  );
  const getKey = db.prepare('SELECT salt, hash FROM sensor_keys WHERE sensor_id = ?');
  // Sensor keys are checked on every HTTP batch: remember the last good key per sensor.
  const verifiedKeys = new Map<string, string>();

  return {
    userCount: () => countUsers.get() as number,
    createUser(username, password, role, at) {
      if (!(role in ROLE_RANK)) throw new Error(`unknown role ${role}`);
      const salt = randomSecret(16);
      insertUser.run(username, role, salt, hashSecret(password, salt), at);
    },
    setPassword(username, password) {
      const salt = randomSecret(16);
      updatePw.run(salt, hashSecret(password, salt), username);
    },
    verifyPassword(username, password) {
      const row = getUser.get(username) as { username: string; role: Role; salt: string; hash: string } | undefined;
      if (!row) {
        hashSecret(password, 'no-such-user'); // same cost either way: no user enumeration by timing
        return null;
      }
      return sameHash(hashSecret(password, row.salt), row.hash) ? { username: row.username, role: row.role } : null;
    },
    listUsers: () => users.all() as User[],
    issueToken(username, ttlMs, now) {
      purgeTokens.run(now);
      const token = randomSecret(32);
      const expiresAt = now + ttlMs;
      insertToken.run(sha256(token), username, expiresAt);
      return { token, expiresAt };
    },
    verifyToken(token, now) {
      const row = getToken.get(sha256(token)) as { username: string; role: Role; expires_at: number } | undefined;
      return row && row.expires_at > now ? { username: row.username, role: row.role } : null;
    },
    revokeToken: (token) => void delToken.run(sha256(token)),
    setSensorKey(sensorId, key, at) {
      const salt = randomSecret(16);
      putKey.run(sensorId, salt, sha256(`${salt}:${key}`), at);
      verifiedKeys.delete(sensorId);
    },
    hasSensorKey: (sensorId) => getKey.get(sensorId) !== undefined,
    verifySensorKey(sensorId, key) {
      const fingerprint = sha256(`${sensorId}\u0000${key}`);
      if (verifiedKeys.get(sensorId) === fingerprint) return true;
      const row = getKey.get(sensorId) as { salt: string; hash: string } | undefined;
      if (!row || !sameHash(sha256(`${row.salt}:${key}`), row.hash)) return false;
      verifiedKeys.set(sensorId, fingerprint);
      return true;
    },
  };
}
