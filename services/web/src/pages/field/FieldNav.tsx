import { SubNav } from '../../components/SubNav';
import { useI18n } from '../../i18n/i18n';

/** Today's plan | daily report | market report | my requests (leave, trips, expenses): what a rep in the field opens during a day. */
export function FieldNav() {
  const { t } = useI18n();
  return (
    <SubNav
      label={t('nav.fieldPages')}
      items={[
        { path: '/field', label: t('field.today') },
        { path: '/field/daily-report', label: t('field.dailyReport') },
        { path: '/field/market-report', label: t('field.marketReport') },
        { path: '/field/requests', label: t('field.requests') },
      ]}
    />
  );
}
