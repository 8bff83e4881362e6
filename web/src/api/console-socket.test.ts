import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectConsole, consoleSocketUrl } from './console-socket.ts';
import type { SocketLike, SocketStatus } from './console-socket.ts';
import type { ConsoleMessage } from './records.ts';

class FakeSocket implements SocketLike {
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  closedWith: number | null = null;
  constructor(readonly url: string) {}
  close(code?: number): void { this.closedWith = code ?? 1005; }
  serverOpens(): void { this.onopen?.({}); }
  serverSends(msg: unknown): void { this.onmessage?.({ data: JSON.stringify(msg) }); }
  serverCloses(code = 1006): void { this.onclose?.({ code }); }
}

/** Timers driven by hand: `advance(ms)` fires, in order, every timer due by then. */
function harness(opts: { silenceMs?: number; failCreates?: number } = {}) {
  let failCreates = opts.failCreates ?? 0;
  let now = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const sockets: FakeSocket[] = [];
  const statuses: SocketStatus[] = [];
  const messages: ConsoleMessage[] = [];
  const opened: boolean[] = [];
  let authRejected = 0;
  const feed = connectConsole({
    url: 'ws://h/ws?token=t',
    createSocket: (url) => {
      if (failCreates > 0) {
        failCreates -= 1;
        throw new Error('SecurityError');
      }
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    setTimer: (fn, ms) => {
      const id = nextId++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimer: (h) => void timers.delete(h as number),
    nowMs: () => now,
    random: () => 0.5,
    onMessage: (m) => messages.push(m),
    onStatus: (s) => statuses.push(s),
    onOpened: (re) => opened.push(re),
    onAuthRejected: () => authRejected++,
    backoff: { baseMs: 100, capMs: 1000 },
    ...(opts.silenceMs !== undefined ? { silenceMs: opts.silenceMs } : {}),
  });
  const advance = (ms: number): void => {
    const until = now + ms;
    for (;;) {
      const due = [...timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (due === undefined) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].fn();
    }
    now = until;
  };
  return { feed, sockets, statuses, messages, opened, advance, now: () => now, authRejected: () => authRejected, pendingTimers: () => timers.size };
}

test('messages are parsed and delivered; junk frames are dropped', () => {
  const h = harness();
  h.sockets[0]!.serverOpens();
  h.sockets[0]!.serverSends({ type: 'agents', ts: 1, positions: [] });
  h.sockets[0]!.onmessage?.({ data: 'garbage' });
  assert.equal(h.messages.length, 1);
  assert.equal(h.statuses.at(-1)!.phase, 'open');
  assert.deepEqual(h.opened, [false]);
  h.feed.stop();
});

test('a dropped socket reconnects after the backoff delay, and the reconnection asks for a refetch', () => {
  const h = harness();
  h.sockets[0]!.serverOpens();
  h.sockets[0]!.serverCloses(1006);
  const waiting = h.statuses.at(-1)!;
  assert.equal(waiting.phase, 'waiting');
  assert.equal(waiting.retryAtMs, 100); // max(base, round(min(cap, base·2^0) × 0.5))
  h.advance(99);
  assert.equal(h.sockets.length, 1);
  h.advance(1);
  assert.equal(h.sockets.length, 2);
  h.sockets[1]!.serverOpens();
  assert.deepEqual(h.opened, [false, true]);
  h.feed.stop();
});

test('repeated failures back off further, and an open resets the count', () => {
  const h = harness();
  const delays: number[] = [];
  for (let i = 0; i < 4; i++) {
    h.sockets.at(-1)!.serverCloses();
    const wait = h.statuses.at(-1)!.retryAtMs! - h.now();
    delays.push(wait);
    h.advance(wait);
  }
  // Draw 0.5 of ceilings 100, 200, 400, 800, never below the 100 ms base.
  assert.deepEqual(delays, [100, 100, 200, 400]);
  assert.equal(h.sockets.length, 5);
  h.sockets.at(-1)!.serverOpens();
  assert.equal(h.statuses.at(-1)!.failures, 0);
  h.sockets.at(-1)!.serverCloses();
  assert.equal(h.statuses.at(-1)!.retryAtMs! - h.now(), 100);
  h.feed.stop();
});

test('an open socket that goes silent is dropped and replaced', () => {
  const h = harness({ silenceMs: 5000 });
  h.sockets[0]!.serverOpens();
  h.advance(4000);
  h.sockets[0]!.serverSends({ type: 'agents', ts: 1, positions: [] }); // resets the watchdog
  h.advance(4999);
  assert.equal(h.sockets[0]!.closedWith, null);
  h.advance(1);
  assert.equal(h.sockets[0]!.closedWith, 4000);
  assert.equal(h.statuses.at(-1)!.phase, 'waiting');
  h.advance(1000);
  assert.equal(h.sockets.length, 2);
  h.feed.stop();
});

test('an auth close code is reported, and reconnecting continues', () => {
  const h = harness();
  h.sockets[0]!.serverCloses(4401);
  assert.equal(h.authRejected(), 1);
  h.sockets.length = 1;
  h.advance(1000);
  assert.equal(h.sockets.length, 2);
  h.feed.stop();
});

test('stop closes the socket and leaves no timer behind; nothing reconnects after', () => {
  const h = harness();
  h.sockets[0]!.serverOpens();
  h.feed.stop();
  assert.equal(h.sockets[0]!.closedWith, 1000);
  assert.equal(h.statuses.at(-1)!.phase, 'stopped');
  assert.equal(h.pendingTimers(), 0);
  h.sockets[0]!.serverCloses(); // handlers are detached: no effect
  h.advance(60_000);
  assert.equal(h.sockets.length, 1);
});

test('a socket constructor that throws is retried like a dropped connection', () => {
  const h = harness({ failCreates: 2 });
  assert.equal(h.sockets.length, 0);
  assert.equal(h.statuses.at(-1)!.phase, 'waiting');
  h.advance(1000);
  h.advance(1000);
  assert.equal(h.sockets.length, 1);
  h.feed.stop();
});

test('retryNow skips the wait', () => {
  const h = harness();
  h.sockets[0]!.serverCloses();
  h.feed.retryNow();
  assert.equal(h.sockets.length, 2);
  h.feed.stop();
});

test('the socket URL follows the page protocol and escapes the token', () => {
  assert.equal(consoleSocketUrl({ protocol: 'https:', host: 'x.org' }, 'a b&c'), 'wss://x.org/ws?token=a%20b%26c');
  assert.equal(consoleSocketUrl({ protocol: 'http:', host: 'localhost:8080' }, 't'), 'ws://localhost:8080/ws?token=t');
});
