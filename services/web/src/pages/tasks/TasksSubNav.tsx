import { SubNav } from '../../components/SubNav';
import { useI18n } from '../../i18n/i18n';

/** Tasks and projects: one menu entry, two pages. */
export function TasksSubNav() {
  const { t } = useI18n();
  return (
    <SubNav
      label={t('nav.tasksPages')}
      items={[
        { path: '/tasks', label: t('nav.tasks') },
        { path: '/projects', label: t('tasks.projects') },
      ]}
    />
  );
}
