import type { identityV1 } from '@salesflow/contracts';
import type { DomainEvent, EventHandler } from '@salesflow/platform';
import type { FieldTransaction } from '../database';

/**
 * Keeps employee_replica in step with identity so data scopes resolve locally.
 * An event older than the stored version is ignored (events may arrive twice or late).
 */
export const employeeReplicaHandler: EventHandler<FieldTransaction> = async (
  event: DomainEvent<identityV1.EmployeeChanged>,
  tx,
) => {
  const employee = event.payload.employee;
  if (!employee) return;
  const version = event.aggregateVersion;
  const current = await tx.employeeReplica.findUnique({ where: { id: employee.id }, select: { version: true } });
  if (current && current.version >= version) return;
  const data = {
    tenantId: employee.tenantId,
    departmentId: employee.departmentId,
    departmentPath: employee.departmentPath,
    version,
  };
  await tx.employeeReplica.upsert({ where: { id: employee.id }, create: { id: employee.id, ...data }, update: data });
};

export const employeeReplicaHandlers = {
  'identity.employee.created': employeeReplicaHandler,
  'identity.employee.updated': employeeReplicaHandler,
};
