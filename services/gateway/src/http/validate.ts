import { type FieldError, ServiceError } from '@salesflow/platform';
import type { z } from 'zod';

export type RequestPart = 'body' | 'query' | 'params';

/**
 * Parses one part of a request with the same zod schema the OpenAPI document is built from.
 * A failure becomes INVALID_ARGUMENT with one entry per offending field, which the error
 * handler turns into a 400 problem.
 */
export function validate<S extends z.ZodType>(schema: S, input: unknown, part: RequestPart): z.output<S> {
  const result = schema.safeParse(input, {
    error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined),
  });
  if (result.success) return result.data;
  throw ServiceError.invalid(result.error.issues.flatMap((issue) => fieldErrorsOf(issue, part)));
}

function fieldErrorsOf(issue: z.core.$ZodIssue, part: RequestPart): FieldError[] {
  const field = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ field: field ? `${field}.${key}` : key, message: 'is not a known field' }));
  }
  // An issue on the part itself (e.g. a body that is not an object) names the part.
  return [{ field: field || part, message: issue.message }];
}
