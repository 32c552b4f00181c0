import { z } from 'zod';
import { registry } from '../../openapi/registry';

export const churnCustomerBodySchema = registry.register(
  'ChurnCustomerRequest',
  z.strictObject({
    reason: z.string().trim().min(1).max(500).openapi({ description: 'Why the customer was lost (流失分析).' }),
  }),
);
