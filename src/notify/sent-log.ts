/**
 * What has been delivered, by (idempotency key, channel). The notifier checks it before a
 * send and records into it after a confirmed delivery, so a key reaches a channel at most
 * once across retries, repeated calls and, when the log is persistent, restarts.
 * Methods may be synchronous (better-sqlite3) or asynchronous (Postgres).
 */
export interface SentLog {
  has(key: string, channel: string): boolean | Promise<boolean>;
  add(key: string, channel: string): void | Promise<void>;
}

/** In-process log. Bounded: the oldest entries go first once `maxEntries` is exceeded. */
export function memorySentLog(maxEntries = 100_000): SentLog & { readonly size: number } {
  const seen = new Set<string>();
  // A separator that cannot occur in a channel name keeps ("a:b", "c") apart from ("a", "b:c").
  const id = (key: string, channel: string): string => `${channel}\u0000${key}`;
  return {
    has: (key, channel) => seen.has(id(key, channel)),
    add: (key, channel) => {
      seen.add(id(key, channel));
      // A Set iterates in insertion order, so its first element is the oldest.
      while (seen.size > maxEntries) {
        const oldest = seen.values().next().value as string;
        seen.delete(oldest);
      }
    },
    get size() {
      return seen.size;
    },
  };
}
