import { z } from 'zod';
import { registry } from '../../openapi/registry';

export const duplicateMatchSchema = registry.register(
  'DuplicateMatch',
  z.object({
    kind: z.enum(['lead', 'customer']),
    id: z.string().openapi({ format: 'uuid' }),
    matchedOn: z.array(z.enum(['phone', 'email', 'company'])),
    visible: z
      .boolean()
      .openapi({ description: 'false: the record is outside your data scope; name and owner are withheld.' }),
    name: z.string().nullable(),
    ownerId: z.string().nullable(),
  }),
);

export const duplicateProblemSchema = registry.register(
  'DuplicateProblem',
  z
    .object({
      type: z.string(),
      title: z.string(),
      status: z.literal(409),
      detail: z.string(),
      reason: z.literal('DUPLICATE'),
      duplicates: z.array(duplicateMatchSchema),
    })
    .openapi({
      description: 'The record looks like existing ones; nothing was written. Send ?force=true to create it anyway.',
    }),
);

export const forceQuerySchema = z.object({
  force: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .openapi({ description: 'true: create even when it looks like a duplicate.' }),
});

export type DuplicateMatchJson = z.output<typeof duplicateMatchSchema>;
