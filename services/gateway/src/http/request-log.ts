import { httpRequestDuration, type Logger } from '@salesflow/platform';
import type { Request, RequestHandler } from 'express';
import { requestIdOf } from './request-id';

/** One log line and one histogram sample per request, labelled by route pattern, not path. */
export function logRequests(log: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('close', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const route = routeOf(req);
      const status = res.statusCode;
      httpRequestDuration.observe({ method: req.method, route, status: String(status) }, ms / 1000);
      const line = {
        method: req.method,
        route,
        path: req.originalUrl.split('?')[0],
        status,
        ms: Math.round(ms * 10) / 10,
        request_id: requestIdOf(req),
        ...(res.writableFinished ? {} : { aborted: true }),
      };
      if (status >= 500) log.warn(line, 'request');
      else log.info(line, 'request');
    });
    next();
  };
}

// Routes are registered with their full path, so the matched pattern is the whole route.
function routeOf(req: Request): string {
  const route: unknown = req.route;
  const path = typeof route === 'object' && route !== null ? (route as { path?: unknown }).path : undefined;
  return typeof path === 'string' ? path : 'unmatched';
}
