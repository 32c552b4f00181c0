import { Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';

/** "No data" in an empty table, in the secondary text colour: antd's disabled grey misses WCAG AA. */
export function EmptyText() {
  const { t } = useI18n();
  return <Typography.Text type="secondary">{t('common.empty')}</Typography.Text>;
}
