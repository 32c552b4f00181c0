import { z } from 'zod';
import '../../openapi/registry';

/** `?limit=&cursor=` of every list that pages. */
export const pageQueryShape = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .openapi({ description: 'Page size, 50 by default; values above 200 are capped at 200.' }),
  cursor: z.string().min(1).optional().openapi({ description: 'nextCursor of the previous page.' }),
};

export function idParamsSchema(what: string) {
  return z.object({
    id: z
      .string()
      .min(1)
      .max(100)
      .openapi({ format: 'uuid', description: `The ${what} id.` }),
  });
}

/** `YYYY-MM-DD` that is a real calendar date. */
export const isoDate = z.iso.date().openapi({ example: '2026-12-01' });

/** An optional id that may be sent as null to clear it. */
export const clearableId = z.string().trim().min(1).max(100).nullable();

export const nullableString = z.string().nullable();
export const timestamp = z.iso.datetime().nullable();
