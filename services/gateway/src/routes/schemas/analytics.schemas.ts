import { z } from 'zod';
import { registry } from '../../openapi/registry';
import { LEAD_SOURCES } from './lead.schemas';

export const leadSummarySchema = registry.register(
  'LeadSummary',
  z.object({
    total: z.number().int().openapi({ description: 'Leads of your tenant.' }),
    bySource: z
      .record(z.enum(LEAD_SOURCES), z.number().int())
      .openapi({ description: 'Leads per source; every source is present, 0 when it has none.' }),
  }),
);

export type LeadSummaryJson = z.output<typeof leadSummarySchema>;
