import { hasPermission } from '@salesflow/platform';
import type { RequestHandler } from 'express';
import { AuthError } from './auth.errors';
import { principalOf } from './authenticate';

/** Permission names as identity grants them in the token's `perms` claim (admins hold `*`). */
export type Permission =
  | 'crm.lead.read'
  | 'crm.lead.write'
  | 'crm.customer.read'
  | 'crm.customer.write'
  | 'crm.contact.read'
  | 'crm.contact.write'
  | 'crm.activity.read'
  | 'crm.activity.write'
  | 'crm.pool.read'
  | 'crm.pool.write'
  | 'crm.settings.write'
  | 'crm.opportunity.read'
  | 'crm.opportunity.write'
  | 'crm.product.read'
  | 'crm.product.write'
  | 'crm.contract.read'
  | 'crm.contract.write'
  | 'crm.payment.read'
  | 'crm.payment.write'
  | 'crm.ticket.read'
  | 'crm.ticket.write'
  | 'analytics.read'
  | 'goals.task.read'
  | 'goals.task.write'
  | 'goals.project.read'
  | 'goals.project.write'
  | 'goals.settings.write'
  | 'field.plan.read'
  | 'field.plan.write'
  | 'field.plan.approve'
  | 'field.checkin.write'
  | 'field.checkin.read'
  | 'field.visit.read'
  | 'field.settings.write'
  | 'analytics.rebuild'
  | 'identity.employee.read'
  | 'identity.employee.write'
  | 'identity.department.read'
  | 'identity.department.write'
  | 'identity.role.read'
  | 'identity.role.write'
  | 'identity.tenant.write'
  | 'goals.target.read'
  | 'goals.target.write'
  | 'goals.settings.write'
  | 'field.report.read'
  | 'field.report.write'
  | 'field.report.review'
  | 'field.attendance.read'
  | 'field.attendance.write'
  | 'field.attendance.approve'
  | 'field.expense.read'
  | 'field.expense.write'
  | 'field.expense.approve'
  | 'notifications.read'
  | 'webhooks.manage';

/**
 * Mounted after `authenticate`: 403 when the caller lacks the permission. It uses the kit's
 * `hasPermission`, the same rule the services apply, so the gateway never lets through what
 * a service would refuse, nor refuses what it would allow.
 */
export function requirePermission(permission: Permission): RequestHandler {
  return (req, _res, next) => {
    if (!hasPermission(principalOf(req), permission)) {
      throw new AuthError('PERMISSION_MISSING', `this needs the ${permission} permission`);
    }
    next();
  };
}
