import { MoreOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Dropdown, Empty, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { formatMoney, formatTotals } from '../../components/money';
import { useI18n } from '../../i18n/i18n';
import { NewOpportunityButton } from './NewOpportunityDialog';
import { type StageMove, StageMoveDialog } from './StageMoveDialog';
import type { Opportunity } from './sales-types';

const DRAG_TYPE = 'application/x-salesflow-opportunity';

/**
 * The pipeline board (看板): a column per stage with its count and totals. A card is dragged to
 * another column (native HTML5 drag and drop), or moved through its menu — the way on a phone
 * and from the keyboard. Either opens the stage dialog, which asks for what the stage requires.
 */
export function OpportunitiesBoardPage() {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [move, setMove] = useState<StageMove>();
  const [dropStageId, setDropStageId] = useState<string>();
  const board = useQuery({
    queryKey: ['opportunity-board'],
    queryFn: async () => unwrap(await api.GET('/api/v1/opportunities/board')),
  });
  const columns = board.data?.columns ?? [];
  const stageOf = (id: string) => columns.find((c) => c.stage.id === id)?.stage;

  function startMove(opportunity: Opportunity, toStageId: string) {
    const from = stageOf(opportunity.stageId);
    const to = stageOf(toStageId);
    if (!from || !to || from.id === to.id) return;
    setMove({ opportunity, from, to });
  }

  function drop(stageId: string, event: React.DragEvent) {
    event.preventDefault();
    setDropStageId(undefined);
    const id = event.dataTransfer.getData(DRAG_TYPE);
    const opportunity = columns.flatMap((c) => c.items).find((o) => o.id === id);
    if (opportunity) startMove(opportunity, stageId);
  }

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
          {t('opportunity.board')}
        </Typography.Title>
        {/* Slate rather than antd's secondary grey: that one is too faint on the grey page (WCAG AA). */}
        <Space wrap>
          <Typography.Text style={{ color: '#475569' }}>{board.data?.pipeline.name}</Typography.Text>
          <NewOpportunityButton />
        </Space>
      </Space>
      {board.isLoading && <Spin />}
      {/* Focusable so that a keyboard can scroll the columns sideways (axe scrollable-region-focusable). */}
      <section
        data-testid="opportunity-board"
        aria-label={board.data?.pipeline.name}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to be scrolled by keyboard
        tabIndex={0}
        style={{ display: 'flex', gap: 12, overflowX: 'auto', paddingBottom: 8, alignItems: 'flex-start' }}
      >
        {columns.map((column) => (
          <section
            key={column.stage.id}
            aria-label={column.stage.name}
            data-testid="board-column"
            onDragOver={(event) => {
              if (!event.dataTransfer.types.includes(DRAG_TYPE)) return;
              event.preventDefault();
              event.dataTransfer.dropEffect = 'move';
              setDropStageId(column.stage.id);
            }}
            onDragLeave={() => setDropStageId((current) => (current === column.stage.id ? undefined : current))}
            onDrop={(event) => drop(column.stage.id, event)}
            style={{
              flex: '0 0 260px',
              background: dropStageId === column.stage.id ? '#dbeafe' : '#f1f5f9',
              borderRadius: 8,
              padding: 8,
              minHeight: 160,
            }}
          >
            <Typography.Title level={2} style={{ fontSize: 15, margin: '0 0 4px' }}>
              {column.stage.name} <span style={{ color: '#475569' }}>({column.count})</span>
            </Typography.Title>
            <div style={{ fontSize: 12, color: '#475569', marginBottom: 8 }}>
              {formatTotals(column.totals, language) || '—'}
              {column.weightedTotals.length > 0 && (
                <div>
                  {t('opportunity.weighted')} {formatTotals(column.weightedTotals, language)}
                </div>
              )}
            </div>
            {column.items.length === 0 && (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={<span style={{ color: '#475569' }}>{t('common.empty')}</span>}
              />
            )}
            <Space orientation="vertical" style={{ width: '100%' }} size={8}>
              {column.items.map((opportunity) => (
                <Card
                  key={opportunity.id}
                  size="small"
                  data-testid="opportunity-card"
                  draggable
                  onDragStart={(event) => {
                    event.dataTransfer.setData(DRAG_TYPE, opportunity.id);
                    event.dataTransfer.effectAllowed = 'move';
                  }}
                  style={{ cursor: 'grab' }}
                  title={<Link to={`/opportunities/${opportunity.id}`}>{opportunity.name}</Link>}
                  extra={
                    <Dropdown
                      trigger={['click']}
                      menu={{
                        items: columns
                          .filter((c) => c.stage.id !== opportunity.stageId)
                          .map((c) => ({ key: c.stage.id, label: c.stage.name })),
                        onClick: ({ key }) => startMove(opportunity, key),
                      }}
                    >
                      <Button
                        size="small"
                        type="text"
                        icon={<MoreOutlined />}
                        aria-label={`${t('opportunity.moveTo')}… ${opportunity.name}`}
                      />
                    </Dropdown>
                  }
                >
                  <div>{formatMoney(opportunity.amount, language) || '—'}</div>
                  <Typography.Text style={{ fontSize: 12, color: '#475569' }}>
                    {opportunity.expectedCloseOn &&
                      `${t('opportunity.expectedCloseOn')} ${opportunity.expectedCloseOn}`}
                  </Typography.Text>
                </Card>
              ))}
            </Space>
          </section>
        ))}
      </section>
      <StageMoveDialog
        move={move}
        onClose={() => setMove(undefined)}
        onMoved={(moved) => {
          setMove(undefined);
          message.success(t('opportunity.moved'));
          queryClient.setQueryData(['opportunity', moved.id], moved);
          void queryClient.invalidateQueries({ queryKey: ['opportunity-board'] });
        }}
      />
    </>
  );
}
