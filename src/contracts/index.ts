/** The typed records every stage exchanges. Public face of src/contracts. */
export * from './units.ts';
export * from './errors.ts';
export * from './reading.ts';
export * from './zone-state.ts';
export * from './forecast.ts';
export * from './risk.ts';
export * from './alert.ts';
export * from './recommendation.ts';
export * from './operator-action.ts';
export * from './audit.ts';
export * from './console-message.ts';
export { PUBLISHED_SCHEMAS } from './published.ts';
export { seededRandom } from './seeded-random.ts';
