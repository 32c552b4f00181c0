import { z } from 'zod';

/** The lists that have saved views. */
export type SavedViewList = 'leads';
export const SAVED_VIEW_LISTS = ['leads'] as const satisfies readonly SavedViewList[];

/** Filters are stored as the REST list endpoint takes them; 4 KB is far above any real set. */
export const MAX_FILTERS_BYTES = 4096;

/**
 * The filter keys of each list, mirroring the query of `GET /api/v1/leads` (the gateway checks
 * the values' formats; here only the shape, so a view never holds keys the list ignores).
 */
const leadFiltersSchema = z
  .object({
    source: z.string().min(1).max(40),
    status: z.string().min(1).max(40),
    poolId: z.uuid('is not an id'),
    ownerId: z.uuid('is not an id'),
    claimable: z.boolean(),
    q: z.string().max(200, 'is longer than 200 characters'),
  })
  .partial()
  .strict();

export const FILTER_SCHEMAS: Record<SavedViewList, z.ZodType<Record<string, unknown>>> = {
  leads: leadFiltersSchema,
};
