/**
 * Live settings (the risk model's and the decision engine's): persisted in the store, patched
 * and validated by src/decide's `applySettingsPatch` (a bad patch is refused whole with the
 * reason), applied from the next zone state or tick; the app audits who changed what.
 */
import { applySettingsPatch, restoreSettings, type SettingChange, type Settings } from '../decide/index.ts';
import type { Store } from '../store/index.ts';


export interface LiveSettings {
  current(): Settings;
  /** Applies a patch; returns the new settings and the leaves it changed (for the audit). */
  change(patch: Record<string, unknown>, at: number): { settings: Settings; changes: SettingChange[] };
  onChange(listener: (s: Settings) => void): void;
}

const KEY = 'settings.v1';

export function createLiveSettings(store: Store, log: (msg: string) => void = console.error): LiveSettings {
  // A stored value that no longer validates (an older release) falls back to the defaults, and says so.
  const restored = restoreSettings(store.settings.get<unknown>(KEY));
  for (const p of restored.problems) log(`settings: ${p}`);
  let value = restored.settings;
  const listeners: Array<(s: Settings) => void> = [];
  return {
    current: () => value,
    change(patch, at) {
      const { settings, changes } = applySettingsPatch(value, patch);
      value = settings;
      store.settings.put(KEY, value, at);
      for (const l of listeners) l(value);
      return { settings, changes };
    },
    onChange: (l) => void listeners.push(l),
  };
}
