import type { commonV1 } from '@salesflow/contracts';
import { ownerFilterOf } from '@salesflow/platform';
import type { Prisma, Target } from '../../generated/prisma/client';

/**
 * Which targets a principal sees (ARCHITECTURE §3): the tenant's own targets always (they frame
 * everyone's work) and their own employee targets; further, by data scope, the department and
 * employee targets whose scope path lies in their department (DEPARTMENT) or subtree
 * (DEPARTMENT_TREE); everything with the TENANT scope.
 */
export function visibleTargetsWhere(principal: commonV1.Principal): Prisma.TargetWhereInput {
  const filter = ownerFilterOf(principal);
  const always: Prisma.TargetWhereInput[] = [{ scope: 'TENANT' }];
  if (principal.employeeId) always.push({ scope: 'EMPLOYEE', scopeId: principal.employeeId });
  switch (filter.kind) {
    case 'tenant':
      return {};
    case 'self':
      return { OR: always };
    case 'department':
      return { OR: [...always, { scopePath: { endsWith: `/${filter.departmentId}/` } }] };
    case 'subtree':
      return { OR: [...always, { scopePath: { startsWith: filter.departmentPath } }] };
  }
}

/** The same rule for one node in hand (used before writing a node that does not exist yet). */
export function canSeeTarget(
  principal: commonV1.Principal,
  target: Pick<Target, 'scope' | 'scopeId' | 'scopePath'>,
): boolean {
  const filter = ownerFilterOf(principal);
  if (filter.kind === 'tenant') return true;
  if (target.scope === 'TENANT') return true;
  if (target.scope === 'EMPLOYEE' && target.scopeId === principal.employeeId) return true;
  if (filter.kind === 'department') return target.scopePath.endsWith(`/${filter.departmentId}/`);
  if (filter.kind === 'subtree') return target.scopePath.startsWith(filter.departmentPath);
  return false;
}

/** Creating or splitting a tenant-wide target is for principals who see the whole tenant. */
export function canWriteTarget(
  principal: commonV1.Principal,
  target: Pick<Target, 'scope' | 'scopeId' | 'scopePath'>,
): boolean {
  if (target.scope === 'TENANT') return ownerFilterOf(principal).kind === 'tenant';
  return canSeeTarget(principal, target);
}

/** Managers: a data scope of the department or wider. */
export function isManagerScope(principal: commonV1.Principal): boolean {
  return ownerFilterOf(principal).kind !== 'self';
}
