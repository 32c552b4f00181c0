import { ServiceError } from '@salesflow/platform';
import type { GoalsTransaction } from '../../database';

/**
 * Refuses an assignee the org replica knows cannot take work: an employee of another tenant
 * (answered like an unknown one, so it tells nothing about other tenants) or one who left or
 * was deactivated. An id the replica does not know is accepted: the replica follows identity's
 * events, so someone hired a moment ago may not be in it yet, and refusing them would make
 * assigning depend on the broker's delay.
 */
export async function requireAssignable(tx: GoalsTransaction, tenantId: string, assigneeId: string): Promise<void> {
  const [known] = await tx.$queryRaw<{ tenant_id: string; status: string }[]>`
    SELECT tenant_id::text, status FROM salesflow_employee_replica WHERE id = ${assigneeId}::uuid`;
  if (!known) return;
  const message =
    known.tenant_id !== tenantId
      ? 'is not an employee of this tenant'
      : known.status !== 'ACTIVE'
        ? 'has left or is deactivated'
        : '';
  if (message) throw ServiceError.invalid([{ field: 'assigneeId', message }], 'task is invalid');
}
