import { Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useI18n } from '../../i18n/i18n';
import { type PeriodKind, periodKindOf, periodOf, periodOptions } from './period';
import { useDepartmentOptions } from './use-group-names';

export interface DashboardFilters {
  period: string;
  departmentId?: string;
}

/** The dashboard's period (month, quarter or year) and, for people who see more than one department, a department. */
export function PeriodPicker({
  value,
  onChange,
  showDepartments,
}: {
  value: DashboardFilters;
  onChange(next: DashboardFilters): void;
  showDepartments: boolean;
}) {
  const { t } = useI18n();
  const today = { year: dayjs().year(), month: dayjs().month() + 1 };
  const kind = periodKindOf(value.period) ?? 'month';
  const options = useMemo(
    () =>
      periodOptions(kind, { year: dayjs().year(), month: dayjs().month() + 1 }).map((p) => ({ value: p, label: p })),
    [kind],
  );
  const departments = useDepartmentOptions(showDepartments);
  return (
    <Space wrap data-testid="dashboard-filters">
      <Select<PeriodKind>
        aria-label={t('dashboard.periodKind')}
        value={kind}
        style={{ width: 100 }}
        onChange={(next) => onChange({ ...value, period: periodOf(next, today) })}
        options={(['month', 'quarter', 'year'] as const).map((k) => ({
          value: k,
          label: t(`dashboard.periodKind.${k}`),
        }))}
      />
      <Select<string>
        aria-label={t('dashboard.period')}
        value={value.period}
        style={{ width: 120 }}
        onChange={(period) => onChange({ ...value, period })}
        options={options}
      />
      {showDepartments && (
        <Select<string>
          aria-label={t('dashboard.department')}
          allowClear
          placeholder={t('dashboard.allDepartments')}
          value={value.departmentId}
          style={{ minWidth: 160 }}
          loading={departments.isLoading}
          onChange={(departmentId) => onChange({ ...value, departmentId })}
          options={departments.data ?? []}
        />
      )}
    </Space>
  );
}
