/** `crowdflow.audit/v1`: append-only; every recommendation, decision, approval and settings change. */
import { z } from 'zod';
import { EpochMs } from './units.ts';

export const AUDIT_SCHEMA = 'crowdflow.audit/v1';

export const AuditRecord = z.object({
  schema: z.literal(AUDIT_SCHEMA),
  seq: z.number().int().nonnegative(),
  ts: EpochMs,
  actor: z.string(),
  action: z.string(),
  subject: z.string(),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditRecord = z.infer<typeof AuditRecord>;
