import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, AutoComplete, Button, Form, Input, InputNumber, Modal, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, type Schemas, unwrap } from '../../api/client';
import { showProblemOnForm } from '../../components/form-errors';
import { formatMoney, moneyToYuan, yuanToMoney } from '../../components/money';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import type { CompetitiveAnalysis } from './sales-types';

type Analysis = CompetitiveAnalysis;
type Status = Analysis['status'];
const STATUSES: Status[] = ['active', 'beaten', 'lost_to'];
const STATUS_COLORS: Record<Status, string> = { active: 'orange', beaten: 'green', lost_to: 'red' };

interface AnalysisForm {
  competitorName: string;
  offer?: number;
  strengths?: string;
  weaknesses?: string;
  status: Status;
}

/** 竞争分析: per competitor its offer, strengths, weaknesses and where we stand against it. */
export function CompetitorAnalysisTab({ opportunityId }: { opportunityId: string }) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<AnalysisForm>();
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const competitors = useQuery({
    queryKey: ['competitors'],
    queryFn: async () => unwrap(await api.GET('/api/v1/competitors')),
  });
  const analyses = useQuery({
    queryKey: ['competitive-analyses', opportunityId],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/opportunities/{id}/competitors', { params: { path: { id: opportunityId } } })),
  });
  const nameOf = (competitorId: string) => competitors.data?.items.find((c) => c.id === competitorId)?.name ?? '';

  function open(analysis?: Analysis) {
    form.resetFields();
    form.setFieldsValue(
      analysis
        ? {
            competitorName: nameOf(analysis.competitorId),
            offer: moneyToYuan(analysis.offer),
            strengths: analysis.strengths ?? undefined,
            weaknesses: analysis.weaknesses ?? undefined,
            status: analysis.status,
          }
        : { status: 'active' },
    );
    setEditing(true);
  }

  // A name the tenant does not know yet becomes a new competitor, then gets its analysis.
  async function submit(values: AnalysisForm) {
    setBusy(true);
    try {
      const name = values.competitorName.trim();
      let competitor = competitors.data?.items.find((c) => c.name === name);
      if (!competitor) {
        competitor = unwrap(await api.POST('/api/v1/competitors', { body: { name } }));
        await queryClient.invalidateQueries({ queryKey: ['competitors'] });
      }
      const body: Schemas['UpsertCompetitiveAnalysisRequest'] = {
        // Left empty: no offer (the API treats a missing and a null offer alike). The cast: the
        // generated type of a nullable Money (`Money & (Record<string, never> | null)`) admits no value.
        ...(typeof values.offer === 'number'
          ? { offer: yuanToMoney(values.offer) as Schemas['UpsertCompetitiveAnalysisRequest']['offer'] }
          : {}),
        ...(values.strengths ? { strengths: values.strengths } : {}),
        ...(values.weaknesses ? { weaknesses: values.weaknesses } : {}),
        status: values.status,
      };
      unwrap(
        await api.PUT('/api/v1/opportunities/{id}/competitors/{competitorId}', {
          params: { path: { id: opportunityId, competitorId: competitor.id } },
          body,
        }),
      );
      setEditing(false);
      message.success(t('competitor.saved'));
      await queryClient.invalidateQueries({ queryKey: ['competitive-analyses', opportunityId] });
    } catch (error) {
      const rest = showProblemOnForm(form, error);
      if (rest) message.error(rest);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button icon={<PlusOutlined />} onClick={() => open()} style={{ marginBottom: 12 }}>
        {t('competitor.add')}
      </Button>
      <Table<Analysis>
        rowKey="competitorId"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        loading={analyses.isLoading}
        dataSource={analyses.data?.items ?? []}
        locale={{ emptyText: t('common.empty') }}
        columns={[
          { title: t('competitor.name'), key: 'name', render: (_, a) => nameOf(a.competitorId) },
          {
            title: t('competitor.offer'),
            dataIndex: 'offer',
            align: 'right',
            render: (offer: Analysis['offer']) => formatMoney(offer, language),
          },
          { title: t('competitor.strengths'), dataIndex: 'strengths' },
          { title: t('competitor.weaknesses'), dataIndex: 'weaknesses' },
          {
            title: t('competitor.status'),
            dataIndex: 'status',
            render: (status: Status) => (
              <Tag color={STATUS_COLORS[status]}>{t(`competitionStatus.${status}` as MessageKey)}</Tag>
            ),
          },
          {
            title: '',
            key: 'edit',
            render: (_, a) => (
              <Button size="small" onClick={() => open(a)}>
                {t('action.edit')}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={editing}
        title={t('competitor.tab')}
        okText={t('action.save')}
        cancelText={t('action.cancel')}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setEditing(false)}
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item
            name="competitorName"
            label={t('competitor.name')}
            rules={[
              { required: true, whitespace: true, message: t('field.required') },
              { max: 200, message: t('field.tooLong') },
            ]}
          >
            <AutoComplete
              options={(competitors.data?.items ?? []).map((c) => ({ value: c.name }))}
              filterOption={(input, option) => String(option?.value ?? '').includes(input)}
            />
          </Form.Item>
          <Form.Item name="offer" label={t('competitor.offerYuan')}>
            <InputNumber style={{ width: '100%' }} min={0} precision={2} />
          </Form.Item>
          <Form.Item
            name="strengths"
            label={t('competitor.strengths')}
            rules={[{ max: 2000, message: t('field.tooLong') }]}
          >
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item
            name="weaknesses"
            label={t('competitor.weaknesses')}
            rules={[{ max: 2000, message: t('field.tooLong') }]}
          >
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="status" label={t('competitor.status')}>
            <Select
              options={STATUSES.map((value) => ({ value, label: t(`competitionStatus.${value}` as MessageKey) }))}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
