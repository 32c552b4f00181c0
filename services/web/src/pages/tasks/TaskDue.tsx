import { Tag } from 'antd';
import dayjs from 'dayjs';
import { useI18n } from '../../i18n/i18n';
import type { DueState } from './task-due';

/** A due time, with "overdue" in red or "due soon" in amber beside it (text, not colour alone). */
export function TaskDue({ dueAt, state }: { dueAt: string | null; state: DueState }) {
  const { t } = useI18n();
  if (!dueAt) return null;
  return (
    <span data-testid="task-due" data-due-state={state}>
      {dayjs(dueAt).format('MM-DD HH:mm')} {state === 'overdue' && <Tag color="#b91c1c">{t('task.overdue')}</Tag>}
      {state === 'due_soon' && <Tag color="#92400e">{t('tasks.dueSoon')}</Tag>}
    </span>
  );
}
