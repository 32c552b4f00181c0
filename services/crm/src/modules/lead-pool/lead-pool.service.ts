import type { commonV1 } from '@salesflow/contracts';
import { type FieldError, requirePermission, ServiceError } from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { CrmDatabase, CrmTransaction } from '../../database';
import type { LeadPool, PoolAssignment } from '../../generated/prisma/client';
import { checkVersion, parseOrThrow } from '../shared/validation';
import { LeadPoolError } from './lead-pool.errors';
import { regionAssigneesOf } from './lead-pool.mapper';

export interface LeadPoolInput {
  name?: string;
  public?: boolean;
  assignment?: PoolAssignment;
  memberIds?: string[];
  regionAssignees?: Record<string, string>;
  claimLimit?: number;
  recycleAfterDays?: number;
}

const rules = {
  name: z.string().trim().min(1, 'is required').max(100, 'is longer than 100 characters'),
  public: z.boolean(),
  assignment: z.enum(['MANUAL', 'ROUND_ROBIN', 'BY_REGION']),
  memberIds: z
    .array(z.uuid('is not an id'))
    .max(200, 'has more than 200 members')
    .transform((ids) => [...new Set(ids)]),
  regionAssignees: z
    .record(z.string().trim().min(1).max(100), z.uuid('is not an id'))
    .refine((m) => Object.keys(m).length <= 200, 'has more than 200 regions'),
  claimLimit: z.number().int().min(0, 'must be 0 (no limit) or more').max(10_000, 'must be at most 10000'),
  recycleAfterDays: z.number().int().min(0, 'must be 0 (never) or more').max(365, 'must be at most 365 days'),
};

const newPoolSchema = z
  .object({
    name: rules.name,
    public: rules.public.default(false),
    assignment: rules.assignment.default('MANUAL'),
    memberIds: rules.memberIds.default([]),
    regionAssignees: rules.regionAssignees.default({}),
    claimLimit: rules.claimLimit.default(0),
    recycleAfterDays: rules.recycleAfterDays.default(0),
  })
  .superRefine((pool, ctx) => {
    for (const problem of ruleProblems(pool)) {
      ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
    }
  });

/** What a pool's rule needs: members for round-robin, regions for by-region. */
function ruleProblems(pool: {
  assignment?: PoolAssignment;
  memberIds?: readonly string[];
  regionAssignees?: Readonly<Record<string, string>>;
}): FieldError[] {
  const problems: FieldError[] = [];
  if (pool.assignment === 'ROUND_ROBIN' && pool.memberIds?.length === 0) {
    problems.push({ field: 'memberIds', message: 'round-robin needs at least one member' });
  }
  if (pool.assignment === 'BY_REGION' && pool.regionAssignees && Object.keys(pool.regionAssignees).length === 0) {
    problems.push({ field: 'regionAssignees', message: 'by-region needs at least one region' });
  }
  return problems;
}

/** Lead pools (线索池, 公海) and their rules. */
export class LeadPoolService {
  constructor(private readonly db: CrmDatabase) {}

  async create(principal: commonV1.Principal, input: LeadPoolInput): Promise<LeadPool> {
    requirePermission(principal, 'crm.pool.write');
    const data = parseOrThrow(newPoolSchema, input, 'lead pool');
    try {
      return await this.db.leadPool.create({ data: { id: uuidv7(), tenantId: principal.tenantId, ...data } });
    } catch (error) {
      if ((error as { code?: string }).code === 'P2002') throw LeadPoolError.nameTaken(data.name);
      throw error;
    }
  }

  async list(principal: commonV1.Principal): Promise<LeadPool[]> {
    requirePermission(principal, 'crm.pool.read');
    return this.db.leadPool.findMany({
      where: { tenantId: principal.tenantId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
  }

  async get(principal: commonV1.Principal, id: string): Promise<LeadPool> {
    requirePermission(principal, 'crm.pool.read');
    return this.find(this.db, principal.tenantId, id);
  }

  async update(
    principal: commonV1.Principal,
    id: string,
    input: LeadPoolInput & { expectedVersion?: string },
  ): Promise<LeadPool> {
    requirePermission(principal, 'crm.pool.write');
    const data = parseOrThrow(
      z.object({
        expectedVersion: z.string().optional(),
        name: rules.name.optional(),
        public: rules.public.optional(),
        assignment: rules.assignment.optional(),
        memberIds: rules.memberIds.optional(),
        regionAssignees: rules.regionAssignees.optional(),
        claimLimit: rules.claimLimit.optional(),
        recycleAfterDays: rules.recycleAfterDays.optional(),
      }),
      input,
      'lead pool',
    );
    return this.db.$transaction(async (tx) => {
      const current = await this.find(tx, principal.tenantId, id, true);
      checkVersion(data.expectedVersion, current.version, 'lead pool');
      const { expectedVersion: _ignored, ...changes } = data;
      const merged = {
        assignment: changes.assignment ?? current.assignment,
        memberIds: changes.memberIds ?? current.memberIds,
        regionAssignees: changes.regionAssignees ?? regionAssigneesOf(current),
      };
      const issues = ruleProblems(merged);
      if (issues.length > 0) throw ServiceError.invalid(issues, 'lead pool is invalid');
      try {
        return await tx.leadPool.update({
          where: { id: current.id },
          data: {
            ...changes,
            // A changed member list restarts the turn.
            ...(changes.memberIds ? { roundRobinNext: 0 } : {}),
            version: { increment: 1 },
          },
        });
      } catch (error) {
        if ((error as { code?: string }).code === 'P2002') throw LeadPoolError.nameTaken(changes.name ?? '');
        throw error;
      }
    });
  }

  /** The pool of this tenant; `forUpdate` locks it (claims and round-robin serialize on it). */
  async find(tx: CrmTransaction | CrmDatabase, tenantId: string, id: string, forUpdate = false): Promise<LeadPool> {
    if (!z.uuid().safeParse(id).success) throw LeadPoolError.notFound(id);
    if (forUpdate) await tx.$queryRaw`SELECT id FROM lead_pools WHERE id = ${id}::uuid FOR UPDATE`;
    const pool = await tx.leadPool.findFirst({ where: { id, tenantId } });
    if (!pool) throw LeadPoolError.notFound(id);
    return pool;
  }
}
