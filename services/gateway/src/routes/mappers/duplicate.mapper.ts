import type { crmV1 } from '@salesflow/contracts';
import type { Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, problemKindOf } from '../../http/problem';
import { requestIdOf } from '../../http/request-id';
import type { DuplicateMatchJson } from '../schemas/duplicate.schemas';

export function duplicateMatchToJson(match: crmV1.DuplicateMatch): DuplicateMatchJson {
  return {
    kind: match.kind === 'customer' ? 'customer' : 'lead',
    id: match.id,
    matchedOn: match.matchedOn.filter((m): m is 'phone' | 'email' | 'company' =>
      ['phone', 'email', 'company'].includes(m),
    ),
    visible: match.visible,
    name: match.name || null,
    ownerId: match.ownerId || null,
  };
}

/** 409 problem+json listing the look-alikes a create found instead of writing. */
export function sendDuplicates(req: Request, res: Response, what: string, matches: crmV1.DuplicateMatch[]): void {
  const problem = {
    ...problemKindOf('ALREADY_EXISTS'),
    detail: `the ${what} looks like ${matches.length} existing record(s); send ?force=true to create it anyway`,
    instance: req.originalUrl.split('?')[0],
    reason: 'DUPLICATE',
    requestId: requestIdOf(req),
    duplicates: matches.map(duplicateMatchToJson),
  };
  res.status(409).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}
