import { z } from 'zod';
import { registry } from '../../openapi/registry';

export const loginBodySchema = registry.register(
  'LoginRequest',
  z
    .strictObject({
      tenantCode: z.string().trim().min(1).max(100).openapi({ example: 'acme' }),
      email: z.email().max(254).optional().openapi({ example: 'li.na@acme.example' }),
      phone: z.string().trim().min(3).max(50).optional().openapi({ example: '+86 138-0013-8000' }),
      password: z.string().min(1).max(1024),
    })
    .superRefine((body, ctx) => {
      if ((body.email === undefined) === (body.phone === undefined)) {
        ctx.addIssue({ code: 'custom', path: ['email'], message: 'send exactly one of email and phone' });
      }
    })
    .openapi({ description: 'Exactly one of email and phone identifies the employee.' }),
);

const tokenPairShape = {
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().openapi({ description: 'Seconds until the access token expires.' }),
  refreshToken: z.string().openapi({ description: 'Use once with POST /api/v1/auth/refresh; keep it secret.' }),
  refreshExpiresIn: z.number().int().openapi({ description: 'Seconds until the refresh token expires.' }),
};

export const loginResponseSchema = registry.register(
  'LoginResponse',
  z.object({
    ...tokenPairShape,
    employee: z.object({
      id: z.string(),
      name: z.string(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
      departmentId: z.string().nullable(),
      roles: z.array(z.string()),
    }),
  }),
);

export const refreshTokenBodySchema = registry.register(
  'RefreshTokenRequest',
  z.strictObject({ refreshToken: z.string().min(1).max(4096) }),
);

export const tokenPairSchema = registry.register('TokenPair', z.object(tokenPairShape));

export const logoutBodySchema = registry.register(
  'LogoutRequest',
  z.strictObject({ refreshToken: z.string().min(1).max(4096) }),
);

export const changePasswordBodySchema = registry.register(
  'ChangePasswordRequest',
  z.strictObject({
    currentPassword: z.string().min(1).max(1024),
    newPassword: z.string().min(8).max(1024).openapi({ description: 'At least 8 characters.' }),
  }),
);

export const resetPasswordBodySchema = registry.register(
  'ResetPasswordRequest',
  z.strictObject({
    newPassword: z.string().min(8).max(1024).openapi({ description: 'At least 8 characters, letters and digits.' }),
  }),
);

export const jwksSchema = registry.register(
  'JsonWebKeySet',
  z
    .object({ keys: z.array(z.record(z.string(), z.unknown())) })
    .openapi({ description: 'RFC 7517 JWK Set: the public keys that verify access tokens.' }),
);

export type LoginBody = z.output<typeof loginBodySchema>;
export type LoginResponseJson = z.output<typeof loginResponseSchema>;
export type TokenPairJson = z.output<typeof tokenPairSchema>;
