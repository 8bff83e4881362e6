/**
 * One zone on the map: its outline filled by risk level (hatched grey when unknown), with the
 * level and density written inside when they fit. Focusable; Enter or Space selects it.
 */
import { memo } from 'react';
import type { KeyboardEvent } from 'react';
import { formatDensity, formatDensityShort, LEVEL_STYLES } from './levels.ts';
import type { ZoneLevel } from './levels.ts';
import type { ZoneGeometry } from './venue-geometry.ts';
import { LABEL_LINE_HEIGHT, labelLayout } from './zone-label.ts';

export interface ZoneShapeProps {
  zone: ZoneGeometry;
  level: ZoneLevel;
  density: number | null;
  degraded: boolean;
  selected: boolean;
  baseFont: number;
  onSelect: (zoneId: string) => void;
}

export const ZoneShape = memo(function ZoneShape(p: ZoneShapeProps) {
  const style = LEVEL_STYLES[p.level];
  const densityText = formatDensity(p.density);
  const layout = labelLayout(p.zone.boxWidth, p.zone.boxHeight, p.baseFont, {
    name: p.zone.name, level: style.label, density: densityText, densityShort: formatDensityShort(p.density),
  });
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      p.onSelect(p.zone.id);
    }
  };
  const firstDy = -((layout.lines.length - 1) * LABEL_LINE_HEIGHT * layout.fontSize) / 2;
  return (
    <g className={`zone-shape level-${p.level}${p.selected ? ' is-selected' : ''}${p.degraded ? ' is-degraded' : ''}`}>
      <polygon
        data-testid={`zone-${p.zone.id}`} data-level={p.level} data-density={p.density === null ? '' : p.density.toFixed(2)}
        points={p.zone.points} fill={p.level === 'unknown' ? 'url(#hatch-unknown)' : style.fill}
        tabIndex={0} role="button" aria-pressed={p.selected}
        aria-label={`${p.zone.name}: ${style.label}, ${densityText}${p.degraded ? ', some sensors stale' : ''}`}
        onClick={() => p.onSelect(p.zone.id)} onKeyDown={onKeyDown}
      >
        <title>{`${p.zone.name} · ${style.label} · ${densityText}`}</title>
      </polygon>
      {layout.lines.length > 0 && (
        <text
          className="zone-label" x={p.zone.labelX} y={p.zone.labelY} fontSize={layout.fontSize} fill={style.ink}
          textAnchor="middle" dominantBaseline="central" aria-hidden="true"
        >
          {layout.lines.map((line, i) => (
            <tspan
              key={line.kind} x={p.zone.labelX} dy={i === 0 ? firstDy : LABEL_LINE_HEIGHT * layout.fontSize}
              className={`label-${line.kind}`}
            >{line.text}</tspan>
          ))}
        </text>
      )}
    </g>
  );
});
