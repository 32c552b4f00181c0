import type { DataScope } from '../../generated/prisma/client';

export interface RoleDefinition {
  code: string;
  name: string;
  permissions: string[];
  dataScope: DataScope;
}

const SALES_LEAD_PERMISSIONS = [
  'crm.*',
  'goals.*',
  'field.*',
  'analytics.read',
  'identity.employee.read',
  'identity.department.read',
  'notifications.read',
];

// Everyone reads their own notifications (notifications.read); only admins (`*`) manage
// the tenant's webhooks (webhooks.manage).
/** The roles every tenant starts with. `admin` is fixed; the others may be edited. */
export const BUILT_IN_ROLES: readonly RoleDefinition[] = [
  { code: 'admin', name: '系统管理员', permissions: ['*'], dataScope: 'TENANT' },
  { code: 'sales_director', name: '销售总监', permissions: SALES_LEAD_PERMISSIONS, dataScope: 'TENANT' },
  { code: 'sales_manager', name: '销售经理', permissions: SALES_LEAD_PERMISSIONS, dataScope: 'DEPARTMENT_TREE' },
  {
    code: 'sales_rep',
    name: '销售代表',
    permissions: [
      'crm.lead.*',
      'crm.customer.*',
      'crm.contact.*',
      'crm.activity.*',
      'crm.opportunity.*',
      // Reps draft and sign their own contracts and record what their customers paid (回款登记).
      'crm.contract.*',
      'crm.payment.*',
      'crm.product.read',
      'crm.ticket.*',
      'goals.target.read',
      'goals.task.*',
      'goals.project.*',
      // Not field.* : approving plans and changing field settings are for managers.
      'field.checkin.*',
      'field.attendance.read',
      'field.attendance.write',
      'field.expense.read',
      'field.expense.write',
      'field.plan.read',
      'field.plan.write',
      'field.visit.read',
      'field.report.read',
      'field.report.write',
      'analytics.read',
      'identity.employee.read',
      'identity.department.read',
      'notifications.read',
    ],
    dataScope: 'SELF',
  },
  {
    code: 'finance',
    name: '财务',
    permissions: [
      'crm.contract.*',
      'crm.payment.*',
      'crm.customer.read',
      'crm.product.read',
      'analytics.read',
      'identity.employee.read',
      'notifications.read',
    ],
    dataScope: 'TENANT',
  },
  {
    code: 'viewer',
    name: '只读用户',
    permissions: [
      'crm.lead.read',
      'crm.customer.read',
      'crm.opportunity.read',
      'crm.contract.read',
      'crm.payment.read',
      'crm.product.read',
      'goals.target.read',
      'goals.task.read',
      'goals.project.read',
      'analytics.read',
      'identity.employee.read',
      'identity.department.read',
      'notifications.read',
    ],
    dataScope: 'TENANT',
  },
];

/** The built-in role whose name, permissions and scope never change. */
export const FIXED_ROLE_CODE = 'admin';
