import type { commonV1 } from '@salesflow/contracts';
import type { FieldTransaction } from '../../database';
import { FieldWorkError } from './field-work.errors';
import { canSee, ownersVisibleTo } from './people';

/** The comment of an approve/reject decision: a rejection must say why. */
export function decisionComment(approve: boolean, comment: string): string {
  const text = comment.trim();
  if (!approve && !text) throw FieldWorkError.invalid([{ field: 'comment', message: 'say why it is rejected' }]);
  if (text.length > 2000)
    throw FieldWorkError.invalid([{ field: 'comment', message: 'is longer than 2000 characters' }]);
  return text;
}

/**
 * Only the supervisor named on a request decides it. Someone who may see the request hears
 * that they are not its supervisor; anyone else learns nothing of it (not found).
 */
export async function requireApprover(
  tx: FieldTransaction,
  principal: commonV1.Principal,
  request: { approverId: string | null; employeeId: string },
  names: { what: string; notFoundAs: string; id: string },
): Promise<void> {
  if (request.approverId === principal.employeeId) return;
  if (canSee(await ownersVisibleTo(tx, principal), request.employeeId)) {
    throw FieldWorkError.notTheSupervisor(names.what);
  }
  throw FieldWorkError.notFound(names.notFoundAs, names.id);
}
