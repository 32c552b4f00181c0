import { ArrowDownOutlined, ArrowUpOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, type Schemas, unwrap } from '../../api/client';
import { grants } from '../../auth/permissions';
import { useMe } from '../../auth/use-me';
import { FormDialog } from '../../components/FormDialog';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { AdminNav } from './AdminNav';
import { LostReasonsCard } from './LostReasonsCard';

type Pipeline = Schemas['Pipeline'];
type Stage = Schemas['PipelineStage'];
type StageChange = Schemas['UpdatePipelineStageRequest'];
type NewStage = Schemas['AddPipelineStageRequest'];
const REQUIRED_FIELDS: NonNullable<StageChange['requiredFields']> = ['amount', 'expectedCloseOn', 'productLine'];
const KIND_COLORS: Record<Stage['kind'], string> = { open: 'blue', won: 'green', lost: 'red' };

/**
 * The sales pipelines: each stage's name, win probability and the fields an opportunity needs
 * to enter it; and the reasons an opportunity can be lost for.
 */
export function PipelinesPage() {
  const { t } = useI18n();
  const canConfigure = grants(useMe().data?.permissions, 'crm.settings.write');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<{ pipeline: Pipeline; stage: Stage } | undefined>();
  const [adding, setAdding] = useState<Pipeline | undefined>();
  const [moving, setMoving] = useState(false);

  /** Moves an open stage one place up or down among the open ones (won and lost stay last). */
  async function move(pipeline: Pipeline, stage: Stage, by: -1 | 1) {
    const open = [...pipeline.stages].filter((s) => s.kind === 'open').sort((a, b) => a.position - b.position);
    const from = open.findIndex((s) => s.id === stage.id);
    const to = from + by;
    const other = open[to];
    if (from < 0 || !other) return;
    open[to] = stage;
    open[from] = other;
    setMoving(true);
    try {
      unwrap(
        await api.PUT('/api/v1/pipelines/{id}/stages/order', {
          params: { path: { id: pipeline.id } },
          body: { stageIds: open.map((s) => s.id) },
        }),
      );
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    } finally {
      await queryClient.invalidateQueries({ queryKey: ['pipelines'] });
      setMoving(false);
    }
  }

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
          extra={
            canConfigure && (
              <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(pipeline)}>
                {t('pipeline.addStage')}
              </Button>
            )
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
                render: (_: unknown, stage) => {
                  const open = pipeline.stages.filter((s) => s.kind === 'open');
                  const rank = [...open].sort((a, b) => a.position - b.position).findIndex((s) => s.id === stage.id);
                  return (
                    <Space size={4}>
                      <Button
                        size="small"
                        aria-label={`${stage.name} ✎`}
                        onClick={() => setEditing({ pipeline, stage })}
                      >
                        ✎
                      </Button>
                      {/* Only open stages move; won and lost stay last. */}
                      {canConfigure && stage.kind === 'open' && (
                        <>
                          <Button
                            size="small"
                            icon={<ArrowUpOutlined />}
                            aria-label={`${stage.name} ${t('pipeline.moveUp')}`}
                            disabled={moving || rank === 0}
                            onClick={() => move(pipeline, stage, -1)}
                          />
                          <Button
                            size="small"
                            icon={<ArrowDownOutlined />}
                            aria-label={`${stage.name} ${t('pipeline.moveDown')}`}
                            disabled={moving || rank === open.length - 1}
                            onClick={() => move(pipeline, stage, 1)}
                          />
                        </>
                      )}
                    </Space>
                  );
                },
              },
            ]}
          />
        </Card>
      ))}
      {canConfigure && <LostReasonsCard />}
      {editing && <StageDialog {...editing} onClose={() => setEditing(undefined)} />}
      {adding && <NewStageDialog pipeline={adding} onClose={() => setAdding(undefined)} />}
    </>
  );
}

/** Validated as UpdatePipelineStageRequest: a name of 1-50, a probability of 0-100 in whole percent. */
function StageDialog({ pipeline, stage, onClose }: { pipeline: Pipeline; stage: Stage; onClose(): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<StageChange>();

  return (
    <FormDialog
      open
      formName={null}
      title={`${pipeline.name} · ${stage.name}`}
      form={form}
      initialValues={{
        name: stage.name,
        probability: stage.probability,
        requiredFields: stage.requiredFields as StageChange['requiredFields'],
      }}
      submit={async (values) =>
        unwrap(
          await api.PATCH('/api/v1/pipelines/{id}/stages/{stageId}', {
            params: { path: { id: pipeline.id, stageId: stage.id } },
            body: values,
          }),
        )
      }
      successMessage={t('employee.saved')}
      onSubmitted={() => queryClient.invalidateQueries({ queryKey: ['pipelines'] })}
      onClose={onClose}
    >
      <StageFields />
    </FormDialog>
  );
}

/**
 * Validated as AddPipelineStageRequest: a name of 1-50 (the API also refuses one another stage
 * has), a probability of 0-100, required fields. The stage comes after the other open ones.
 */
function NewStageDialog({ pipeline, onClose }: { pipeline: Pipeline; onClose(): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<NewStage>();

  return (
    <FormDialog
      open
      formName={null}
      title={`${pipeline.name} · ${t('pipeline.addStage')}`}
      form={form}
      initialValues={{ probability: 50, requiredFields: [] }}
      submit={async (values) =>
        unwrap(await api.POST('/api/v1/pipelines/{id}/stages', { params: { path: { id: pipeline.id } }, body: values }))
      }
      successMessage={t('employee.saved')}
      onSubmitted={() => queryClient.invalidateQueries({ queryKey: ['pipelines'] })}
      onClose={onClose}
    >
      <StageFields />
    </FormDialog>
  );
}

/** A stage's name, win probability and the fields an opportunity needs to enter it (new or edited alike). */
function StageFields() {
  const { t } = useI18n();
  return (
    <>
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
    </>
  );
}
