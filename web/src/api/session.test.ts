import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clearSession, loadSession, parseExpiry, saveSession, toSession } from './session.ts';

class MemoryStorage {
  private readonly items = new Map<string, string>();
  get length(): number { return this.items.size; }
  clear(): void { this.items.clear(); }
  getItem(k: string): string | null { return this.items.get(k) ?? null; }
  key(i: number): string | null { return [...this.items.keys()][i] ?? null; }
  removeItem(k: string): void { this.items.delete(k); }
  setItem(k: string, v: string): void { this.items.set(k, v); }
}

const login = { token: 't1', user: { username: 'ana', role: 'operator' }, expiresAt: '2026-11-21T12:00:00.000Z' };

test('a login response becomes a session; expiry as ISO date or epoch ms', () => {
  const s = toSession(login);
  assert.deepEqual(s, { token: 't1', user: { username: 'ana', role: 'operator' }, expiresAtMs: Date.parse(login.expiresAt) });
  assert.equal(parseExpiry(1_700_000_000_000), 1_700_000_000_000);
  assert.equal(parseExpiry('not a date'), null);
});

test('malformed sessions are refused: no token, unknown role, no expiry', () => {
  assert.equal(toSession({ ...login, token: '' }), null);
  assert.equal(toSession({ ...login, user: { username: 'ana', role: 'root' } }), null);
  assert.equal(toSession({ ...login, expiresAt: undefined }), null);
  assert.equal(toSession('token'), null);
});

test('a saved session survives a reload until it expires, then is removed', () => {
  const storage = new MemoryStorage();
  const s = toSession(login)!;
  saveSession(storage, s);
  assert.deepEqual(loadSession(storage, s.expiresAtMs - 1), s);
  assert.equal(loadSession(storage, s.expiresAtMs), null);
  assert.equal(storage.length, 0);
});

test('garbage in storage is no session; clear removes it', () => {
  const storage = new MemoryStorage();
  storage.setItem('crowdflow.session', '{not json');
  assert.equal(loadSession(storage, 0), null);
  saveSession(storage, toSession(login)!);
  clearSession(storage);
  assert.equal(loadSession(storage, 0), null);
});
