import type { commonV1 } from '@salesflow/contracts';
import { appendToOutbox, type OutboxOptions, requirePermission, type SqlExecutor } from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import type { GoalsDatabase } from '../../database';
import type { Target } from '../../generated/prisma/client';
import { TargetError } from './target.errors';
import { targetToProto } from './target.mapper';
import { isUuid, type NewTargetInput, validateNewTarget } from './target.validation';

export const TARGET_WRITE = 'goals.target.write';
export const TARGET_READ = 'goals.target.read';

export class TargetService {
  constructor(
    private readonly db: GoalsDatabase,
    private readonly outbox: OutboxOptions,
  ) {}

  async create(principal: commonV1.Principal, input: NewTargetInput): Promise<Target> {
    requirePermission(principal, TARGET_WRITE);
    if (!isUuid(principal.employeeId)) throw TargetError.notAnEmployee();
    const validation = validateNewTarget(input);
    if (!validation.ok) throw TargetError.invalid(validation.errors);
    const data = validation.target;
    return this.db.$transaction(async (tx) => {
      if (data.parentId) {
        // Another tenant's target reads as absent: the caller learns nothing about it.
        const parent = await tx.target.findFirst({
          where: { id: data.parentId, tenantId: principal.tenantId },
          select: { id: true },
        });
        if (!parent) throw TargetError.invalid([{ field: 'parentId', message: 'does not exist' }]);
      }
      const target = await tx.target.create({
        data: { id: uuidv7(), tenantId: principal.tenantId, ...data, createdBy: principal.employeeId },
      });
      await appendTargetCreated(tx, target, principal.employeeId, this.outbox);
      return target;
    });
  }

  async get(principal: commonV1.Principal, id: string): Promise<Target> {
    requirePermission(principal, TARGET_READ);
    if (!isUuid(id)) throw TargetError.notFound(id);
    // Targets are visible tenant-wide (DOMAIN §1: completion may be shown to everyone).
    const target = await this.db.target.findFirst({ where: { id, tenantId: principal.tenantId } });
    if (!target) throw TargetError.notFound(id);
    return target;
  }
}

/** Announces a new target node; call inside the transaction that inserted it. */
export function appendTargetCreated(
  tx: SqlExecutor,
  target: Target,
  actorId: string,
  outbox: OutboxOptions,
): Promise<string> {
  return appendToOutbox(
    tx,
    {
      type: 'goals.target.created',
      tenantId: target.tenantId,
      aggregateId: target.id,
      aggregateVersion: target.version,
      actorId,
      payload: { target: targetToProto(target) },
    },
    outbox,
  );
}
