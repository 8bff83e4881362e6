/**
 * Helpers for end-to-end tests: a runtime on free ports in a temporary data dir (in this
 * process, or as a child process that a test can SIGKILL), console logins and WebSocket clients.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import type { ConsoleMessage } from '../../src/contracts/index.ts';
import type { NotifyConfig } from '../../src/notify/index.ts';
import type { Clock } from '../../src/runtime/clock.ts';
import { startEmbedded, type EmbeddedRuntime } from '../../src/runtime/embedded.ts';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const PILOT_VENUE = join(ROOT, 'venues', 'pilot-arena.yaml');
export const PILOT_PLAYBOOK = join(ROOT, 'rules', 'pilot-arena.yaml');
export const ADMIN_PASSWORD = 'test-admin-password-1234';

export function tempDir(prefix = 'crowdflow-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export async function startTestRuntime(dataDir: string, overrides: { tickMs?: number; webRoot?: string | null; notify?: NotifyConfig; stream?: Record<string, number>; clock?: Clock } = {}): Promise<EmbeddedRuntime> {
  return startEmbedded({
    venue: PILOT_VENUE,
    playbook: PILOT_PLAYBOOK,
    preset: join(ROOT, 'presets', 'stadium-concert.yaml'),
    dataDir,
    http: { host: '127.0.0.1', port: 0 },
    mqtt: { host: '127.0.0.1', port: 0 },
    tickMs: overrides.tickMs ?? 1000,
    durability: 'normal',
    logLevel: 'silent',
    webRoot: overrides.webRoot === undefined ? null : overrides.webRoot,
    env: { CROWDFLOW_ADMIN_PASSWORD: ADMIN_PASSWORD },
    notify: overrides.notify,
    stream: overrides.stream,
    clock: overrides.clock,
  });
}

export interface ChildRuntime {
  readonly httpUrl: string;
  readonly mqttUrl: string;
  readonly sensorKeys: Record<string, string>;
  readonly process: ChildProcess;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts the runtime in a child process (test/e2e/child-runtime.ts) and waits for its ports. */
export async function startChildRuntime(dataDir: string): Promise<ChildRuntime> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'e2e', 'child-runtime.ts'), dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, CROWDFLOW_ADMIN_PASSWORD: ADMIN_PASSWORD },
  });
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  const ready = await new Promise<{ httpUrl: string; mqttUrl: string; sensorKeys: Record<string, string> }>((res, rej) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => rej(new Error('child runtime did not start within 30 s')), 30_000);
    lines.on('line', (line) => {
      if (!line.startsWith('READY ')) return;
      clearTimeout(timer);
      res(JSON.parse(line.slice(6)) as { httpUrl: string; mqttUrl: string; sensorKeys: Record<string, string> });
    });
    child.once('exit', (code) => rej(new Error(`child runtime exited with ${code} before it was ready`)));
  });
  return {
    ...ready,
    process: child,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

export async function login(httpUrl: string, username = 'admin', password = ADMIN_PASSWORD): Promise<string> {
  const res = await fetch(`${httpUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

export async function api<T>(httpUrl: string, token: string, path: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(`${httpUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** A console WebSocket session that records every message. */
export class ConsoleClient {
  readonly messages: ConsoleMessage[] = [];
  private waiters: Array<() => void> = [];
  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)) as ConsoleMessage);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static connect(httpUrl: string, token: string): Promise<ConsoleClient> {
    const ws = new WebSocket(`${httpUrl.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(token)}`);
    ws.on('open', () => (ws as WebSocket & { _socket?: { setNoDelay(v: boolean): void } })._socket?.setNoDelay(true));
    return new Promise((res, rej) => {
      const client = new ConsoleClient(ws);
      ws.once('open', () => res(client));
      ws.once('error', rej);
      ws.once('unexpected-response', (_req, r) => rej(new Error(`WebSocket refused: ${r.statusCode}`)));
    });
  }

  /** Resolves with the first message (from now or already received) matching `pred`. */
  async waitFor<T extends ConsoleMessage>(pred: (m: ConsoleMessage) => m is T, timeoutMs?: number): Promise<T>;
  async waitFor(pred: (m: ConsoleMessage) => boolean, timeoutMs?: number): Promise<ConsoleMessage>;
  async waitFor(pred: (m: ConsoleMessage) => boolean, timeoutMs = 10_000): Promise<ConsoleMessage> {
    const deadline = Date.now() + timeoutMs;
    let seen = 0;
    for (;;) {
      for (; seen < this.messages.length; seen++) if (pred(this.messages[seen]!)) return this.messages[seen]!;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching console message within ${timeoutMs} ms (${this.messages.length} received)`);
      await new Promise<void>((res) => {
        const t = setTimeout(res, left);
        this.waiters.push(() => {
          clearTimeout(t);
          res();
        });
      });
    }
  }

  close(): void {
    this.ws.close();
  }
}

export async function waitUntil(cond: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
