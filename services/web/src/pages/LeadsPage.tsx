import { PlusOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Select, Space, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, idempotencyKey, type Schemas, unwrap } from '../api/client';
import { hasPermission } from '../auth/has-permission';
import { useMe } from '../auth/use-me';
import { showProblemOnForm } from '../components/form-errors';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { enumOptions, LEAD_SOURCES, LEAD_STATUSES } from './lead-options';
import { SavedViews } from './leads/SavedViews';
import { type LeadPageFilters, type LeadTab, pageStateOf, viewFiltersOf } from './leads/saved-view-filters';
import { useLeadPools } from './leads/use-lead-pools';
import { useAssignableEmployees } from './tasks/task-data';

type Lead = Schemas['Lead'];
type View = LeadTab;
type Filters = LeadPageFilters;

/** My leads (in my data scope) and the public pool I may claim from, with filters. */
export function LeadsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [view, setView] = useState<View>('mine');
  const [filters, setFilters] = useState<Filters>({});
  const [filterForm] = Form.useForm<Filters>();
  const [creating, setCreating] = useState(false);
  const canReadPools = hasPermission(useMe().data?.permissions, 'crm.pool.read');
  const pools = useLeadPools(canReadPools);
  // The active people in my data scope (a rep: only me), the same list the task dialogs offer.
  const owners = useAssignableEmployees();

  const leads = useInfiniteQuery({
    queryKey: ['leads', view, filters],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/leads', {
          params: {
            query: {
              ...filters,
              limit: 50,
              cursor: pageParam,
              ...(view === 'pool' ? { claimable: 'true' as const } : {}),
            },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const claim = useMutation({
    mutationFn: async (lead: Lead) =>
      unwrap(
        await api.POST('/api/v1/leads/{id}/claim', { params: { path: { id: lead.id }, header: idempotencyKey() } }),
      ),
    onSuccess: async () => {
      message.success(t('lead.claimed'));
      await queryClient.invalidateQueries({ queryKey: ['leads'] });
    },
    onError: (error) => message.error(error.message),
  });

  const rows = leads.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      {/* Beside the tabs, not in their tab list: a tablist holds tabs only (axe aria-required-children). */}
      <div style={{ display: 'flex', justifyContent: 'flex-end' }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('lead.new')}
        </Button>
      </div>
      <Tabs
        activeKey={view}
        onChange={(key) => setView(key as View)}
        items={[
          { key: 'mine', label: t('lead.mine') },
          { key: 'pool', label: t('lead.pool') },
        ]}
      />
      <Form<Filters>
        form={filterForm}
        layout="inline"
        // Without the pool box (no crm.pool.read), a saved view's pool filter is kept as applied.
        onFinish={(values) => setFilters(canReadPools ? values : { ...values, poolId: filters.poolId })}
        style={{ marginBottom: 12, rowGap: 8 }}
      >
        <Form.Item name="q">
          <Input.Search placeholder={t('action.search')} allowClear aria-label={t('action.search')} />
        </Form.Item>
        <Form.Item name="status">
          <Select
            allowClear
            placeholder={t('lead.status')}
            aria-label={t('lead.status')}
            style={{ width: 120 }}
            options={enumOptions(LEAD_STATUSES, 'status', t)}
          />
        </Form.Item>
        <Form.Item name="source">
          <Select
            allowClear
            placeholder={t('lead.source')}
            aria-label={t('lead.source')}
            style={{ width: 120 }}
            options={enumOptions(LEAD_SOURCES, 'source', t)}
          />
        </Form.Item>
        {canReadPools && (
          <Form.Item name="poolId">
            <Select
              allowClear
              placeholder={t('lead.poolFilter')}
              aria-label={t('lead.poolFilter')}
              style={{ width: 140 }}
              loading={pools.isLoading}
              options={(pools.data ?? []).map((pool) => ({ value: pool.id, label: pool.name }))}
            />
          </Form.Item>
        )}
        <Form.Item name="ownerId">
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('lead.owner')}
            aria-label={t('lead.owner')}
            style={{ width: 140 }}
            loading={owners.isLoading}
            options={(owners.data ?? []).map((employee) => ({ value: employee.id, label: employee.name }))}
          />
        </Form.Item>
        <Button htmlType="submit">{t('action.search')}</Button>
      </Form>
      <div style={{ marginBottom: 12 }}>
        <SavedViews
          current={viewFiltersOf(view, filters)}
          onApply={(saved) => {
            const state = pageStateOf(saved);
            setView(state.tab);
            setFilters(state.filters);
            filterForm.resetFields();
            filterForm.setFieldsValue(state.filters);
          }}
        />
      </div>
      <Table<Lead>
        rowKey="id"
        size="middle"
        loading={leads.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('common.empty') }}
        onRow={(lead) => ({ onClick: () => navigate(`/leads/${lead.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('lead.name'), dataIndex: 'name' },
          { title: t('lead.company'), dataIndex: 'company' },
          {
            title: t('lead.status'),
            dataIndex: 'status',
            render: (status: Lead['status']) => status && <Tag>{t(`status.${status}` as MessageKey)}</Tag>,
          },
          {
            title: t('lead.source'),
            dataIndex: 'source',
            render: (source: Lead['source']) => source && t(`source.${source}` as MessageKey),
          },
          { title: t('lead.nextFollowUpOn'), dataIndex: 'nextFollowUpOn' },
          ...(view === 'pool'
            ? [
                {
                  title: '',
                  key: 'claim',
                  render: (_: unknown, lead: Lead) => (
                    <Button
                      size="small"
                      onClick={(event) => {
                        event.stopPropagation();
                        claim.mutate(lead);
                      }}
                    >
                      {t('action.claim')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {leads.hasNextPage && (
        <Space style={{ marginTop: 12 }}>
          <Button onClick={() => leads.fetchNextPage()} loading={leads.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </Space>
      )}
      <NewLeadDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(lead) => {
          setCreating(false);
          message.success(t('lead.created'));
          void queryClient.invalidateQueries({ queryKey: ['leads'] });
          navigate(`/leads/${lead.id}`);
        }}
      />
    </>
  );
}

type NewLead = Schemas['CreateLeadRequest'];

/** The new-lead form validates like the API does and shows the API's field errors in place. */
function NewLeadDialog({ open, onClose, onCreated }: { open: boolean; onClose(): void; onCreated(lead: Lead): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<NewLead>();
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();

  async function submit(values: NewLead) {
    setBusy(true);
    try {
      const lead = unwrap(await api.POST('/api/v1/leads', { body: values, params: { header: idempotencyKey() } }));
      form.resetFields();
      onCreated(lead);
    } catch (error) {
      const rest = showProblemOnForm(form, error);
      if (rest) message.error(rest);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t('lead.new')}
      okText={t('action.save')}
      cancelText={t('action.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ source: 'web' }}>
        <Form.Item
          name="name"
          label={t('lead.name')}
          rules={[
            { required: true, whitespace: true, message: t('field.required') },
            { max: 200, message: t('field.tooLong') },
          ]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="company" label={t('lead.company')} rules={[{ max: 200, message: t('field.tooLong') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="phone" label={t('lead.phone')} rules={[{ max: 50, message: t('field.tooLong') }]}>
          <Input inputMode="tel" />
        </Form.Item>
        <Form.Item name="email" label={t('lead.email')} rules={[{ type: 'email', message: t('field.email') }]}>
          <Input inputMode="email" />
        </Form.Item>
        <Form.Item name="source" label={t('lead.source')}>
          <Select options={enumOptions(LEAD_SOURCES, 'source', t)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
