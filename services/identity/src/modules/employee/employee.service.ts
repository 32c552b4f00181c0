import type { commonV1 } from '@salesflow/contracts';
import { appendToOutbox, type OutboxOptions, ServiceError } from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { IdentityDatabase, IdentityTransaction } from '../../database';
import { hashPassword } from '../auth/password-hasher';
import { EmployeeError } from './employee.errors';
import { employeeToProto } from './employee.mapper';
import { type EmployeeWithOrg, employeeWithOrg, findEmployee, findEmployeeByEmail } from './employee.repository';

export interface NewEmployeeInput {
  tenantId: string;
  departmentId: string;
  name: string;
  email: string;
  password: string;
  title?: string;
  roleCodes: readonly string[];
}

const newEmployeeSchema = z.object({
  tenantId: z.uuid('is not an id'),
  departmentId: z.uuid('is not an id'),
  name: z.string().trim().min(1, 'is required').max(100, 'is longer than 100 characters'),
  email: z.string().trim().toLowerCase().pipe(z.email('is not an email address').max(320, 'is too long')),
  password: z.string().min(8, 'is shorter than 8 characters').max(1024, 'is longer than 1024 characters'),
  title: z.string().trim().max(100, 'is longer than 100 characters').default(''),
  roleCodes: z.array(z.string().min(1)).readonly(),
});

/**
 * Creates an employee with roles and records `identity.employee.created` in the same
 * transaction, so the event is published if and only if the employee exists.
 */
export async function createEmployee(
  tx: IdentityTransaction,
  input: NewEmployeeInput,
  options: { outbox: OutboxOptions; actorId?: string },
): Promise<EmployeeWithOrg> {
  const parsed = newEmployeeSchema.safeParse(input);
  if (!parsed.success) {
    throw ServiceError.invalid(
      parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
      'employee is invalid',
    );
  }
  const data = parsed.data;
  const department = await tx.department.findFirst({
    where: { id: data.departmentId, tenantId: data.tenantId },
    select: { id: true },
  });
  if (!department) throw ServiceError.invalid([{ field: 'departmentId', message: 'is not a department' }]);
  const roles = await tx.role.findMany({
    where: { tenantId: data.tenantId, code: { in: [...data.roleCodes] } },
    select: { id: true, code: true },
  });
  const unknown = data.roleCodes.filter((code) => !roles.some((r) => r.code === code));
  if (unknown.length)
    throw ServiceError.invalid([{ field: 'roleCodes', message: `unknown roles ${unknown.join(', ')}` }]);
  if (await findEmployeeByEmail(tx, data.tenantId, data.email)) throw EmployeeError.emailTaken(data.email);

  const employee = await tx.employee.create({
    data: {
      id: uuidv7(),
      tenantId: data.tenantId,
      departmentId: data.departmentId,
      name: data.name,
      email: data.email,
      passwordHash: await hashPassword(data.password),
      title: data.title,
      roles: { create: roles.map((r) => ({ roleId: r.id })) },
    },
    include: employeeWithOrg,
  });
  await appendToOutbox(
    tx,
    {
      type: 'identity.employee.created',
      tenantId: employee.tenantId,
      aggregateId: employee.id,
      aggregateVersion: employee.version,
      ...(options.actorId ? { actorId: options.actorId } : {}),
      payload: { employee: employeeToProto(employee) },
    },
    options.outbox,
  );
  return employee;
}

export class EmployeeService {
  constructor(private readonly db: IdentityDatabase) {}

  /** Anyone signed in may look up a colleague of the same tenant; another tenant's is "not found". */
  async get(principal: commonV1.Principal, id: string): Promise<EmployeeWithOrg> {
    if (!z.uuid().safeParse(id).success) throw EmployeeError.notFound(id);
    const employee = await findEmployee(this.db, principal.tenantId, id);
    if (!employee) throw EmployeeError.notFound(id);
    return employee;
  }
}
