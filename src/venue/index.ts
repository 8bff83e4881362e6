/** The venue model: zones, passages, gates, stages, facilities, sensors; YAML loader; geometry. */
export * from './geometry.ts';
export * from './schema.ts';
export type * from './model.ts';
export { loadVenueFile, parseVenue, VenueError, formatIssue, type VenueIssue } from './load.ts';
export { venueSummary, type VenueSummary } from './summary.ts';
export { locator, formatPath, issueAt, type Locate, type YamlIssue } from './yaml-locations.ts';
export { weidmannSpeed, WEIDMANN } from './fundamental-diagram.ts';
