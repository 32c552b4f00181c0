import type { PoolAssignment } from '../../generated/prisma/enums';

export interface AssignablePool {
  assignment: PoolAssignment;
  memberIds: readonly string[];
  regionAssignees: Readonly<Record<string, string>>;
  roundRobinNext: number;
}

/**
 * Who a pool's rule gives a lead to, and the pool's next round-robin position. undefined
 * when the rule names nobody (MANUAL, no members, or no one for the lead's region).
 */
export function pickAssignee(
  pool: AssignablePool,
  region: string,
): { ownerId: string; roundRobinNext: number } | undefined {
  switch (pool.assignment) {
    case 'MANUAL':
      return undefined;
    case 'ROUND_ROBIN': {
      const count = pool.memberIds.length;
      if (count === 0) return undefined;
      const index = ((pool.roundRobinNext % count) + count) % count;
      return { ownerId: pool.memberIds[index] as string, roundRobinNext: (index + 1) % count };
    }
    case 'BY_REGION': {
      const ownerId = pool.regionAssignees[region.trim()];
      return ownerId ? { ownerId, roundRobinNext: pool.roundRobinNext } : undefined;
    }
  }
}
