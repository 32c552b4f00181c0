import type { identityV1 } from '@salesflow/contracts';
import { decodeCursor, encodeCursor, pageSize } from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import type { IdentityDatabase, IdentityTransaction } from '../../database';
import type { ChangeRecord, Prisma } from '../../generated/prisma/client';

export type EntityType = 'employee' | 'department' | 'role' | 'tenant';

export interface Change {
  tenantId: string;
  entityType: EntityType;
  entityId: string;
  action: string;
  actorId?: string | undefined;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/** JSON-safe copy (dates become ISO strings, undefined fields vanish). */
function toJson(value: Record<string, unknown>): Prisma.InputJsonObject {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonObject;
}

/** Only the fields whose value differs, on both sides. */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key] ?? null;
      a[key] = after[key] ?? null;
    }
  }
  return { before: b, after: a };
}

/** Appends one entry to the operation log (操作日志) inside the caller's transaction. */
export async function recordChange(tx: IdentityTransaction, change: Change): Promise<void> {
  await tx.changeRecord.create({
    data: {
      id: uuidv7(),
      tenantId: change.tenantId,
      entityType: change.entityType,
      entityId: change.entityId,
      action: change.action,
      actorId: change.actorId ?? null,
      before: toJson(change.before),
      after: toJson(change.after),
    },
  });
}

export function changeRecordToProto(record: ChangeRecord): identityV1.ChangeRecord {
  return {
    id: record.id,
    entityType: record.entityType,
    entityId: record.entityId,
    action: record.action,
    actorId: record.actorId ?? '',
    occurredAt: record.occurredAt,
    beforeJson: JSON.stringify(record.before),
    afterJson: JSON.stringify(record.after),
  };
}

/** One entity's log, newest first, keyset-paginated on (occurred_at, id). */
export async function listChanges(
  db: IdentityDatabase | IdentityTransaction,
  where: { tenantId: string; entityType: EntityType; entityId: string },
  page: { limit?: number; cursor?: string } | undefined,
): Promise<{ records: ChangeRecord[]; nextCursor: string }> {
  const limit = pageSize(page?.limit);
  const cursor = page?.cursor ? decodeCursor(page.cursor) : undefined;
  const records = await db.changeRecord.findMany({
    where: {
      ...where,
      ...(cursor
        ? {
            OR: [
              { occurredAt: { lt: new Date(cursor.at) } },
              { occurredAt: new Date(cursor.at), id: { lt: cursor.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
  });
  const more = records.length > limit;
  const shown = records.slice(0, limit);
  const last = shown.at(-1);
  return {
    records: shown,
    nextCursor: more && last ? encodeCursor({ at: last.occurredAt.toISOString(), id: last.id }) : '',
  };
}
