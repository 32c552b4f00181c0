import { AuditOutlined, EnvironmentOutlined, SettingOutlined } from '@ant-design/icons';
import type { MenuProps } from 'antd';
import { grants } from '../auth/permissions';
import { useMe } from '../auth/use-me';
import { useI18n } from '../i18n/i18n';

const APPROVER_PERMISSIONS = [
  'field.plan.approve',
  'field.report.review',
  'field.attendance.approve',
  'field.expense.approve',
];

/**
 * Top menu entries of the field, approvals and admin sections, each shown to those who may use
 * it: the field to whoever plans visits, approvals to supervisors, admin to who manages people.
 */
export function useFieldAdminNavItems(): NonNullable<MenuProps['items']> {
  const { t } = useI18n();
  const permissions = useMe().data?.permissions;
  return [
    ...(grants(permissions, 'field.plan.write')
      ? [{ key: '/field', icon: <EnvironmentOutlined />, label: t('nav.field') }]
      : []),
    ...(APPROVER_PERMISSIONS.some((p) => grants(permissions, p))
      ? [{ key: '/approvals', icon: <AuditOutlined />, label: t('nav.approvals') }]
      : []),
    ...(grants(permissions, 'identity.employee.write')
      ? [{ key: '/admin', icon: <SettingOutlined />, label: t('nav.admin') }]
      : []),
  ];
}
