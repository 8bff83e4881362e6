/** In-process fan-out of console messages to WebSocket sessions (and anything else listening). */
import type { ConsoleMessage } from '../contracts/index.ts';

export type Listener = (msg: ConsoleMessage) => void;

export class Hub {
  private readonly listeners = new Set<Listener>();

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  publish(msg: ConsoleMessage): void {
    for (const l of this.listeners) {
      try {
        l(msg);
      } catch {
        // One broken listener (a closed socket) must not stop the others.
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
