import { z } from 'zod';
import { registry } from '../../openapi/registry';
import { timestamp } from './common.schemas';
import { leadSourceSchema, leadStatusSchema } from './lead.schemas';

/** The lists that have saved views (crm checks the same set). */
export const SAVED_VIEW_LISTS = ['leads'] as const;

export const savedViewListSchema = registry.register(
  'SavedViewList',
  z.enum(SAVED_VIEW_LISTS).openapi({ description: 'The list the filters belong to.' }),
);

/** The query keys of `GET /api/v1/leads`, with the same formats. */
export const leadViewFiltersSchema = registry.register(
  'LeadViewFilters',
  z
    .strictObject({
      source: leadSourceSchema.optional(),
      status: leadStatusSchema.optional(),
      poolId: z.uuid().optional(),
      ownerId: z.uuid().optional(),
      claimable: z.boolean().optional().openapi({ description: 'true: only unowned leads waiting in a pool.' }),
      q: z.string().max(200).optional().openapi({ description: 'Part of the name, company, phone or email.' }),
    })
    .openapi({ description: 'Filters of the leads list, as its query takes them; at most 4 KB.' }),
);

export const listSavedViewsQuerySchema = z.object({ list: savedViewListSchema });

export const createSavedViewBodySchema = registry.register(
  'CreateSavedViewRequest',
  z.strictObject({
    list: savedViewListSchema,
    name: z.string().trim().min(1).max(60).openapi({ example: '本周展会线索' }),
    filters: leadViewFiltersSchema,
  }),
);

export const savedViewSchema = registry.register(
  'SavedView',
  z.object({
    id: z.string().openapi({ format: 'uuid' }),
    list: savedViewListSchema,
    name: z.string(),
    filters: leadViewFiltersSchema,
    createdAt: timestamp,
  }),
);

export const savedViewListResponseSchema = registry.register(
  'SavedViewListResponse',
  z.object({ items: z.array(savedViewSchema).openapi({ description: 'The caller’s own views, by name.' }) }),
);

export type CreateSavedViewBody = z.output<typeof createSavedViewBodySchema>;
export type SavedViewJson = z.input<typeof savedViewSchema>;
export type LeadViewFilters = z.output<typeof leadViewFiltersSchema>;
