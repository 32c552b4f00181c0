import { decodeCursor, encodeCursor, pageSize } from '@salesflow/platform';

/** Newest first, keyset on (created_at, id): stable while rows are added. */
export function pageWhere(cursor: string | undefined) {
  if (!cursor) return {};
  const { at, id } = decodeCursor(cursor);
  const createdAt = new Date(at);
  return { OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] };
}

export const newestFirst = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];

/** Fetches one more row than the page to know whether another page follows. */
export function pageOf<T extends { createdAt: Date; id: string }>(
  rows: T[],
  limit: number,
): { items: T[]; nextCursor: string } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : '';
  return { items, nextCursor };
}

export { pageSize };
