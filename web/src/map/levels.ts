/**
 * Risk level colours (the CrowdSafe guide's green / yellow / orange / red) and how a zone's
 * level is read from a snapshot. A zone with no assessment is `unknown`: grey and hatched,
 * never green, because a zone nobody can see is not a safe zone.
 */
import type { RiskLevel, SnapshotZone } from '../api/index.ts';

export type ZoneLevel = RiskLevel | 'unknown';

export interface LevelStyle {
  fill: string;
  /** Text colour on `fill`, chosen for a contrast ratio of at least 4.5:1 (WCAG 2.1 AA). */
  ink: string;
  label: string;
  short: string;
}

export const LEVEL_STYLES: Record<ZoneLevel, LevelStyle> = {
  SAFE: { fill: '#2f9e44', ink: '#06140a', label: 'SAFE', short: 'SAFE' },
  CAUTION: { fill: '#f5c518', ink: '#1a1400', label: 'CAUTION', short: 'CAUT' },
  WARNING: { fill: '#f76707', ink: '#1a0a00', label: 'WARNING', short: 'WARN' },
  CRITICAL: { fill: '#c92a2a', ink: '#ffffff', label: 'CRITICAL', short: 'CRIT' },
  unknown: { fill: '#5c6370', ink: '#ffffff', label: 'NO DATA', short: 'N/D' },
};

export const ZONE_LEVELS: readonly ZoneLevel[] = ['SAFE', 'CAUTION', 'WARNING', 'CRITICAL', 'unknown'];

/** The level to paint: unknown when the zone is missing, has no risk level, or no density. */
export function zoneLevel(zone: SnapshotZone | undefined): ZoneLevel {
  if (zone === undefined || zone.risk.level === null || zone.state.status === 'unknown') return 'unknown';
  return zone.risk.level;
}

/** Density in p/m² for display, or null when the zone is unknown. */
export function zoneDensity(zone: SnapshotZone | undefined): number | null {
  if (zone === undefined || zone.state.status === 'unknown') return null;
  return zone.state.density;
}

export function formatDensity(density: number | null): string {
  return density === null ? 'no data' : `${density.toFixed(1)} p/m²`;
}

/** The density alone, for zones too small for the unit. */
export function formatDensityShort(density: number | null): string {
  return density === null ? 'n/d' : density.toFixed(1);
}
