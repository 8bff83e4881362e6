/**
 * Wires the live feed into the console state: opens the socket, and on every (re)connection
 * and every failed attempt refetches the active alerts and pending recommendations, since
 * anything raised while the socket was down was never pushed.
 */
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { Dispatch } from 'react';
import type { ApiClient, SocketStatus } from '../api/index.ts';
import { connectConsole, consoleSocketUrl } from '../api/index.ts';
import { createAgentFrames } from './agent-frames.ts';
import type { AgentFrames } from './agent-frames.ts';
import { initialConsoleState, reduceConsole } from './console-state.ts';
import type { ConsoleEvent, ConsoleState } from './console-state.ts';

export interface ConsoleFeed {
  state: ConsoleState;
  /** Agent positions, delivered to the map's canvas without going through React state. */
  agentFrames: AgentFrames;
  dispatch: Dispatch<ConsoleEvent>;
  socket: SocketStatus;
  browserOnline: boolean;
  /** Last failure of a background refetch, shown until the next one succeeds. */
  syncError: string | null;
}

export function useConsoleFeed(api: ApiClient, token: string): ConsoleFeed {
  const [state, dispatch] = useReducer(reduceConsole, initialConsoleState);
  const [agentFrames] = useState(createAgentFrames);
  const [socket, setSocket] = useState<SocketStatus>({ phase: 'connecting', failures: 0, retryAtMs: null });
  const [browserOnline, setBrowserOnline] = useState(() => navigator.onLine);
  const [syncError, setSyncError] = useState<string | null>(null);
  // The reducer's seq at the moment a sync starts; read through a ref to avoid re-subscribing.
  const seqRef = useRef(0);
  seqRef.current = state.seq;

  const sync = useCallback(async () => {
    const startedSeq = seqRef.current;
    try {
      const [open, acknowledged, pending] = await Promise.all([
        api.listAlerts('open'), api.listAlerts('acknowledged'), api.listRecommendations('pending_approval'),
      ]);
      dispatch({ type: 'alerts-synced', alerts: [...open, ...acknowledged], startedSeq });
      dispatch({ type: 'recommendations-synced', recommendations: pending, startedSeq });
      setSyncError(null);
    } catch (err) {
      setSyncError(err instanceof Error ? err.message : String(err));
    }
  }, [api]);

  useEffect(() => {
    void sync();
    const feed = connectConsole({
      url: consoleSocketUrl(window.location, token),
      createSocket: (url) => new WebSocket(url),
      setTimer: (fn, ms) => window.setTimeout(fn, ms),
      clearTimer: (h) => window.clearTimeout(h as number),
      nowMs: () => Date.now(),
      random: Math.random,
      onMessage: (message) => {
        if (message.type === 'agents') agentFrames.push(message);
        else if (message.type === 'hello') agentFrames.reset();
        dispatch({ type: 'message', message, receivedAtMs: Date.now() });
      },
      onStatus: (status) => {
        setSocket(status);
        // Between attempts, the REST lists keep alerts and recommendations current, and tell
        // whether the token is still good: a browser never sees the HTTP status of a refused
        // WebSocket upgrade, but the client's 401 handler ends the session.
        if (status.phase === 'waiting') void sync();
      },
      onOpened: () => void sync(),
      onAuthRejected: () => void sync(),
    });
    const online = (): void => {
      setBrowserOnline(true);
      feed.retryNow();
    };
    const offline = (): void => setBrowserOnline(false);
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      feed.stop();
    };
  }, [api, token, sync, agentFrames]);

  return { state, agentFrames, dispatch, socket, browserOnline, syncError };
}
