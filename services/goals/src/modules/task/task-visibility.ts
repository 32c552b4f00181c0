import type { commonV1 } from '@salesflow/contracts';
import { ownerFilterOf, visibleOwnerIds } from '@salesflow/platform';
import type { GoalsDatabase, GoalsTransaction } from '../../database';
import type { Prisma } from '../../generated/prisma/client';
import { isUuidText } from '../shared/field-checks';

/**
 * The people whose tasks the principal may see, from the org replica (ARCHITECTURE §3):
 * undefined for the whole tenant. The caller is always among them.
 */
export async function visibleAssignees(
  db: GoalsDatabase | GoalsTransaction,
  principal: commonV1.Principal,
): Promise<string[] | undefined> {
  const owners = await visibleOwnerIds(db, principal.tenantId, principal.employeeId, ownerFilterOf(principal));
  // A principal that is no employee (a service account) has no "self" to see.
  return owners?.filter(isUuidText);
}

/** Projects the principal may see: owned by someone in scope, or one they are a member of. */
export function projectScope(principal: commonV1.Principal, owners: string[] | undefined): Prisma.ProjectWhereInput {
  if (!owners) return { tenantId: principal.tenantId };
  return {
    tenantId: principal.tenantId,
    OR: [{ ownerId: { in: owners } }, ...(principal.employeeId ? [{ memberIds: { has: principal.employeeId } }] : [])],
  };
}

/**
 * Tasks the principal may see: assigned to someone in scope, created by the principal (an
 * assigner follows what they handed out), or in a project the principal owns or works on.
 */
export function taskScope(principal: commonV1.Principal, owners: string[] | undefined): Prisma.TaskWhereInput {
  if (!owners) return { tenantId: principal.tenantId };
  const me = principal.employeeId;
  return {
    tenantId: principal.tenantId,
    OR: [
      { assigneeId: { in: owners } },
      ...(me ? [{ creatorId: me }, { project: { OR: [{ ownerId: me }, { memberIds: { has: me } }] } }] : []),
    ],
  };
}
