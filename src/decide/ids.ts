/**
 * Deterministic record ids: derived from what the record is about (zone, rule, level, event
 * time), so a replay of the same inputs produces the same ids and a retry cannot duplicate.
 * Over the 128-character limit of RecordId, the tail is replaced by a 32-bit FNV-1a hash.
 */
import type { RecordId } from '../contracts/index.ts';

const MAX = 128;

export function recordId(...parts: ReadonlyArray<string | number>): RecordId {
  const full = parts.join(':');
  if (full.length <= MAX) return full as RecordId;
  return `${full.slice(0, MAX - 9)}~${fnv1a(full)}` as RecordId;
}

/** FNV-1a, 32 bit (Fowler, Noll, Vo), as 8 hex digits. */
export function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
