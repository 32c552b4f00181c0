import { z } from 'zod';
import { registry } from '../../openapi/registry';
import { duplicateMatchSchema } from './duplicate.schemas';

export const CSV_MEDIA_TYPE = 'text/csv';

export const csvBodySchema = z
  .string({ error: 'send the file as text/csv' })
  .min(1, 'is empty')
  .openapi({ description: 'UTF-8 CSV with a header row.' });

export const importQuerySchema = z.object({
  force: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .openapi({ description: 'true: also create rows that look like existing records.' }),
});

export const importReportSchema = registry.register(
  'ImportReport',
  z.object({
    totalRows: z.number().int(),
    created: z.number().int(),
    errors: z
      .array(
        z.object({
          row: z.number().int().openapi({ description: 'Line of the file; the header is 1.' }),
          field: z.string(),
          message: z.string(),
        }),
      )
      .openapi({ description: 'Rows not created, every problem by field.' }),
    duplicates: z
      .array(
        z.object({
          row: z.number().int(),
          matches: z.array(duplicateMatchSchema),
          duplicateOfRow: z
            .number()
            .int()
            .nullable()
            .openapi({ description: 'An earlier row of the file it repeats.' }),
        }),
      )
      .openapi({ description: 'Rows not created (unless force) because they look like existing records.' }),
  }),
);

export const exportLeadsQuerySchema = z.object({
  status: z.enum(['new', 'contacted', 'qualified', 'unqualified', 'converted', 'recycled']).optional(),
  poolId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
});

export const exportCustomersQuerySchema = z.object({
  lifecycle: z.enum(['prospect', 'active', 'dormant', 'churned']).optional(),
  ownerId: z.uuid().optional(),
});

export type ImportReportJson = z.output<typeof importReportSchema>;
