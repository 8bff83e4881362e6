/**
 * Live settings: the risk model's and the decision engine's. Persisted in the store, validated
 * on every change (a bad patch is refused whole with the reason), applied from the next zone
 * state or tick; the app audits who changed what.
 */
import { z } from 'zod';
import { CrowdflowError } from '../contracts/index.ts';
import { DEFAULT_RISK_SETTINGS, RiskSettings } from '../risk/index.ts';
import { DEFAULT_DECISION_SETTINGS, DecisionSettings } from '../decide/index.ts';
import type { Store } from '../store/index.ts';

export const AllSettings = z.object({ risk: RiskSettings, decision: DecisionSettings }).strict();
export type AllSettings = z.infer<typeof AllSettings>;

export interface LiveSettings {
  current(): AllSettings;
  change(patch: Record<string, unknown>, at: number): AllSettings;
  onChange(listener: (s: AllSettings) => void): void;
}

const KEY = 'settings.v1';

export function createLiveSettings(store: Store): LiveSettings {
  const stored = store.settings.get<unknown>(KEY);
  const defaults: AllSettings = { risk: DEFAULT_RISK_SETTINGS, decision: DEFAULT_DECISION_SETTINGS };
  let value: AllSettings = defaults;
  if (stored !== null) {
    // A stored value that no longer validates (an older release) falls back to merged defaults.
    const parsed = AllSettings.safeParse(deepMerge(defaults, stored));
    if (parsed.success) value = parsed.data;
  }
  const listeners: Array<(s: AllSettings) => void> = [];
  return {
    current: () => value,
    change(patch, at) {
      const parsed = AllSettings.safeParse(deepMerge(value, patch));
      if (!parsed.success) {
        throw new CrowdflowError('CF_ERR_CONFIG', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      }
      value = parsed.data;
      store.settings.put(KEY, value, at);
      for (const l of listeners) l(value);
      return value;
    },
    onChange: (l) => void listeners.push(l),
  };
}

/** Objects merge key by key; anything else (numbers, arrays, strings) replaces. */
export function deepMerge<T>(base: T, patch: unknown): T {
  if (!isPlain(base) || !isPlain(patch)) return (patch === undefined ? base : patch) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = k in out ? deepMerge(out[k], v) : v;
  return out as T;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
