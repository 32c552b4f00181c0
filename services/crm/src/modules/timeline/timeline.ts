import type { commonV1 } from '@salesflow/contracts';
import { decodeCursor, encodeCursor, pageSize, requirePermission } from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import type { CrmDatabase, CrmTransaction } from '../../database';
import type { Prisma, TimelineEntry } from '../../generated/prisma/client';
import type { CustomerService } from '../customer/customer.service';

/** What produced a timeline line; new kinds are added as their modules arrive. */
export type TimelineKind = 'activity' | 'opportunity' | 'contract' | 'ticket' | 'visit';

export interface NewTimelineEntry {
  tenantId: string;
  customerId: string;
  kind: TimelineKind;
  sourceId: string;
  occurredAt: Date;
  title: string;
  summary: string;
  actorId?: string;
  details: Prisma.InputJsonObject;
}

/**
 * Writes a line of a customer's timeline inside the producer's transaction. A source record
 * appears once per kind, so a replayed event (e.g. a visit from field) changes nothing.
 */
export async function appendToTimeline(tx: CrmTransaction, entry: NewTimelineEntry): Promise<void> {
  await tx.timelineEntry.upsert({
    where: { kind_sourceId: { kind: entry.kind, sourceId: entry.sourceId } },
    create: { id: uuidv7(), ...entry, actorId: entry.actorId ?? null },
    update: {},
  });
}

/** The customer 360 timeline (客户时间线), newest first. */
export class TimelineService {
  constructor(
    private readonly db: CrmDatabase,
    private readonly customers: CustomerService,
  ) {}

  async forCustomer(
    principal: commonV1.Principal,
    customerId: string,
    page: { limit?: number; cursor?: string },
  ): Promise<{ entries: TimelineEntry[]; nextCursor: string }> {
    requirePermission(principal, 'crm.customer.read');
    const customer = await this.customers.findVisible(principal, customerId);
    const limit = pageSize(page.limit);
    const after = page.cursor ? decodeCursor(page.cursor) : undefined;
    const rows = await this.db.timelineEntry.findMany({
      where: {
        tenantId: customer.tenantId,
        customerId: customer.id,
        ...(after
          ? {
              OR: [
                { occurredAt: { lt: new Date(after.at) } },
                { occurredAt: new Date(after.at), id: { lt: after.id } },
              ],
            }
          : {}),
      },
      orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
    const entries = rows.slice(0, limit);
    const last = entries.at(-1);
    const nextCursor =
      rows.length > limit && last ? encodeCursor({ at: last.occurredAt.toISOString(), id: last.id }) : '';
    return { entries, nextCursor };
  }
}
