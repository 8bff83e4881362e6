/**
 * Parses one WebSocket frame into a ConsoleMessage. Frames of an unknown type or missing
 * their main field are dropped (null), so a newer server cannot crash an older console.
 */
import type { ConsoleMessage } from './records.ts';

const REQUIRED: Record<ConsoleMessage['type'], string> = {
  hello: 'user',
  snapshot: 'zones',
  alert: 'alert',
  recommendation: 'recommendation',
  agents: 'positions',
};

export function parseConsoleMessage(text: string): ConsoleMessage | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  if (typeof r.type !== 'string' || !Object.hasOwn(REQUIRED, r.type)) return null;
  const key = REQUIRED[r.type as ConsoleMessage['type']];
  const main = r[key];
  if (main === undefined || main === null) return null;
  if ((r.type === 'snapshot' || r.type === 'agents') && !Array.isArray(main)) return null;
  return raw as ConsoleMessage;
}
