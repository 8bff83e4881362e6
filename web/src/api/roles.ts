/**
 * Who may do what, mirrored from `ROLE_RANK` in src/contracts/operator-action.ts (a value
 * import would bundle zod). The server decides; the console only greys out what it would refuse.
 */
import type { Role } from './records.ts';

const ROLE_RANK: Record<Role, number> = { viewer: 0, operator: 1, supervisor: 2, admin: 3 };

export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[needed];
}

/** Acknowledge and resolve alerts. */
export const canHandleAlerts = (role: Role): boolean => roleAtLeast(role, 'operator');
/** Approve and reject recommendations. */
export const canDecideRecommendations = (role: Role): boolean => roleAtLeast(role, 'supervisor');
