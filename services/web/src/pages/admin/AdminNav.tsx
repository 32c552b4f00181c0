import { SubNav } from '../../components/SubNav';
import { useI18n } from '../../i18n/i18n';

/** The admin pages: org, people, what roles may do and see, company-wide settings. */
export function AdminNav() {
  const { t } = useI18n();
  return (
    <SubNav
      label={t('nav.adminPages')}
      items={[
        { path: '/admin/org', label: t('admin.org') },
        { path: '/admin/employees', label: t('admin.employees') },
        { path: '/admin/roles', label: t('admin.roles') },
        { path: '/admin/tenant', label: t('admin.tenant') },
        { path: '/admin/custom-fields', label: t('admin.customFields') },
        { path: '/admin/pipelines', label: t('admin.pipelines') },
        { path: '/admin/conversion-rules', label: t('admin.conversionRules') },
        { path: '/admin/webhooks', label: t('admin.webhooks') },
      ]}
    />
  );
}
