/**
 * Branded units and ids. A density cannot be passed where a head count is expected:
 * the brand exists only at the type level, the runtime value is a plain number or string.
 * Schemas (zod) apply the brand when a record is validated at the edge.
 */
import { z } from 'zod';

export const EpochMs = z.number().int().nonnegative().brand<'EpochMs'>();
export type EpochMs = z.infer<typeof EpochMs>;
export const DurationMs = z.number().int().nonnegative().brand<'DurationMs'>();
export type DurationMs = z.infer<typeof DurationMs>;

export const Meters = z.number().finite().brand<'Meters'>();
export type Meters = z.infer<typeof Meters>;
export const SquareMeters = z.number().finite().positive().brand<'SquareMeters'>();
export type SquareMeters = z.infer<typeof SquareMeters>;
/** Persons per square metre. */
export const PeoplePerSqm = z.number().finite().nonnegative().brand<'PeoplePerSqm'>();
export type PeoplePerSqm = z.infer<typeof PeoplePerSqm>;
export const MetersPerSecond = z.number().finite().nonnegative().brand<'MetersPerSecond'>();
export type MetersPerSecond = z.infer<typeof MetersPerSecond>;
/** Persons per minute (flows across a passage or gate). */
export const PeoplePerMinute = z.number().finite().nonnegative().brand<'PeoplePerMinute'>();
export type PeoplePerMinute = z.infer<typeof PeoplePerMinute>;
/** A head count (may be fractional when it is an estimate). */
export const People = z.number().finite().nonnegative().brand<'People'>();
export type People = z.infer<typeof People>;
/** A dimensionless share in [0, 1]. */
export const Ratio = z.number().finite().min(0).max(1).brand<'Ratio'>();
export type Ratio = z.infer<typeof Ratio>;

const idString = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'letters, digits, and _ . : - (not first)');

export const VenueId = idString.brand<'VenueId'>();
export type VenueId = z.infer<typeof VenueId>;
export const ZoneId = idString.brand<'ZoneId'>();
export type ZoneId = z.infer<typeof ZoneId>;
export const PassageId = idString.brand<'PassageId'>();
export type PassageId = z.infer<typeof PassageId>;
export const GateId = idString.brand<'GateId'>();
export type GateId = z.infer<typeof GateId>;
export const StageId = idString.brand<'StageId'>();
export type StageId = z.infer<typeof StageId>;
export const FacilityId = idString.brand<'FacilityId'>();
export type FacilityId = z.infer<typeof FacilityId>;
export const SensorId = idString.brand<'SensorId'>();
export type SensorId = z.infer<typeof SensorId>;
/** Unique per reading, chosen by the sender; the key for de-duplication of retries and replays. */
export const ReadingId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
  .brand<'ReadingId'>();
export type ReadingId = z.infer<typeof ReadingId>;
export const RecordId = z.string().min(1).max(128).brand<'RecordId'>();
export type RecordId = z.infer<typeof RecordId>;

/** Cast helpers for trusted internal values (computed, never parsed from input). */
export const asEpochMs = (n: number): EpochMs => n as EpochMs;
export const asZoneId = (s: string): ZoneId => s as ZoneId;
export const asSensorId = (s: string): SensorId => s as SensorId;
export const asPeoplePerSqm = (n: number): PeoplePerSqm => n as PeoplePerSqm;
export const asMetersPerSecond = (n: number): MetersPerSecond => n as MetersPerSecond;
export const asPeople = (n: number): People => n as People;
export const asRatio = (n: number): Ratio => n as Ratio;
