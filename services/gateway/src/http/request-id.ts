import { randomUUID } from 'node:crypto';
import { runInCallContext } from '@salesflow/platform';
import type { Request, RequestHandler } from 'express';

export const REQUEST_ID_HEADER = 'X-Request-Id';

// A caller's id is kept only if it is short and plain, so it cannot forge log lines or headers.
const ACCEPTABLE_ID = /^[\w.:-]{1,128}$/;

const requestIds = new WeakMap<Request, string>();

/**
 * Takes the caller's X-Request-Id or makes one, echoes it on the response and opens the call
 * context, so the gRPC clients send it to every service this request reaches.
 */
export function assignRequestId(): RequestHandler {
  return (req, res, next) => {
    const offered = req.get(REQUEST_ID_HEADER);
    const id = offered && ACCEPTABLE_ID.test(offered) ? offered : randomUUID();
    requestIds.set(req, id);
    res.setHeader(REQUEST_ID_HEADER, id);
    runInCallContext({ requestId: id }, next);
  };
}

export function requestIdOf(req: Request): string {
  return requestIds.get(req) ?? 'unknown';
}
