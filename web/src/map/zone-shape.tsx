/**
 * One zone on the map: its outline filled by risk level, hatched grey when unknown.
 * Focusable; Enter or Space selects it. Its words are drawn by ZoneLabel, above the
 * venue features, so that no wall or marker hides a level.
 */
import { memo } from 'react';
import type { KeyboardEvent } from 'react';
import { formatDensity, LEVEL_STYLES } from './levels.ts';
import type { ZoneLevel } from './levels.ts';
import type { ZoneGeometry } from './venue-geometry.ts';

export interface ZoneShapeProps {
  zone: ZoneGeometry;
  level: ZoneLevel;
  density: number | null;
  degraded: boolean;
  selected: boolean;
  onSelect: (zoneId: string) => void;
}

export const ZoneShape = memo(function ZoneShape(p: ZoneShapeProps) {
  const style = LEVEL_STYLES[p.level];
  const densityText = formatDensity(p.density);
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      p.onSelect(p.zone.id);
    }
  };
  return (
    <polygon
      className={`zone-shape level-${p.level}${p.selected ? ' is-selected' : ''}${p.degraded ? ' is-degraded' : ''}`}
      data-testid={`zone-${p.zone.id}`} data-level={p.level} data-density={p.density === null ? '' : p.density.toFixed(2)}
      points={p.zone.points} fill={p.level === 'unknown' ? 'url(#hatch-unknown)' : style.fill}
      tabIndex={0} role="button" aria-pressed={p.selected}
      aria-label={`${p.zone.name}: ${style.label}, ${densityText}${p.degraded ? ', some sensors stale' : ''}`}
      onClick={() => p.onSelect(p.zone.id)} onKeyDown={onKeyDown}
    >
      <title>{`${p.zone.name} · ${style.label} · ${densityText}`}</title>
    </polygon>
  );
});
