import { extendZodWithOpenApi, OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

// Adds `.openapi()` to zod schemas. Every schema file imports this module first.
extendZodWithOpenApi(z);

/**
 * The one registry of the public API. Route files register their request and response schemas
 * and operations here as they load; the same schemas validate requests at run time.
 */
export const registry = new OpenAPIRegistry();

export const API_PREFIX = '/api/v1';

export const BEARER_AUTH = 'bearerAuth';
registry.registerComponent('securitySchemes', BEARER_AUTH, {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'JWT',
  description: 'An access token from POST /api/v1/auth/login.',
});

export const problemSchema = registry.register(
  'Problem',
  z
    .object({
      type: z.url().openapi({ example: 'https://salesflow.dev/problems/validation' }),
      title: z.string(),
      status: z.number().int(),
      detail: z.string().optional(),
      instance: z.string().optional(),
      errors: z
        .array(z.object({ field: z.string(), message: z.string() }))
        .optional()
        .openapi({ description: 'Per-field validation failures.' }),
      reason: z.string().optional().openapi({ description: 'Machine-readable reason, e.g. LEAD_NOT_FOUND.' }),
      requestId: z.string().optional(),
      retryAfterSeconds: z
        .number()
        .int()
        .optional()
        .openapi({ description: 'On 429 account-locked: seconds to wait, also sent as Retry-After.' }),
    })
    .openapi({ description: 'An RFC 9457 problem document.' }),
);

/** A problem+json response entry for `responses` of an operation. */
export function problemResponse(description: string) {
  return { description, content: { 'application/problem+json': { schema: problemSchema } } };
}

/** The `ETag` header of a single-resource response. */
export function etagHeader(what: string) {
  return { ETag: { description: `The ${what} version, quoted: "<version>".`, schema: { type: 'string' as const } } };
}

/** Request headers of a versioned write: If-Match is optional, and checked when sent. */
export const ifMatchHeaders = z.object({
  'If-Match': z.string().optional().openapi({
    description: 'The ETag you read ("<version>"). When the resource has changed since: 412. Left out: no check.',
    example: '"3"',
  }),
});

/** The `Location` header of a 201. */
export function locationHeader(what: string) {
  return { Location: { description: `URL of the ${what}.`, schema: { type: 'string' as const } } };
}

/** The responses every authenticated operation may give besides its own. */
export const authenticatedProblems = {
  401: problemResponse('Missing, invalid or expired access token.'),
  403: problemResponse('The caller lacks the permission this operation needs.'),
  503: problemResponse('A backing service is unavailable; retry after the Retry-After seconds.'),
};
