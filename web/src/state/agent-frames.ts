/**
 * The simulator's agent positions, outside React state: up to tens of thousands of numbers a
 * second go straight from the socket to the canvas, without re-rendering the console.
 * Within one connection frames arrive in order; a frame older than the one held is dropped,
 * and `reset` (a new connection) accepts whatever comes next.
 */
export interface AgentFrame {
  ts: number;
  /** Flat [x0, y0, x1, y1, …] in venue metres. */
  positions: readonly number[];
}

export interface AgentFrames {
  push(frame: AgentFrame): void;
  latest(): AgentFrame | null;
  /** Calls `listener` on every accepted frame; returns the unsubscribe function. */
  subscribe(listener: (frame: AgentFrame) => void): () => void;
  reset(): void;
}

export function createAgentFrames(): AgentFrames {
  let latest: AgentFrame | null = null;
  let guardTs: number | null = null;
  const listeners = new Set<(frame: AgentFrame) => void>();
  return {
    push(frame) {
      if (guardTs !== null && frame.ts < guardTs) return;
      latest = frame;
      guardTs = frame.ts;
      for (const l of listeners) l(frame);
    },
    latest: () => latest,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reset() {
      guardTs = null;
    },
  };
}
