import { commonV1 } from '@salesflow/contracts';
import { ServiceError } from '@salesflow/platform';

/** How many records a source page asks for. */
export const SOURCE_PAGE = 200;

/** The tenant's system reader: no employee, the whole tenant, the one read permission the list RPC checks. */
export function systemReader(tenantId: string, permission: string): commonV1.Principal {
  return commonV1.Principal.fromPartial({ tenantId, permissions: [permission], dataScope: 'DATA_SCOPE_TENANT' });
}

/** Every record of a cursor-paged list RPC, page after page. */
export async function allPages<T>(page: (cursor: string) => Promise<{ items: T[]; nextCursor: string }>): Promise<T[]> {
  const out: T[] = [];
  let cursor = '';
  do {
    const next = await page(cursor);
    out.push(...next.items);
    cursor = next.nextCursor;
  } while (cursor);
  return out;
}

/** A get RPC's answer, undefined when the source does not know the id. */
export async function unlessNotFound<T>(read: Promise<T | undefined>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof ServiceError && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
}

/** `day` plus `days` (negative: before), as YYYY-MM-DD. */
export function dayPlus(day: string, days: number): string {
  const at = new Date(`${day}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}
