/** The key to the map colours, each with its word. */
import { LEVEL_STYLES, ZONE_LEVELS } from './levels.ts';

export function MapLegend() {
  return (
    <ul className="map-legend" aria-label="Risk levels">
      {ZONE_LEVELS.map((level) => (
        <li key={level}>
          <span className={`swatch swatch-${level}`} style={{ background: LEVEL_STYLES[level].fill }} aria-hidden="true" />
          {LEVEL_STYLES[level].label}
        </li>
      ))}
    </ul>
  );
}
