/**
 * The server never runs open. On the first start an admin is created with a random password
 * printed once (or CROWDFLOW_ADMIN_PASSWORD); every sensor of the venue gets a random key,
 * stored hashed in the database and written once to `<dataDir>/sensor-keys.json` (mode 0600) for
 * provisioning the sensors.
 */
import { existsSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { ROLE_RANK, type Role } from '../contracts/index.ts';
import { randomSecret, type Store, type User } from '../store/index.ts';
import type { Venue } from '../venue/index.ts';

export const TOKEN_TTL_MS = 12 * 3_600_000;

export interface BootstrapResult {
  /** Set only when this start created the admin with a generated password (print it once). */
  readonly generatedAdminPassword: string | null;
  readonly adminUsername: string;
}

export function bootstrapAdmin(store: Store, now: number, env: NodeJS.ProcessEnv = process.env): BootstrapResult {
  const username = env.CROWDFLOW_ADMIN_USER ?? 'admin';
  if (store.credentials.userCount() > 0) return { generatedAdminPassword: null, adminUsername: username };
  const fromEnv = env.CROWDFLOW_ADMIN_PASSWORD;
  if (fromEnv !== undefined && fromEnv.length < 12) throw new Error('CF_ERR_CONFIG: CROWDFLOW_ADMIN_PASSWORD must be at least 12 characters');
  const password = fromEnv ?? randomSecret(15);
  store.credentials.createUser(username, password, 'admin', now);
  store.audit.append({ ts: now, actor: 'system', action: 'user.create', subject: username, detail: { role: 'admin' } });
  return { generatedAdminPassword: fromEnv ? null : password, adminUsername: username };
}

/** Keys of the venue's sensors and edge gateways: existing ones are read from the key file, missing ones created. */
export function ensureSensorKeys(store: Store, venue: Venue, dataDir: string, now: number): Record<string, string> {
  const file = join(dataDir, 'sensor-keys.json');
  const keys: Record<string, string> = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  let changed = false;
  for (const s of [...venue.sensors, ...venue.gateways]) {
    if (keys[s.id] && store.credentials.hasSensorKey(s.id)) continue;
    if (!keys[s.id] && store.credentials.hasSensorKey(s.id)) continue; // provisioned elsewhere; key not known here
    const key = keys[s.id] ?? randomSecret(24);
    store.credentials.setSensorKey(s.id, key, now);
    keys[s.id] = key;
    changed = true;
  }
  if (changed) {
    writeFileSync(file, JSON.stringify(keys, null, 2) + '\n', { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return keys;
}

export function hasRole(user: User, needed: Role): boolean {
  return ROLE_RANK[user.role] >= ROLE_RANK[needed];
}
