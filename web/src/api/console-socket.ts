/**
 * The console's live feed: a WebSocket to `/ws?token=…` that reconnects with backoff, and a
 * watchdog that drops a connection which went silent (the server sends a snapshot every
 * second, so silence means a half-open socket, not a quiet venue).
 * Sockets, timers and randomness are injected so the reconnect logic runs under test.
 */
import { backoffDelayMs, DEFAULT_BACKOFF } from './backoff.ts';
import type { BackoffPolicy } from './backoff.ts';
import { parseConsoleMessage } from './console-message.ts';
import type { ConsoleMessage } from './records.ts';

export type SocketPhase = 'connecting' | 'open' | 'waiting' | 'stopped';

export interface SocketStatus {
  phase: SocketPhase;
  /** Failed attempts since the last successful open. */
  failures: number;
  /** When `waiting`, the epoch ms of the next attempt. */
  retryAtMs: number | null;
}

/**
 * An event handler slot, checked bivariantly (method syntax) so that the DOM's
 * `(ev: MessageEvent) => any` and a test double's `(ev: { data }) => void` both fit.
 */
type Handler<E> = { handle(ev: E): void }['handle'];

/** The part of the DOM WebSocket this module uses. */
export interface SocketLike {
  onopen: Handler<unknown> | null;
  onmessage: Handler<{ data: unknown }> | null;
  onclose: Handler<{ code: number }> | null;
  onerror: Handler<unknown> | null;
  close(code?: number): void;
}

export interface ConsoleSocketDeps {
  url: string;
  createSocket: (url: string) => SocketLike;
  setTimer: (fn: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
  nowMs: () => number;
  random: () => number;
  onMessage: (msg: ConsoleMessage) => void;
  onStatus: (status: SocketStatus) => void;
  /**
   * Called on every successful connection: time to refetch alerts and recommendations, since
   * those raised while the socket was down (or before it first opened) were never pushed.
   */
  onOpened: (isReconnect: boolean) => void;
  /** The server closed with an auth code (4401 or 1008): the token is likely no longer valid. */
  onAuthRejected: () => void;
  backoff?: BackoffPolicy;
  /** Silence after which an open socket is presumed dead. */
  silenceMs?: number;
}

export interface ConsoleSocket {
  /** Skip the wait and try now (e.g. the browser came back online). */
  retryNow(): void;
  stop(): void;
}

const AUTH_CLOSE_CODES = new Set([4401, 1008]);

export function connectConsole(deps: ConsoleSocketDeps): ConsoleSocket {
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;
  const silenceMs = deps.silenceMs ?? 10_000;
  let socket: SocketLike | null = null;
  let retryTimer: unknown = null;
  let watchdog: unknown = null;
  let failures = 0;
  let everOpened = false;
  let stopped = false;

  const report = (phase: SocketPhase, retryAtMs: number | null = null): void =>
    deps.onStatus({ phase, failures, retryAtMs });

  const armWatchdog = (): void => {
    if (watchdog !== null) deps.clearTimer(watchdog);
    watchdog = deps.setTimer(() => {
      watchdog = null;
      const silent = socket;
      dropped();
      silent?.close(4000);
    }, silenceMs);
  };

  const detach = (): void => {
    if (socket !== null) socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    socket = null;
    if (watchdog !== null) deps.clearTimer(watchdog);
    watchdog = null;
  };

  const dropped = (): void => {
    detach();
    if (stopped) return;
    const delay = backoffDelayMs(failures, deps.random(), backoff);
    failures += 1;
    retryTimer = deps.setTimer(() => {
      retryTimer = null;
      open();
    }, delay);
    report('waiting', deps.nowMs() + delay);
  };

  const open = (): void => {
    if (stopped) return;
    report('connecting');
    let s: SocketLike;
    try {
      s = deps.createSocket(deps.url);
    } catch {
      // The constructor itself can refuse (a malformed URL, a blocked port): retry like a drop.
      dropped();
      return;
    }
    socket = s;
    s.onopen = () => {
      failures = 0;
      report('open');
      armWatchdog();
      deps.onOpened(everOpened);
      everOpened = true;
    };
    s.onmessage = (ev) => {
      armWatchdog();
      if (typeof ev.data !== 'string') return;
      const msg = parseConsoleMessage(ev.data);
      if (msg !== null) deps.onMessage(msg);
    };
    s.onclose = (ev) => {
      if (AUTH_CLOSE_CODES.has(ev.code)) deps.onAuthRejected();
      dropped();
    };
    // An error is always followed by close; reconnecting happens there.
    s.onerror = () => {};
  };

  open();
  return {
    retryNow() {
      if (stopped || retryTimer === null) return;
      deps.clearTimer(retryTimer);
      retryTimer = null;
      open();
    },
    stop() {
      stopped = true;
      if (retryTimer !== null) deps.clearTimer(retryTimer);
      retryTimer = null;
      const s = socket;
      detach();
      s?.close(1000);
      report('stopped');
    },
  };
}

/** ws: or wss: by the page's protocol, same host. */
export function consoleSocketUrl(location: { protocol: string; host: string }, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws?token=${encodeURIComponent(token)}`;
}
