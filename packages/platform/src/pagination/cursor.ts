import { ServiceError } from '../errors/service-error';

/**
 * Keyset cursors: opaque to callers, they encode the sort key of the last row returned,
 * so pages stay stable while rows are inserted (offsets would skip or repeat rows).
 */
export interface Cursor {
  /** ISO timestamp of the last row's sort column. */
  at: string;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');
}

export function decodeCursor(raw: string): Cursor {
  try {
    const [at, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (typeof at !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(at))) throw new Error('shape');
    return { at, id };
  } catch {
    throw ServiceError.invalid([{ field: 'cursor', message: 'is not a cursor returned by this API' }]);
  }
}

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

/** Clamps a requested page size to [1, MAX_PAGE_SIZE]; 0 or missing means the default. */
export function pageSize(requested: number | undefined): number {
  if (!requested) return DEFAULT_PAGE_SIZE;
  return Math.max(1, Math.min(MAX_PAGE_SIZE, Math.trunc(requested)));
}
