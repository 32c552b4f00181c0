import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input, Select, Table, Tabs, Tag } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { hasPermission } from '../../auth/has-permission';
import { useMe } from '../../auth/use-me';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { DecomposeDialog } from './DecomposeDialog';
import { EditTargetValueDialog } from './EditTargetValueDialog';
import { NewRootTargetDialog } from './NewRootTargetDialog';
import { TargetProgress } from './TargetProgress';
import {
  formatTargetAmount,
  METRICS,
  type Metric,
  nestTargets,
  type TargetNode,
  type TargetRow,
} from './target-format';

type View = 'tree' | 'mine';
interface Filters {
  period: string;
  metric: Metric;
}

/**
 * 目标: the manager's tree of a period and metric (each node's completion against where it should
 * be by now, split further from here) and "my targets", the signed-in person's own nodes.
 */
export function TargetsPage() {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const me = useMe();
  const [view, setView] = useState<View>('tree');
  const [filters, setFilters] = useState<Filters>({ period: dayjs().format('YYYY-MM'), metric: 'CONTRACT_AMOUNT' });
  const [splitting, setSplitting] = useState<TargetNode>();
  const [filterForm] = Form.useForm<Filters>();
  const [editing, setEditing] = useState<TargetNode>();
  const [creatingRoot, setCreatingRoot] = useState(false);
  const canWrite = hasPermission(me.data?.permissions, 'goals.target.write');
  // A tenant-wide (root) target needs the TENANT data scope as well.
  const canCreateRoot = canWrite && me.data?.dataScope === 'tenant';

  const tree = useQuery({
    queryKey: ['target-tree', filters],
    enabled: view === 'tree',
    queryFn: async () => unwrap(await api.GET('/api/v1/targets/tree', { params: { query: filters } })),
  });
  const mine = useQuery({
    queryKey: ['my-targets', me.data?.employee.id],
    enabled: view === 'mine' && Boolean(me.data),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/targets', {
          params: { query: { scope: 'EMPLOYEE', scopeId: me.data?.employee.id, limit: 200 } },
        }),
      ),
  });
  // Names for the scope ids: departments and the people I may see.
  const departments = useQuery({
    queryKey: ['departments', 'flat'],
    queryFn: async () => unwrap(await api.GET('/api/v1/departments', { params: { query: { view: 'flat' } } })),
    staleTime: 300_000,
  });
  const employees = useQuery({
    queryKey: ['employees', 'all'],
    queryFn: async () => unwrap(await api.GET('/api/v1/employees', { params: { query: { limit: 200 } } })),
    staleTime: 300_000,
  });
  const departmentList = departments.data && departments.data.view === 'flat' ? departments.data.items : [];
  const employeeList = employees.data?.items ?? [];

  function scopeLabel(node: TargetNode): string {
    const who =
      node.scope === 'TENANT'
        ? (me.data?.tenant?.name ?? t('target.scope.TENANT'))
        : node.scope === 'DEPARTMENT'
          ? (departmentList.find((d) => d.id === node.scopeId)?.name ?? node.scopeId ?? '')
          : (employeeList.find((e) => e.id === node.scopeId)?.name ?? node.scopeId ?? '');
    const dimensions = [node.productLine, node.region, node.customerSegment].filter(Boolean).join(' · ');
    return [who, dimensions].filter(Boolean).join(' · ');
  }

  async function refreshTargets() {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ['target-tree'] }),
      queryClient.invalidateQueries({ queryKey: ['my-targets'] }),
    ]);
  }

  const rows = useMemo(() => nestTargets(tree.data?.items ?? []), [tree.data]);
  const columns = [
    {
      title: t('target.who'),
      key: 'who',
      render: (_: unknown, node: TargetRow) => (
        <span data-testid="target-node">
          {scopeLabel(node)} {node.periodKey && node.parentId && <Tag>{node.periodKey}</Tag>}
          {node.locked && <Tag color="purple">{t('target.locked')}</Tag>}
        </span>
      ),
    },
    {
      title: t('target.value'),
      dataIndex: 'value',
      align: 'right' as const,
      render: (value: number, node: TargetRow) => formatTargetAmount(node.metric, value, language),
    },
    {
      title: t('target.achieved'),
      dataIndex: 'achieved',
      align: 'right' as const,
      render: (value: number, node: TargetRow) => (
        <span data-testid="target-achieved">{formatTargetAmount(node.metric, value, language)}</span>
      ),
    },
    {
      title: t('target.completion'),
      key: 'progress',
      render: (_: unknown, node: TargetRow) => <TargetProgress node={node} />,
    },
  ];

  return (
    <>
      <Tabs
        activeKey={view}
        onChange={(key) => setView(key as View)}
        items={[
          { key: 'tree', label: t('target.tree') },
          { key: 'mine', label: t('target.mine') },
        ]}
      />
      {view === 'tree' && (
        <>
          <Form<Filters>
            layout="inline"
            form={filterForm}
            initialValues={filters}
            onFinish={(values) => setFilters({ period: values.period.trim(), metric: values.metric })}
            style={{ marginBottom: 12, rowGap: 8 }}
          >
            <Form.Item
              name="period"
              label={t('target.period')}
              rules={[
                { required: true, message: t('field.required') },
                { pattern: /^\d{4}(Q[1-4]|-(0[1-9]|1[0-2])|W\d{1,2})?$/, message: t('target.periodFormat') },
              ]}
            >
              <Input style={{ width: 110 }} placeholder="2026Q3" />
            </Form.Item>
            <Form.Item name="metric" label={t('target.metric')}>
              <Select
                style={{ width: 150 }}
                options={METRICS.map((value) => ({ value, label: t(`metric.${value}` as MessageKey) }))}
              />
            </Form.Item>
            <Button htmlType="submit">{t('action.search')}</Button>
            {canCreateRoot && (
              <Button type="primary" onClick={() => setCreatingRoot(true)} style={{ marginLeft: 8 }}>
                {t('target.newRoot')}
              </Button>
            )}
          </Form>
          <Table<TargetRow>
            rowKey="id"
            size="middle"
            loading={tree.isLoading}
            dataSource={rows}
            pagination={false}
            scroll={{ x: true }}
            expandable={{ defaultExpandAllRows: true }}
            key={rows.map((r) => r.id).join()}
            locale={{ emptyText: t('common.empty') }}
            columns={[
              ...columns,
              ...(canWrite
                ? [
                    {
                      title: '',
                      key: 'split',
                      render: (_: unknown, node: TargetRow) =>
                        !node.locked && (
                          <span style={{ display: 'inline-flex', gap: 4 }}>
                            {!node.children?.length && (
                              <Button size="small" onClick={() => setSplitting(node)}>
                                {t('target.decompose')}
                              </Button>
                            )}
                            <Button size="small" onClick={() => setEditing(node)}>
                              {t('target.editValue')}
                            </Button>
                          </span>
                        ),
                    },
                  ]
                : []),
            ]}
          />
        </>
      )}
      {view === 'mine' && (
        <Table<TargetRow>
          rowKey="id"
          size="middle"
          loading={mine.isLoading}
          dataSource={mine.data?.items ?? []}
          pagination={false}
          scroll={{ x: true }}
          locale={{ emptyText: t('common.empty') }}
          columns={[
            {
              title: t('target.metric'),
              dataIndex: 'metric',
              render: (metric: Metric) => t(`metric.${metric}` as MessageKey),
            },
            {
              title: t('target.period'),
              key: 'period',
              render: (_: unknown, node: TargetRow) => node.periodKey ?? `${node.periodStart}…`,
            },
            ...columns.slice(1),
          ]}
        />
      )}
      <DecomposeDialog
        node={splitting}
        departments={departmentList}
        employees={employeeList}
        onClose={() => setSplitting(undefined)}
        onDone={() => {
          setSplitting(undefined);
          void queryClient.invalidateQueries({ queryKey: ['target-tree'] });
        }}
      />
      <EditTargetValueDialog
        node={editing}
        label={editing ? scopeLabel(editing) : ''}
        onClose={() => setEditing(undefined)}
        onSaved={refreshTargets}
        onStale={refreshTargets}
      />
      <NewRootTargetDialog
        open={creatingRoot}
        period={filters.period}
        metric={filters.metric}
        onClose={() => setCreatingRoot(false)}
        onCreated={async (target) => {
          // Show the tree the new root belongs to.
          if (target.periodKey) {
            const shown = { period: target.periodKey, metric: target.metric };
            filterForm.setFieldsValue(shown);
            setFilters(shown);
          }
          await refreshTargets();
        }}
      />
    </>
  );
}
