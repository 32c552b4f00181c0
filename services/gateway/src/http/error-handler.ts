import { type Logger, ServiceError } from '@salesflow/platform';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { type Problem, problemFromServiceError, problemKindOf, problemType, sendProblem } from './problem';
import { requestIdOf } from './request-id';

/** The shape of the errors body-parser raises (http-errors with a `type`). */
interface BodyParserError {
  status: number;
  type: string;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { status?: unknown }).status === 'number' &&
    typeof (error as { type?: unknown }).type === 'string'
  );
}

/** Requests that matched no route: a 404 problem rather than Express's HTML page. */
export function routeNotFound(): RequestHandler {
  return (req, res) => {
    sendProblem(
      res,
      withRequest(req, {
        type: problemType('not-found'),
        title: 'The resource does not exist',
        status: 404,
        detail: `no route for ${req.method} ${req.path}`,
      }),
    );
  };
}

/**
 * Turns every error into a problem+json response. Callers never see a stack trace or an
 * internal message; unexpected errors are logged in full instead.
 */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const problem = withRequest(req, problemOf(error));
    const where = { request_id: problem.requestId, method: req.method, path: req.path };
    if (problem.status === 503) {
      // A dependency is down: its readiness and logs tell the story, one line here is enough.
      log.warn({ ...where, cause: (error as Error).message }, 'backing service unavailable');
    } else if (problem.status >= 500) {
      log.error({ ...where, err: error }, 'request failed');
    }
    sendProblem(res, problem);
  };
}

function problemOf(error: unknown): Problem {
  if (error instanceof ServiceError) return problemFromServiceError(error);
  if (isBodyParserError(error)) return bodyParserProblem(error);
  return { ...problemKindOf('INTERNAL') };
}

function bodyParserProblem(error: BodyParserError): Problem {
  switch (error.type) {
    case 'entity.parse.failed':
      return {
        type: problemType('malformed-json'),
        title: 'The request body is not valid JSON',
        status: 400,
      };
    case 'entity.too.large':
      return {
        type: problemType('payload-too-large'),
        title: 'The request body is too large',
        status: 413,
      };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return {
        type: problemType('unsupported-media-type'),
        title: 'The request body encoding is not supported',
        status: 415,
      };
    default:
      // Aborted or unreadable bodies: the client's fault, but nothing more specific to say.
      return error.status >= 400 && error.status < 500
        ? { type: problemType('validation'), title: 'The request could not be read', status: error.status }
        : { ...problemKindOf('INTERNAL') };
  }
}

function withRequest(req: Request, problem: Problem): Problem {
  return { ...problem, instance: req.originalUrl.split('?')[0], requestId: requestIdOf(req) };
}
