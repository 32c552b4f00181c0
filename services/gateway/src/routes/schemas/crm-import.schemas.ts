import { z } from 'zod';
import { authenticatedProblems, problemResponse, registry } from '../../openapi/registry';
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

/** The OpenAPI operation of a CSV import route; leads and customers differ only in their words. */
export function registerCsvImport(operation: {
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description: string;
  security: { [scheme: string]: string[] }[];
}): void {
  registry.registerPath({
    method: 'post',
    path: operation.path,
    operationId: operation.operationId,
    tags: [operation.tag],
    summary: operation.summary,
    description: operation.description,
    security: operation.security,
    request: {
      query: importQuerySchema,
      body: { required: true, content: { [CSV_MEDIA_TYPE]: { schema: csvBodySchema } } },
    },
    responses: {
      200: {
        description: 'What happened to each row.',
        content: { 'application/json': { schema: importReportSchema } },
      },
      400: problemResponse('The file is empty or its header is not one of these columns.'),
      413: problemResponse('The file is larger than the upload limit; split it.'),
      415: problemResponse('The body is not text/csv.'),
      ...authenticatedProblems,
    },
  });
}
