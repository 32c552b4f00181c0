import { ServiceError } from '@salesflow/platform';
import type { Response } from 'express';

/** A single resource with its version as the ETag (`"<version>"`), the value `If-Match` takes. */
export function sendVersioned(res: Response, body: { version: number }): void {
  res.setHeader('ETag', `"${body.version}"`);
  res.json(body);
}

/** proto3 message fields are optional; a service that leaves out the one it owes is a bug. */
export function present<T>(value: T | undefined, service: string, what: string): T {
  if (value === undefined) throw new ServiceError('INTERNAL', `${service} answered without the ${what}`);
  return value;
}
