/** `crowdflow.operator-action/v1`: what a person does; the only records that flow back into the pipeline. */
import { z } from 'zod';
import { EpochMs, RecordId } from './units.ts';

export const OPERATOR_ACTION_SCHEMA = 'crowdflow.operator-action/v1';

export const Role = z.enum(['viewer', 'operator', 'supervisor', 'admin']);
export type Role = z.infer<typeof Role>;
/** Each role can do everything the roles before it can. */
export const ROLE_RANK: Record<Role, number> = { viewer: 0, operator: 1, supervisor: 2, admin: 3 };

export const OperatorAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('acknowledge_alert'), alertId: RecordId }),
  z.object({ type: z.literal('resolve_alert'), alertId: RecordId }),
  z.object({ type: z.literal('approve_recommendation'), recommendationId: RecordId }),
  z.object({ type: z.literal('reject_recommendation'), recommendationId: RecordId, reason: z.string().min(1).max(500) }),
  z.object({ type: z.literal('change_settings'), patch: z.record(z.string(), z.unknown()) }),
]);
export type OperatorAction = z.infer<typeof OperatorAction>;

export const OperatorActionRecord = z.object({
  schema: z.literal(OPERATOR_ACTION_SCHEMA),
  actor: z.string(),
  role: Role,
  ts: EpochMs,
  action: OperatorAction,
});
export type OperatorActionRecord = z.infer<typeof OperatorActionRecord>;
