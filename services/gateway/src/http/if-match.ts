import { ServiceError } from '@salesflow/platform';
import type { Request } from 'express';
import { PreconditionFailedError } from './http-errors';

/** What a PATCH passes as `expected_version`: "0" skips the check. */
export type ExpectedVersion = string;

const STRONG_VERSION_TAG = /^"(\d{1,18})"$/;

/**
 * The version named by `If-Match` (our ETags are `"<version>"`). Absent or `*`: "0", so the
 * service applies the change to whatever is current. Anything else is a 400 naming the header.
 */
export function expectedVersionOf(req: Request): ExpectedVersion {
  const header = req.get('if-match')?.trim();
  if (!header || header === '*') return '0';
  const version = STRONG_VERSION_TAG.exec(header)?.[1];
  if (!version) {
    throw ServiceError.invalid([{ field: 'If-Match', message: 'expected an ETag of this API, e.g. "3"' }]);
  }
  return version;
}

/** Runs a versioned write; a CONFLICT for a version the caller named becomes 412. */
export async function withIfMatch<T>(expectedVersion: ExpectedVersion, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (expectedVersion !== '0' && error instanceof ServiceError && error.code === 'CONFLICT') {
      throw new PreconditionFailedError(`the resource is no longer at version ${expectedVersion}`, error);
    }
    throw error;
  }
}
