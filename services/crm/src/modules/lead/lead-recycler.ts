import { appendToOutbox, type Logger, type OutboxOptions } from '@salesflow/platform';
import type { CrmDatabase } from '../../database';
import { startPeriodicJob, tryJobLock } from '../shared/periodic-job';
import { leadToProto } from './lead.mapper';
import { logLeadOperation } from './lead-operations';

/** Any constant works as long as nothing else in crm's database takes it. */
const RECYCLE_LOCK_KEY = 0x63726d5f72656379n; // "crm_recy"
const BATCH = 500;

export interface RecycleRun {
  /** false when another replica held the lock. */
  ran: boolean;
  recycled: number;
}

/**
 * Sends owned pool leads back to their pool when the pool's `recycle_after_days` have passed
 * since the last follow-up (or since the owner got the lead, whichever is later). One run at
 * a time across replicas: a transaction-scoped advisory lock. Idempotent: a recycled lead has
 * no owner, so running again finds nothing more to do.
 */
export class LeadRecycler {
  constructor(
    private readonly db: CrmDatabase,
    private readonly outbox: OutboxOptions,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** One batch; call again while `recycled` equals the batch size. */
  async runOnce(): Promise<RecycleRun> {
    const now = this.now();
    return this.db.$transaction(
      async (tx) => {
        if (!(await tryJobLock(tx, RECYCLE_LOCK_KEY))) return { ran: false, recycled: 0 };
        const due = await tx.$queryRaw<{ id: string }[]>`
          SELECT l.id::text FROM leads l JOIN lead_pools p ON p.id = l.pool_id
          WHERE l.owner_id IS NOT NULL AND p.recycle_after_days > 0
            AND l.status NOT IN ('CONVERTED', 'UNQUALIFIED')
            AND GREATEST(l.last_follow_up_at, COALESCE(l.owner_since, l.created_at))
                < ${now}::timestamptz - make_interval(days => p.recycle_after_days)
          ORDER BY l.id
          LIMIT ${BATCH}
          FOR UPDATE OF l SKIP LOCKED`;
        for (const { id } of due) {
          const before = await tx.lead.findUniqueOrThrow({ where: { id } });
          const lead = await tx.lead.update({
            where: { id },
            data: { ownerId: null, ownerSince: null, status: 'RECYCLED', version: { increment: 1 }, updatedAt: now },
          });
          await logLeadOperation(tx, 'recycled', undefined, before, lead, {
            reason: 'no follow-up within the pool recycle period',
          });
          await appendToOutbox(
            tx,
            {
              type: 'crm.lead.recycled',
              tenantId: lead.tenantId,
              aggregateId: lead.id,
              aggregateVersion: lead.version,
              payload: { lead: leadToProto(lead) },
            },
            this.outbox,
          );
        }
        return { ran: true, recycled: due.length };
      },
      { timeout: 60_000 },
    );
  }

  /** Runs until nothing is left (or another replica has the lock). */
  async runAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const run = await this.runOnce();
      total += run.recycled;
      if (!run.ran || run.recycled < BATCH) return total;
    }
  }
}

/** The scheduled loop inside crm: every `intervalMs`, never two runs at once in one process. */
export function startLeadRecycling(recycler: LeadRecycler, intervalMs: number, log: Logger): () => Promise<void> {
  return startPeriodicJob({ name: 'lead recycling', intervalMs, run: () => recycler.runAll() }, log);
}
