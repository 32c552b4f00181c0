import { z } from 'zod';
import { registry } from '../../openapi/registry';

export const loginBodySchema = registry.register(
  'LoginRequest',
  z.strictObject({
    tenantCode: z.string().trim().min(1).max(100).openapi({ example: 'acme' }),
    email: z.email().max(254).openapi({ example: 'li.na@acme.example' }),
    password: z.string().min(1).max(1024),
  }),
);

export const loginResponseSchema = registry.register(
  'LoginResponse',
  z.object({
    accessToken: z.string(),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().int().openapi({ description: 'Seconds until the access token expires.' }),
    employee: z.object({
      id: z.string(),
      name: z.string(),
      email: z.string(),
      departmentId: z.string().nullable(),
      roles: z.array(z.string()),
    }),
  }),
);

export type LoginBody = z.output<typeof loginBodySchema>;
export type LoginResponseJson = z.output<typeof loginResponseSchema>;
