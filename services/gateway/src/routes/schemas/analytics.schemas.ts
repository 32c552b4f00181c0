import { z } from 'zod';
import { registry } from '../../openapi/registry';
import { LEAD_SOURCES } from './lead.schemas';

export const leadSummarySchema = registry.register(
  'LeadSummary',
  z.object({
    total: z.number().int().openapi({ description: 'Leads of your tenant.' }),
    bySource: z.partialRecord(z.enum(LEAD_SOURCES), z.number().int()).openapi({
      description: 'Leads per source; a source with no leads is left out.',
      example: { web: 3, referral: 2 },
    }),
  }),
);

export type LeadSummaryJson = z.output<typeof leadSummarySchema>;
