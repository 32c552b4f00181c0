import { z } from 'zod';
import { registry } from '../../openapi/registry';
import { clearableId, idParamsSchema, isoDate, nullableString, pageQueryShape, timestamp } from './common.schemas';
import { dataScopeSchema } from './role.schemas';

// API names of identity's EmployeeStatus and WorkStatus: the proto names without prefix, lowercase.
export const EMPLOYEE_STATUSES = ['active', 'inactive', 'departed'] as const;
export const WORK_STATUSES = [
  'in_office',
  'visiting_client',
  'handling_complaint',
  'training',
  'on_leave',
  'business_trip',
  'submitting_requirements',
] as const;

export type EmployeeStatusName = (typeof EMPLOYEE_STATUSES)[number];
export type WorkStatusName = (typeof WORK_STATUSES)[number];

export const employeeStatusSchema = registry.register(
  'EmployeeStatus',
  z.enum(EMPLOYEE_STATUSES).openapi({ description: 'Employment: inactive cannot sign in; departed has left.' }),
);

export const workStatusSchema = registry.register(
  'WorkStatus',
  z.enum(WORK_STATUSES).openapi({ description: 'What the person is doing now.' }),
);

export const employeeSchema = registry.register(
  'Employee',
  z.object({
    id: z.string().openapi({ format: 'uuid' }),
    name: z.string(),
    email: nullableString,
    phone: nullableString,
    title: nullableString,
    departmentId: nullableString,
    departmentPath: nullableString,
    managerId: nullableString.openapi({ description: 'Direct manager; null at the top of the org.' }),
    roles: z.array(z.string()).openapi({ description: 'Role codes, e.g. sales_rep.' }),
    status: z.union([employeeStatusSchema, z.null()]),
    workStatus: z.union([workStatusSchema, z.null()]),
    dataScope: z.union([dataScopeSchema, z.null()]).openapi({ description: 'The widest scope among the roles.' }),
    successorId: nullableString.openapi({ description: 'Who took over the open work; set once departed.' }),
    version: z.number().int().openapi({ description: 'Also sent as the ETag.' }),
    createdAt: timestamp,
    updatedAt: timestamp,
  }),
);

const phone = z.string().trim().min(3).max(50).openapi({ example: '+86 138-0013-8000' });
const roleCode = z.string().trim().min(1).max(50).openapi({ example: 'sales_rep' });

export const createEmployeeBodySchema = registry.register(
  'CreateEmployeeRequest',
  z.strictObject({
    name: z.string().trim().min(1).max(200).openapi({ example: '王芳' }),
    email: z.email().max(254).optional(),
    phone: phone.optional(),
    password: z
      .string()
      .min(8)
      .max(1024)
      .optional()
      .openapi({ description: 'Left out: the employee cannot sign in until an admin resets it.' }),
    departmentId: z.string().trim().min(1).max(100),
    title: z.string().trim().min(1).max(100).optional(),
    managerId: z.string().trim().min(1).max(100).optional(),
    roleCodes: z.array(roleCode).max(20).optional(),
  }),
);

export const updateEmployeeBodySchema = registry.register(
  'UpdateEmployeeRequest',
  z
    .strictObject({
      name: z.string().trim().min(1).max(200).optional(),
      email: z.email().max(254).optional(),
      phone: phone.optional(),
      title: z.string().trim().max(100).optional().openapi({ description: 'An empty string clears it.' }),
    })
    .openapi({ description: 'Fields left out are not changed.' }),
);

export const listEmployeesQuerySchema = z.object({
  ...pageQueryShape,
  departmentId: z.string().min(1).optional().openapi({ description: 'Members of this department and below.' }),
  status: employeeStatusSchema.optional(),
  role: roleCode.optional().openapi({ description: 'A role code.' }),
  q: z.string().trim().min(1).max(200).optional().openapi({ description: 'Matches name, email, phone or title.' }),
});

export const employeePageSchema = registry.register(
  'EmployeePage',
  z.object({
    items: z.array(employeeSchema),
    nextCursor: z.string().nullable().openapi({ description: 'null on the last page.' }),
  }),
);

export const employeeListSchema = registry.register('EmployeeList', z.object({ items: z.array(employeeSchema) }));

export const deactivateEmployeeBodySchema = registry.register(
  'DeactivateEmployeeRequest',
  z.strictObject({ reason: z.string().trim().max(500).optional() }),
);

