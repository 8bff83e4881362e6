/**
 * Scenario presets (crowdsafe-metrics-guide §6) as data: per zone type, the guide's camera view
 * (areaSqm, expected capacity) and the head counts at which it reaches WARNING and CRITICAL.
 * Our zones have real areas, so a preset carries over as densities: capacity per m² (display
 * only, like the guide's expected_capacity) and the WARNING / CRITICAL densities, the first of
 * which becomes the zone's extreme_density trigger (the guide's 6 p/m² where it says so).
 */
import { LineCounter, parseDocument, isNode } from 'yaml';
import { z } from 'zod';
import { CrowdflowError } from '../contracts/index.ts';
import { ZONE_TYPES, formatIssue, type ZoneType } from '../venue/index.ts';
import type { RiskSettings } from './settings.ts';

export const PRESET_SCHEMA = 'crowdflow.preset/v1';

const PresetZone = z.object({
  label: z.string().min(1).max(100),
  zoneTypes: z.array(z.enum(ZONE_TYPES)).min(1),
  areaSqm: z.number().positive().max(1_000_000),
  capacity: z.number().int().positive(),
  warningAt: z.number().positive(),
  criticalAt: z.number().positive(),
}).strict().refine((p) => p.criticalAt >= p.warningAt, { message: 'criticalAt must be ≥ warningAt', path: ['criticalAt'] });

export const Preset = z.object({
  schema: z.literal(PRESET_SCHEMA),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and -'),
  name: z.string().min(1),
  zones: z.array(PresetZone).min(1),
}).strict().superRefine((p, ctx) => {
  const seen = new Map<string, number>();
  p.zones.forEach((z, i) => z.zoneTypes.forEach((t, j) => {
    if (seen.has(t)) ctx.addIssue({ code: 'custom', path: ['zones', i, 'zoneTypes', j], message: `zone type "${t}" already in zones[${seen.get(t)}]` });
    else seen.set(t, i);
  }));
});
export type Preset = z.infer<typeof Preset>;

export interface ZoneProfile {
  readonly presetId: string;
  readonly label: string;
  /** Expected people for this area at the preset's capacity per m² (display only). */
  readonly capacity: number;
  readonly capacityPerSqm: number;
  readonly warningDensityPpsm: number;
  readonly criticalDensityPpsm: number;
}

/** Parses a preset; errors name the file, the line and the path (CF_ERR_CONFIG). */
export function parsePreset(text: string, file = '<preset>'): Preset {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const fail = (issues: Array<{ path: string; line: number | null; column: number | null; message: string }>): never => {
    throw new CrowdflowError('CF_ERR_CONFIG', `${file}: ${issues.length} problem(s)\n${issues.map((i) => formatIssue(file, i)).join('\n')}`, issues);
  };
  if (doc.errors.length > 0) {
    fail(doc.errors.map((e) => {
      const pos = lc.linePos(e.pos[0]);
      return { path: '', line: pos.line, column: pos.col, message: `YAML: ${e.message.split('\n')[0]}` };
    }));
  }
  const parsed = Preset.safeParse(doc.toJS());
  if (!parsed.success) {
    fail(parsed.error.issues.map((iss) => {
      let pos: { line: number; col: number } | null = null;
      for (let n = iss.path.length; n >= 0 && !pos; n--) {
        const node = doc.getIn(iss.path.slice(0, n) as unknown[], true);
        if (isNode(node) && node.range) pos = lc.linePos(node.range[0]);
      }
      const path = iss.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
      const message = iss.code === 'unrecognized_keys' ? `unknown field(s) ${iss.keys.join(', ')}` : iss.message;
      return { path, line: pos?.line ?? null, column: pos?.col ?? null, message };
    }));
  }
  return parsed.data!;
}

/** The preset's profile for a zone of this type and area, or null when the preset has none. */
export function presetProfile(preset: Preset, zoneType: ZoneType, areaSqm: number): ZoneProfile | null {
  const z = preset.zones.find((p) => p.zoneTypes.includes(zoneType));
  if (!z) return null;
  const capacityPerSqm = z.capacity / z.areaSqm;
  return {
    presetId: preset.id,
    label: z.label,
    capacity: Math.round(capacityPerSqm * areaSqm),
    capacityPerSqm,
    warningDensityPpsm: z.warningAt / z.areaSqm,
    criticalDensityPpsm: z.criticalAt / z.areaSqm,
  };
}

/**
 * Risk settings for one zone under a preset profile: its WARNING density is the extreme_density
 * trigger, its CRITICAL density the level floor (never above the guide's 7 p/m² lethal band: a
 * preset tuned for a camera view must not let a real crowd reach 8 p/m² below CRITICAL).
 */
export function riskSettingsForProfile(base: RiskSettings, profile: ZoneProfile | null): RiskSettings {
  if (!profile) return base;
  const round = (x: number): number => Math.round(x * 100) / 100;
  return {
    ...base,
    triggers: {
      ...base.triggers,
      extremeDensityPpsm: round(profile.warningDensityPpsm),
      criticalDensityPpsm: Math.min(base.triggers.criticalDensityPpsm, round(profile.criticalDensityPpsm)),
    },
  };
}
