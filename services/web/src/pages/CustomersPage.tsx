import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Form, Input, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, type Schemas, unwrap } from '../api/client';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { enumOptions } from './lead-options';

type Customer = Schemas['Customer'];
const LIFECYCLES: Schemas['CustomerLifecycle'][] = ['prospect', 'active', 'dormant', 'churned'];
// Solid tags with white text: antd's light green and orange presets fall under 4.5:1 (axe).
const LIFECYCLE_COLORS: Record<Schemas['CustomerLifecycle'], string> = {
  prospect: 'default',
  active: '#237804',
  dormant: '#ad4e00',
  churned: '#a8071a',
};

interface Filters {
  q?: string;
  lifecycle?: Schemas['CustomerLifecycle'];
}

/** The customers in my data scope, searchable by name and filtered by lifecycle. */
export function CustomersPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [filters, setFilters] = useState<Filters>({});
  const customers = useInfiniteQuery({
    queryKey: ['customers', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET('/api/v1/customers', { params: { query: { ...filters, limit: 50, cursor: pageParam } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  return (
    <>
      <Form<Filters> layout="inline" onFinish={setFilters} style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item name="q">
          <Input.Search placeholder={t('action.search')} allowClear aria-label={t('action.search')} />
        </Form.Item>
        <Form.Item name="lifecycle">
          <Select
            allowClear
            placeholder={t('customer.lifecycle')}
            aria-label={t('customer.lifecycle')}
            style={{ width: 140 }}
            options={enumOptions(LIFECYCLES, 'lifecycle', t)}
          />
        </Form.Item>
        <Button htmlType="submit">{t('action.search')}</Button>
      </Form>
      <Table<Customer>
        rowKey="id"
        loading={customers.isLoading}
        dataSource={customers.data?.pages.flatMap((p) => p.items) ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('common.empty') }}
        onRow={(customer) => ({ onClick: () => navigate(`/customers/${customer.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('customer.name'), dataIndex: 'name' },
          { title: t('customer.industry'), dataIndex: 'industry' },
          { title: t('customer.region'), dataIndex: 'region' },
          {
            title: t('customer.lifecycle'),
            dataIndex: 'lifecycle',
            render: (lifecycle: Customer['lifecycle']) =>
              lifecycle && <Tag color={LIFECYCLE_COLORS[lifecycle]}>{t(`lifecycle.${lifecycle}` as MessageKey)}</Tag>,
          },
        ]}
      />
      {customers.hasNextPage && (
        <Button
          style={{ marginTop: 12 }}
          onClick={() => customers.fetchNextPage()}
          loading={customers.isFetchingNextPage}
        >
          {t('common.loadMore')}
        </Button>
      )}
    </>
  );
}
