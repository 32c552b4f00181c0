import type { commonV1 } from '@salesflow/contracts';
import { appendToOutbox, type OutboxOptions, requirePermission, ServiceError } from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { CrmDatabase, CrmTransaction } from '../../database';
import { type Customer, type CustomerLifecycle, Prisma } from '../../generated/prisma/client';
import { tryJobLock } from '../shared/periodic-job';
import { checkVersion, parseOrThrow } from '../shared/validation';
import { DEFAULT_DORMANCY_DAYS } from '../ticket/ticket-sla';
import { customerToProto } from './customer.mapper';
import type { CustomerService } from './customer.service';

/** Any constant works as long as nothing else in crm's database takes it. */
const DORMANCY_LOCK_KEY = 0x63726d5f646f726dn; // "crm_dorm"
const BATCH = 500;

export interface LifecycleMove {
  to: CustomerLifecycle;
  /** Why (required for CHURNED, kept as churn_reason; cleared by any other move). */
  reason: string;
  actorId?: string;
  at: Date;
}

/**
 * Moves a customer's lifecycle inside the caller's transaction: lifecycle, churn_reason,
 * lifecycle_changed_at, version, an operation-log entry and crm.customer.lifecycle_changed,
 * all in that one transaction. The one way every lifecycle move (churn, dormancy, a contract
 * re-activating the customer) is written.
 */
export async function moveLifecycle(
  tx: CrmTransaction,
  outbox: OutboxOptions,
  before: Customer,
  move: LifecycleMove,
): Promise<Customer> {
  const customer = await tx.customer.update({
    where: { id: before.id },
    data: {
      lifecycle: move.to,
      churnReason: move.to === 'CHURNED' ? move.reason : '',
      lifecycleChangedAt: move.at,
      version: { increment: 1 },
      updatedAt: move.at,
    },
  });
  await tx.customerOperation.create({
    data: {
      id: uuidv7(),
      tenantId: customer.tenantId,
      customerId: customer.id,
      action: 'lifecycle_changed',
      actorId: move.actorId || null,
      occurredAt: move.at,
      before: { lifecycle: before.lifecycle },
      after: { lifecycle: customer.lifecycle, reason: move.reason },
    },
  });
  await appendToOutbox(
    tx,
    {
      type: 'crm.customer.lifecycle_changed',
      tenantId: customer.tenantId,
      aggregateId: customer.id,
      aggregateVersion: customer.version,
      ...(move.actorId ? { actorId: move.actorId } : {}),
      payload: { customer: customerToProto(customer) },
    },
    outbox,
  );
  return customer;
}

/**
 * The last sign of life of customer `c` (SQL over the alias `c`): the latest of its last
 * follow-up, its last lifecycle move (becoming ACTIVE starts a fresh quiet period) and its
 * creation. GREATEST skips NULLs. When contracts exist, their latest signing date belongs
 * here too: `(SELECT max(signed_on) FROM contracts WHERE customer_id = c.id)` as one more term.
 */
export function lastActivitySql(): Prisma.Sql {
  // A signed (not cancelled) contract is a sign of life too: an ACTIVE customer who keeps buying
  // never changes lifecycle, so lifecycle_changed_at alone would make them dormant.
  return Prisma.sql`GREATEST(
    c.last_follow_up_at, c.lifecycle_changed_at, c.created_at,
    (SELECT max(k.signed_on)::timestamptz FROM contracts k WHERE k.customer_id = c.id AND k.status = 'SIGNED'))`;
}

export interface DormancyRun {
  /** false when another replica held the lock. */
  ran: boolean;
  movedToDormant: number;
}

const churnSchema = z.object({
  reason: z.string().trim().min(1, 'is required').max(500, 'is longer than 500 characters'),
  expectedVersion: z.string().optional(),
});

/**
 * Customer lifecycle from facts: the dormancy sweep (ACTIVE with no sign of life for the
 * tenant's dormancy_days -> DORMANT) and the explicit churn with a reason (-> CHURNED, the
 * only way there; PATCH refuses it).
 */
export class CustomerLifecycleService {
  constructor(
    private readonly db: CrmDatabase,
    private readonly customers: CustomerService,
    private readonly outbox: OutboxOptions,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async churn(
    principal: commonV1.Principal,
    customerId: string,
    input: { reason: string; expectedVersion?: string },
  ): Promise<Customer> {
    requirePermission(principal, 'crm.customer.write');
    const data = parseOrThrow(churnSchema, input, 'churn');
    return this.db.$transaction(async (tx) => {
      if (z.uuid().safeParse(customerId).success) {
        await tx.$queryRaw`SELECT id FROM customers WHERE id = ${customerId}::uuid FOR UPDATE`;
      }
      const current = await this.customers.findVisible(principal, customerId, tx);
      checkVersion(data.expectedVersion, current.version, 'customer');
      if (current.lifecycle === 'CHURNED') {
        throw new ServiceError('FAILED_PRECONDITION', 'the customer is already churned', {
          reason: 'CUSTOMER_ALREADY_CHURNED',
        });
      }
      return moveLifecycle(tx, this.outbox, current, {
        to: 'CHURNED',
        reason: data.reason,
        actorId: principal.employeeId,
        at: this.now(),
      });
    });
  }

  /**
   * One batch of the dormancy sweep across tenants (each with its own dormancy_days, default
   * 90). Idempotent: a DORMANT customer is no longer ACTIVE, so a second run finds nothing.
   */
  async sweepOnce(): Promise<DormancyRun> {
    const now = this.now();
    return this.db.$transaction(
      async (tx) => {
        if (!(await tryJobLock(tx, DORMANCY_LOCK_KEY))) return { ran: false, movedToDormant: 0 };
        const due = await tx.$queryRaw<{ id: string; days: number }[]>`
          SELECT c.id::text, COALESCE(s.dormancy_days, ${DEFAULT_DORMANCY_DAYS}::int) AS days
          FROM customers c LEFT JOIN service_settings s ON s.tenant_id = c.tenant_id
          WHERE c.lifecycle = 'ACTIVE'
            AND ${lastActivitySql()}
                < ${now}::timestamptz - make_interval(days => COALESCE(s.dormancy_days, ${DEFAULT_DORMANCY_DAYS}::int))
          ORDER BY c.id
          LIMIT ${BATCH}
          FOR UPDATE OF c SKIP LOCKED`;
        for (const { id, days } of due) {
          const before = await tx.customer.findUniqueOrThrow({ where: { id } });
          await moveLifecycle(tx, this.outbox, before, {
            to: 'DORMANT',
            reason: `no follow-up or signed contract in ${days} days`,
            at: now,
          });
        }
        return { ran: true, movedToDormant: due.length };
      },
      { timeout: 60_000 },
    );
  }

  /** Sweeps until nothing is left (or another replica has the lock). */
  async sweepAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const run = await this.sweepOnce();
      total += run.movedToDormant;
      if (!run.ran || run.movedToDormant < BATCH) return total;
    }
  }
}
