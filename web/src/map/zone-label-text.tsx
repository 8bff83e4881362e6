/** The words inside a zone: name, level and density, as many as fit (see zone-label.ts). */
import { memo } from 'react';
import { formatDensity, formatDensityShort, LEVEL_STYLES } from './levels.ts';
import type { ZoneLevel } from './levels.ts';
import type { ZoneGeometry } from './venue-geometry.ts';
import { LABEL_LINE_HEIGHT, labelLayout } from './zone-label.ts';

export const ZoneLabelText = memo(function ZoneLabelText({ zone, level, density, baseFont }: {
  zone: ZoneGeometry;
  level: ZoneLevel;
  density: number | null;
  baseFont: number;
}) {
  const style = LEVEL_STYLES[level];
  const layout = labelLayout(zone.boxWidth, zone.boxHeight, baseFont, {
    // An unknown zone already reads NO DATA: no second "no data" line, but "n/d" where only that fits.
    name: zone.name, level: style.label, density: level === 'unknown' ? '' : formatDensity(density),
    densityShort: formatDensityShort(density),
  });
  if (layout.lines.length === 0) return null;
  const firstDy = -((layout.lines.length - 1) * LABEL_LINE_HEIGHT * layout.fontSize) / 2;
  return (
    <text
      className={`zone-label level-${level}`} x={zone.labelX} y={zone.labelY} fontSize={layout.fontSize} fill={style.ink}
      // A halo in the zone's own colour keeps the words readable over walls and markers.
      stroke={level === 'unknown' ? '#2b2f36' : style.fill} strokeWidth={layout.fontSize * 0.25}
      textAnchor="middle" dominantBaseline="central" aria-hidden="true"
    >
      {layout.lines.map((line, i) => (
        <tspan
          key={line.kind} x={zone.labelX} dy={i === 0 ? firstDy : LABEL_LINE_HEIGHT * layout.fontSize}
          className={`label-${line.kind}`}
        >{line.text}</tspan>
      ))}
    </text>
  );
});
