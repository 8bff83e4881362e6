/** Ingest: untrusted payloads → typed readings or dead letters with a reason. */
export * from './validate.ts';
export * from './outcome.ts';
export { fuzzCases, seededRandom, type FuzzCase } from './fuzz.ts';
