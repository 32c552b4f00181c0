import { SubNav } from '../../components/SubNav';
import { useI18n } from '../../i18n/i18n';

/** A manager's two views of the team: what waits for a decision, and who visits whom when. */
export function ApprovalsNav() {
  const { t } = useI18n();
  return (
    <SubNav
      label={t('nav.approvalsPages')}
      items={[
        { path: '/approvals', label: t('nav.approvals') },
        { path: '/approvals/schedule', label: t('field.teamSchedule') },
      ]}
    />
  );
}
