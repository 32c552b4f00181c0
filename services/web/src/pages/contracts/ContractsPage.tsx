import { PlusOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, type Schemas, unwrap } from '../../api/client';
import { formatMoney } from '../../components/money';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { NewContractDialog } from './NewContractDialog';

type Contract = Schemas['Contract'];
type View = 'all' | Contract['status'];
export const CONTRACT_STATUS_COLORS: Record<Contract['status'], string> = {
  draft: 'default',
  signed: 'green',
  cancelled: 'red',
};

/** The contracts in my data scope with what was received and what is still owed. */
export function ContractsPage() {
  const { t, language } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [view, setView] = useState<View>('all');
  const [creating, setCreating] = useState(false);
  const contracts = useInfiniteQuery({
    queryKey: ['contracts', view],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/contracts', {
          params: { query: { limit: 50, cursor: pageParam, ...(view === 'all' ? {} : { status: view }) } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const money = (m: Contract['totalAmount']) => formatMoney(m, language);
  return (
    <>
      {/* Beside the tabs, not in their tab list: a tablist holds tabs only (axe aria-required-children). */}
      <div style={{ display: 'flex', justifyContent: 'flex-end' }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('contract.new')}
        </Button>
      </div>
      <Tabs
        activeKey={view}
        onChange={(key) => setView(key as View)}
        items={(['all', 'draft', 'signed', 'cancelled'] as const).map((key) => ({
          key,
          label: key === 'all' ? t('contract.all') : t(`contractStatus.${key}` as MessageKey),
        }))}
      />
      <Table<Contract>
        rowKey="id"
        size="middle"
        loading={contracts.isLoading}
        dataSource={contracts.data?.pages.flatMap((p) => p.items) ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('common.empty') }}
        onRow={(c) => ({ onClick: () => navigate(`/contracts/${c.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('contract.number'), dataIndex: 'number' },
          { title: t('contract.title'), dataIndex: 'title' },
          {
            title: t('contract.status'),
            dataIndex: 'status',
            render: (status: Contract['status']) => (
              <Tag color={CONTRACT_STATUS_COLORS[status]}>{t(`contractStatus.${status}` as MessageKey)}</Tag>
            ),
          },
          { title: t('contract.total'), dataIndex: 'totalAmount', align: 'right', render: money },
          { title: t('contract.received'), dataIndex: 'receivedAmount', align: 'right', render: money },
          { title: t('contract.outstanding'), dataIndex: 'outstandingAmount', align: 'right', render: money },
          { title: t('contract.signedOn'), dataIndex: 'signedOn' },
        ]}
      />
      {contracts.hasNextPage && (
        <Button
          style={{ marginTop: 12 }}
          onClick={() => contracts.fetchNextPage()}
          loading={contracts.isFetchingNextPage}
        >
          {t('common.loadMore')}
        </Button>
      )}
      <NewContractDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(contract) => {
          setCreating(false);
          void queryClient.invalidateQueries({ queryKey: ['contracts'] });
          navigate(`/contracts/${contract.id}`);
        }}
      />
    </>
  );
}
