/** Display formats shared by the panels: 24-hour clock times, ages, trigger and action names. */
import type { TriggerKind } from './api/index.ts';

const CLOCK = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

export function formatClock(epochMs: number): string {
  return CLOCK.format(epochMs);
}

/** "0.4 s", "12 s", "3 min 05 s": one decimal only below ten seconds, where it matters. */
export function formatAge(ageMs: number): string {
  if (ageMs < 10_000) return `${(ageMs / 1000).toFixed(1)} s`;
  const s = Math.floor(ageMs / 1000);
  if (s < 60) return `${s} s`;
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

const TRIGGER_TEXT: Record<TriggerKind, string> = {
  extreme_density: 'extreme density',
  sudden_surge: 'sudden surge',
  stagnation_with_density: 'dense and not moving',
  risk_threshold: 'risk threshold',
  predicted_congestion: 'congestion predicted',
};

export function formatTrigger(t: TriggerKind): string {
  return TRIGGER_TEXT[t] ?? t;
}

/** `meter_gate` → "meter gate"; params as "gate: gate-nw, ratePerMin: 40". */
export function formatAction(type: string, params: Record<string, unknown>): { verb: string; details: string } {
  const details = Object.entries(params)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
    .join(' · ');
  return { verb: type.replaceAll('_', ' '), details };
}
