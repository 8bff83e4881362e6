/** The venue map and the level vocabulary it shares with the panels. */
export { VenueMap } from './venue-map.tsx';
export type { VenueMapProps } from './venue-map.tsx';
export { formatDensity, formatDensityShort, LEVEL_STYLES, ZONE_LEVELS, zoneDensity, zoneLevel } from './levels.ts';
export type { LevelStyle, ZoneLevel } from './levels.ts';