export const setWorkStatusBodySchema = registry.register(
  'SetWorkStatusRequest',
  z.strictObject({ workStatus: workStatusSchema, note: z.string().trim().max(500).optional() }),
);

export const transferEmployeeBodySchema = registry.register(
  'TransferEmployeeRequest',
  z.strictObject({
    departmentId: z.string().trim().min(1).max(100),
    title: z.string().trim().max(100).optional().openapi({ description: 'Left out: the title stays.' }),
    managerId: clearableId.optional().openapi({ description: 'Left out: the manager stays; null clears it.' }),
    effectiveDate: isoDate,
    reason: z.string().trim().max(500).optional(),
  }),
);

export const departEmployeeBodySchema = registry.register(
  'DepartEmployeeRequest',
  z.strictObject({
    successorId: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .openapi({ description: 'An active employee who takes over the open work.' }),
    departedOn: isoDate.optional().openapi({ description: 'Last working day; defaults to today.' }),
    reason: z.string().trim().max(500).optional(),
  }),
);

export const assignRolesBodySchema = registry.register(
  'AssignRolesRequest',
  z.strictObject({ roleCodes: z.array(roleCode).max(20).openapi({ description: "Replaces the employee's roles." }) }),
);

export const importEmployeesBodySchema = z
  .string()
  .min(1, 'is empty')
  .openapi({
    description:
      'UTF-8 CSV with a header row: name,email,phone,department,title,roles,password ' +
      '(department by name or id; roles separated by "|"). At most 2 MB.',
    example:
      'name,email,phone,department,title,roles,password\n王芳,wang.fang@acme.example,,杭州销售部,销售代表,sales_rep,',
  });

export const importEmployeesResponseSchema = registry.register(
  'ImportEmployeesResult',
  z.object({
    created: z.array(employeeSchema),
    errors: z.array(
      z.object({
        line: z.number().int().openapi({ description: '1-based line of the CSV; the header is line 1.' }),
        field: z.string(),
        message: z.string(),
      }),
    ),
    rowsTotal: z.number().int(),
  }),
);

export const changeRecordSchema = registry.register(
  'ChangeRecord',
  z.object({
    id: z.string(),
    entityType: z.string().openapi({ description: 'employee, department or role.' }),
    entityId: z.string(),
    action: z.string().openapi({ example: 'transferred' }),
    actorId: nullableString,
    occurredAt: timestamp,
    before: z.record(z.string(), z.unknown()).nullable().openapi({ description: 'The changed fields before.' }),
    after: z.record(z.string(), z.unknown()).nullable().openapi({ description: 'The changed fields after.' }),
  }),
);

export const changeRecordPageSchema = registry.register(
  'ChangeRecordPage',
  z.object({ items: z.array(changeRecordSchema), nextCursor: z.string().nullable() }),
);

export const historyQuerySchema = z.object(pageQueryShape);

export const subordinatesQuerySchema = z.object({
  wholeSubtree: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true')
    .openapi({ description: 'false: direct reports; true: everyone in the departments they manage and below.' }),
});

export const employeeIdParamsSchema = idParamsSchema('employee');

export type EmployeeJson = z.output<typeof employeeSchema>;
export type CreateEmployeeBody = z.output<typeof createEmployeeBodySchema>;
export type UpdateEmployeeBody = z.output<typeof updateEmployeeBodySchema>;
export type TransferEmployeeBody = z.output<typeof transferEmployeeBodySchema>;
export type DepartEmployeeBody = z.output<typeof departEmployeeBodySchema>;
export type ListEmployeesQuery = z.output<typeof listEmployeesQuerySchema>;
export type ChangeRecordJson = z.output<typeof changeRecordSchema>;
export type ImportEmployeesJson = z.output<typeof importEmployeesResponseSchema>;

export const meSchema = registry.register(
  'Me',
  z.object({
    employee: employeeSchema,
    permissions: z.array(z.string()).openapi({ description: 'The union of your roles’ permissions.' }),
    dataScope: z.union([dataScopeSchema, z.null()]),
    tenant: z.object({ id: z.string(), code: z.string(), name: z.string() }).nullable(),
    department: z.object({ id: z.string(), name: z.string(), path: z.string() }).nullable(),
  }),
);

export type MeJson = z.output<typeof meSchema>;
