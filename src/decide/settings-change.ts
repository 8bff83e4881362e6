/**
 * Live settings: the risk formula's and the decisions' settings as one record, changed by a
 * patch from the console (`change_settings`), validated whole, diffed leaf by leaf for the audit
 * log, and restored after a restart from what the runtime stored. The engines read the new
 * values on their next call: `assessRisk(state, settings.risk)`, `engine.setSettings(settings.decision)`.
 */
import { z } from 'zod';
import { CrowdflowError } from '../contracts/index.ts';
import { DEFAULT_RISK_SETTINGS, RiskSettings } from '../risk/index.ts';
import { DEFAULT_DECISION_SETTINGS, DecisionSettings } from './settings.ts';
import { issueText } from './zod-issue.ts';

export const Settings = z.object({ risk: RiskSettings, decision: DecisionSettings }).strict();
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = { risk: DEFAULT_RISK_SETTINGS, decision: DEFAULT_DECISION_SETTINGS };

export interface SettingChange {
  /** Dotted path, e.g. `risk.weights.density`. */
  readonly path: string;
  readonly from: unknown;
  readonly to: unknown;
}

/**
 * Applies a patch: a nested partial (`{risk: {weights: {density: 0.5}}}`) or dotted keys
 * (`{"risk.weights.density": 0.5}`). Throws CF_ERR_CONFIG naming the path and the valid range;
 * the current settings are never half-changed.
 */
export function applySettingsPatch(current: Settings, patch: Readonly<Record<string, unknown>>): { settings: Settings; changes: SettingChange[] } {
  const merged = merge(structuredClone(current), expandDotted(patch), []);
  const parsed = Settings.safeParse(merged);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((iss) => {
      const path = iss.path.join('.') || '(root)';
      return iss.code === 'unrecognized_keys' ? `${path}: unknown setting(s) ${iss.keys.join(', ')}` : `\`${path}\` ${issueText(iss, merged)}`;
    });
    throw new CrowdflowError('CF_ERR_CONFIG', `settings patch rejected: ${lines.join('; ')}`, parsed.error.issues);
  }
  return { settings: parsed.data, changes: diff(current, parsed.data, '') };
}

/** Settings as stored by the runtime; anything missing or invalid falls back to the defaults, with the reason. */
export function restoreSettings(stored: unknown): { settings: Settings; problems: string[] } {
  if (stored === null || stored === undefined) return { settings: DEFAULT_SETTINGS, problems: [] };
  try {
    if (typeof stored !== 'object' || Array.isArray(stored)) throw new CrowdflowError('CF_ERR_CONFIG', 'stored settings are not an object');
    return { settings: applySettingsPatch(DEFAULT_SETTINGS, stored as Record<string, unknown>).settings, problems: [] };
  } catch (e) {
    return { settings: DEFAULT_SETTINGS, problems: [`${e instanceof Error ? e.message : String(e)}; using the defaults`] };
  }
}

function expandDotted(patch: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    const parts = key.split('.');
    let at = out;
    parts.forEach((p, i) => {
      if (p === '__proto__' || p === 'constructor' || p === 'prototype') throw new CrowdflowError('CF_ERR_CONFIG', `setting path "${key}" is not allowed`);
      if (i === parts.length - 1) at[p] = value;
      else at = (at[p] = isRecord(at[p]) ? at[p] : {}) as Record<string, unknown>;
    });
  }
  return out;
}

function merge(base: unknown, patch: unknown, path: readonly string[]): unknown {
  if (!isRecord(patch)) return patch;
  if (!isRecord(base)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') throw new CrowdflowError('CF_ERR_CONFIG', `setting path "${[...path, k].join('.')}" is not allowed`);
    out[k] = merge(base[k], v, [...path, k]);
  }
  return out;
}

function diff(a: unknown, b: unknown, path: string): SettingChange[] {
  if (isRecord(a) && isRecord(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => diff(a[k], b[k], path ? `${path}.${k}` : k));
  }
  return a === b ? [] : [{ path, from: a, to: b }];
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
