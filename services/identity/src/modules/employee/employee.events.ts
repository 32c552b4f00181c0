import { appendToOutbox, type OutboxOptions } from '@salesflow/platform';
import type { IdentityTransaction } from '../../database';
import { employeeToProto } from './employee.mapper';
import type { EmployeeWithOrg } from './employee.repository';

export type EmployeeChangedType =
  | 'identity.employee.created'
  | 'identity.employee.updated'
  | 'identity.employee.status_changed'
  | 'identity.employee.transferred'
  | 'identity.employee.reactivated';

/** Records an EmployeeChanged event carrying the whole employee, in the caller's transaction. */
export async function emitEmployeeChanged(
  tx: IdentityTransaction,
  type: EmployeeChangedType,
  employee: EmployeeWithOrg,
  options: { outbox: OutboxOptions; actorId?: string | undefined },
): Promise<void> {
  await appendToOutbox(
    tx,
    {
      type,
      tenantId: employee.tenantId,
      aggregateId: employee.id,
      aggregateVersion: employee.version,
      ...(options.actorId ? { actorId: options.actorId } : {}),
      payload: { employee: employeeToProto(employee) },
    },
    options.outbox,
  );
}
