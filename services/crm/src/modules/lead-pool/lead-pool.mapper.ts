import type { crmV1 } from '@salesflow/contracts';
import type { LeadPool, PoolAssignment } from '../../generated/prisma/client';

const PREFIX = 'POOL_ASSIGNMENT_';

export function assignmentToProto(assignment: PoolAssignment): crmV1.PoolAssignment {
  return `${PREFIX}${assignment}` as crmV1.PoolAssignment;
}

export function assignmentFromProto(assignment: crmV1.PoolAssignment | undefined): PoolAssignment | undefined {
  if (!assignment || assignment === 'POOL_ASSIGNMENT_UNSPECIFIED' || !assignment.startsWith(PREFIX)) return undefined;
  return assignment.slice(PREFIX.length) as PoolAssignment;
}

export function regionAssigneesOf(pool: Pick<LeadPool, 'regionAssignees'>): Record<string, string> {
  const value = pool.regionAssignees;
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, string>) : {};
}

export function leadPoolToProto(pool: LeadPool): crmV1.LeadPool {
  return {
    id: pool.id,
    tenantId: pool.tenantId,
    name: pool.name,
    public: pool.public,
    assignment: assignmentToProto(pool.assignment),
    memberIds: pool.memberIds,
    regionAssignees: regionAssigneesOf(pool),
    claimLimit: pool.claimLimit,
    recycleAfterDays: pool.recycleAfterDays,
    version: String(pool.version),
    createdAt: pool.createdAt,
  };
}
