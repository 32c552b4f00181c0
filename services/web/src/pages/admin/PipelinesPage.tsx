import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, type Schemas, unwrap } from '../../api/client';
import { grants } from '../../auth/permissions';
import { useMe } from '../../auth/use-me';
import { showProblemOnForm } from '../../components/form-errors';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { AdminNav } from './AdminNav';
import { LostReasonsCard } from './LostReasonsCard';

type Pipeline = Schemas['Pipeline'];
type Stage = Schemas['PipelineStage'];
type StageChange = Schemas['UpdatePipelineStageRequest'];
const REQUIRED_FIELDS: NonNullable<StageChange['requiredFields']> = ['amount', 'expectedCloseOn', 'productLine'];
const KIND_COLORS: Record<Stage['kind'], string> = { open: 'blue', won: 'green', lost: 'red' };

/**
 * The sales pipelines: each stage's name, win probability and the fields an opportunity needs
 * to enter it; and the reasons an opportunity can be lost for.
 */
export function PipelinesPage() {
  const { t } = useI18n();
  const canConfigure = grants(useMe().data?.permissions, 'crm.settings.write');
  const [editing, setEditing] = useState<{ pipeline: Pipeline; stage: Stage } | undefined>();
  const pipelines = useQuery({
    queryKey: ['pipelines'],
    queryFn: async () => unwrap(await api.GET('/api/v1/pipelines')).items,
  });
  return (
    <>
      <AdminNav />
      {(pipelines.data ?? []).map((pipeline) => (
        <Card
          key={pipeline.id}
          size="small"
          style={{ marginBottom: 12 }}
          title={
            <>
              {pipeline.name} {pipeline.isDefault && <Tag color="blue">{t('pipeline.default')}</Tag>}
            </>
          }
        >
          <Table<Stage>
            rowKey="id"
            size="small"
            dataSource={[...pipeline.stages].sort((a, b) => a.position - b.position)}
            pagination={false}
            scroll={{ x: true }}
            columns={[
              { title: t('pipeline.stage'), dataIndex: 'name' },
              {
                title: t('pipeline.kind'),
                dataIndex: 'kind',
                render: (kind: Stage['kind']) => <Tag color={KIND_COLORS[kind]}>{kind}</Tag>,
              },
              { title: t('pipeline.probability'), dataIndex: 'probability', render: (p: number) => `${p}%` },
              {
                title: t('pipeline.requiredFields'),
                dataIndex: 'requiredFields',
                render: (fields: string[]) =>
                  fields.map((f) => <Tag key={f}>{t(`pipelineField.${f}` as MessageKey)}</Tag>),
              },
              {
                title: '',
                key: 'edit',
                render: (_: unknown, stage) => (
                  <Button size="small" aria-label={`${stage.name} ✎`} onClick={() => setEditing({ pipeline, stage })}>
                    ✎
                  </Button>
                ),
              },
            ]}
          />
        </Card>
      ))}
      {canConfigure && <LostReasonsCard />}
      {editing && <StageDialog {...editing} onClose={() => setEditing(undefined)} />}
    </>
  );
}

/** Validated as UpdatePipelineStageRequest: a name of 1-50, a probability of 0-100 in whole percent. */
function StageDialog({ pipeline, stage, onClose }: { pipeline: Pipeline; stage: Stage; onClose(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<StageChange>();
  const [busy, setBusy] = useState(false);

  async function save(values: StageChange) {
    setBusy(true);
    try {
      unwrap(
        await api.PATCH('/api/v1/pipelines/{id}/stages/{stageId}', {
          params: { path: { id: pipeline.id, stageId: stage.id } },
          body: values,
        }),
      );
      message.success(t('employee.saved'));
      await queryClient.invalidateQueries({ queryKey: ['pipelines'] });
      onClose();
    } catch (error) {
      const rest = showProblemOnForm(form, error);
      if (rest) message.error(rest);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={`${pipeline.name} · ${stage.name}`}
      okText={t('action.save')}
      cancelText={t('action.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form<StageChange>
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{
          name: stage.name,
          probability: stage.probability,
          requiredFields: stage.requiredFields as StageChange['requiredFields'],
        }}
      >
        <Form.Item
          name="name"
          label={t('pipeline.stage')}
          rules={[
            { required: true, whitespace: true, message: t('field.required') },
            { max: 50, message: t('field.tooLong') },
          ]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="probability"
          label={t('pipeline.probability')}
          rules={[{ required: true, message: t('field.required') }]}
        >
          <InputNumber min={0} max={100} precision={0} addonAfter="%" />
        </Form.Item>
        <Form.Item name="requiredFields" label={t('pipeline.requiredFields')}>
          <Select
            mode="multiple"
            options={REQUIRED_FIELDS.map((f) => ({ value: f, label: t(`pipelineField.${f}` as MessageKey) }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
