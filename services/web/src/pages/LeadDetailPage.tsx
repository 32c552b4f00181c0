import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Table,
  Tag,
  Timeline,
} from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api, idempotencyKey, type Schemas, unwrap } from '../api/client';
import { showProblemOnForm } from '../components/form-errors';
import { yuanToMoney } from '../components/money';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { enumOptions, FOLLOW_UP_METHODS } from './lead-options';

interface FollowUpForm {
  method: Schemas['FollowUpMethod'];
  content: string;
  result?: string;
  nextStep?: string;
  nextFollowUpOn?: Dayjs;
}

/** One lead: its card, a follow-up form, its follow-ups and operation log, and conversion. */
export function LeadDetailPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FollowUpForm>();
  const [converting, setConverting] = useState(false);

  const lead = useQuery({
    queryKey: ['lead', id],
    queryFn: async () => unwrap(await api.GET('/api/v1/leads/{id}', { params: { path: { id } } })),
  });
  const activities = useQuery({
    queryKey: ['activities', 'lead', id],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/activities', { params: { query: { subjectType: 'lead', subjectId: id, limit: 100 } } }),
      ),
  });
  const history = useQuery({
    queryKey: ['lead-history', id],
    queryFn: async () => unwrap(await api.GET('/api/v1/leads/{id}/history', { params: { path: { id } } })),
  });
  const followUp = useMutation({
    mutationFn: async (values: FollowUpForm) =>
      unwrap(
        await api.POST('/api/v1/activities', {
          params: { header: idempotencyKey() },
          body: {
            subjectType: 'lead',
            subjectId: id,
            method: values.method,
            content: values.content,
            ...(values.result ? { result: values.result } : {}),
            ...(values.nextStep ? { nextStep: values.nextStep } : {}),
            ...(values.nextFollowUpOn ? { nextFollowUpOn: values.nextFollowUpOn.format('YYYY-MM-DD') } : {}),
          },
        }),
      ),
    onSuccess: async () => {
      message.success(t('followUp.saved'));
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: ['activities', 'lead', id] });
      await queryClient.invalidateQueries({ queryKey: ['lead', id] });
      await queryClient.invalidateQueries({ queryKey: ['lead-history', id] });
    },
    onError: (error) => {
      const rest = showProblemOnForm(form, error);
      if (rest) message.error(rest);
    },
  });

  const data = lead.data;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={10}>
        <Card
          loading={lead.isLoading}
          title={data?.name}
          extra={
            data?.status !== 'converted' && (
              <Button type="primary" onClick={() => setConverting(true)}>
                {t('action.convert')}
              </Button>
            )
          }
        >
          {data && (
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('lead.company')}>{data.company}</Descriptions.Item>
              <Descriptions.Item label={t('lead.phone')}>{data.phone}</Descriptions.Item>
              <Descriptions.Item label={t('lead.email')}>{data.email}</Descriptions.Item>
              <Descriptions.Item label={t('lead.source')}>
                {data.source && t(`source.${data.source}` as MessageKey)}
              </Descriptions.Item>
              <Descriptions.Item label={t('lead.status')}>
                {data.status && <Tag data-testid="lead-status">{t(`status.${data.status}` as MessageKey)}</Tag>}
              </Descriptions.Item>
              <Descriptions.Item label={t('lead.lastFollowUpAt')}>
                {data.lastFollowUpAt && dayjs(data.lastFollowUpAt).format('YYYY-MM-DD HH:mm')}
              </Descriptions.Item>
              <Descriptions.Item label={t('lead.nextFollowUpOn')}>{data.nextFollowUpOn}</Descriptions.Item>
            </Descriptions>
          )}
        </Card>
        <Card title={t('followUp.title')} style={{ marginTop: 16 }}>
          <Form
            form={form}
            layout="vertical"
            onFinish={(values) => followUp.mutate(values)}
            initialValues={{ method: 'phone' }}
          >
            <Form.Item
              name="method"
              label={t('followUp.method')}
              rules={[{ required: true, message: t('field.required') }]}
            >
              <Select options={enumOptions(FOLLOW_UP_METHODS, 'method', t)} />
            </Form.Item>
            <Form.Item
              name="content"
              label={t('followUp.content')}
              rules={[
                { required: true, whitespace: true, message: t('field.required') },
                { max: 5000, message: t('field.tooLong') },
              ]}
            >
              <Input.TextArea rows={3} />
            </Form.Item>
            <Form.Item name="result" label={t('followUp.result')}>
              <Input />
            </Form.Item>
            <Form.Item name="nextStep" label={t('followUp.nextStep')}>
              <Input />
            </Form.Item>
            <Form.Item name="nextFollowUpOn" label={t('followUp.nextFollowUpOn')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={followUp.isPending}>
              {t('action.save')}
            </Button>
          </Form>
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card title={t('lead.history')} loading={activities.isLoading || history.isLoading}>
          <Timeline
            items={[
              ...(activities.data?.items ?? []).map((a) => ({
                key: a.id,
                at: a.occurredAt ?? '',
                children: (
                  <div data-testid="follow-up">
                    <Tag color="blue">{a.method && t(`method.${a.method}` as MessageKey)}</Tag>
                    {a.content}
                    {a.result && <div>{a.result}</div>}
                  </div>
                ),
              })),
              ...(history.data?.items ?? []).map((op) => ({
                key: op.id,
                at: op.occurredAt ?? '',
                color: 'gray',
                children: <span>{t(`op.${op.action}` as MessageKey) ?? op.action}</span>,
              })),
            ]
              .sort((a, b) => b.at.localeCompare(a.at))
              .map(({ at, ...item }) => ({ ...item, label: at && dayjs(at).format('MM-DD HH:mm') }))}
          />
        </Card>
      </Col>
      <ConvertDialog
        open={converting}
        leadId={id}
        onClose={() => setConverting(false)}
        companyName={data?.company || data?.name}
        onConverted={(customerId, opportunityId) => {
          message.success(t('lead.converted'));
          void queryClient.invalidateQueries({ queryKey: ['leads'] });
          navigate(opportunityId ? `/opportunities/${opportunityId}` : `/customers/${customerId}`);
        }}
      />
    </Row>
  );
}

interface ConvertForm {
  withOpportunity: boolean;
  opportunityName?: string;
  amount?: number;
}

/**
 * The conversion wizard: shows the tenant's mapping (lead field -> customer/contact field), then
 * converts; it may open an opportunity (商机) on the new customer in the same step.
 */
function ConvertDialog(props: {
  open: boolean;
  leadId: string;
  companyName?: string;
  onClose(): void;
  onConverted(customerId: string, opportunityId?: string): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ConvertForm>();
  const withOpportunity = Form.useWatch('withOpportunity', form);
  const rules = useQuery({
    queryKey: ['conversion-rules'],
    enabled: props.open,
    queryFn: async () => unwrap(await api.GET('/api/v1/conversion-rules')),
  });
  const convert = useMutation({
    mutationFn: async (values: ConvertForm) =>
      unwrap(
        await api.POST('/api/v1/leads/{id}/convert', {
          params: { path: { id: props.leadId }, header: idempotencyKey() },
          body: values.withOpportunity
            ? {
                opportunity: {
                  ...(values.opportunityName ? { name: values.opportunityName } : {}),
                  ...(values.amount ? { amount: yuanToMoney(values.amount) } : {}),
                },
              }
            : {},
        }),
      ),
    onSuccess: (result) => props.onConverted(result.customer.id, result.opportunity?.id),
    onError: (error) => {
      const rest = showProblemOnForm(form, error);
      if (rest) message.error(rest);
    },
  });
  return (
    <Modal
      open={props.open}
      title={t('lead.convertTitle')}
      okText={t('action.convert')}
      cancelText={t('action.cancel')}
      confirmLoading={convert.isPending}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      forceRender
    >
      <p>{t('lead.convertHint')}</p>
      <Table
        size="small"
        pagination={false}
        loading={rules.isLoading}
        rowKey={(m) => `${m.source}->${m.target}`}
        dataSource={rules.data?.mappings ?? []}
        columns={[
          { title: 'Lead', dataIndex: 'source' },
          { title: '→', dataIndex: 'target' },
          { title: 'Default', dataIndex: 'defaultValue' },
        ]}
      />
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => convert.mutate(values)}
        initialValues={{ withOpportunity: false }}
        style={{ marginTop: 12 }}
      >
        <Form.Item name="withOpportunity" valuePropName="checked">
          <Checkbox>{t('opportunity.createWithLead')}</Checkbox>
        </Form.Item>
        {withOpportunity && (
          <>
            <Form.Item
              name="opportunityName"
              label={t('opportunity.name')}
              rules={[{ max: 200, message: t('field.tooLong') }]}
            >
              <Input placeholder={props.companyName} />
            </Form.Item>
            <Form.Item
              name="amount"
              label={t('opportunity.amountYuan')}
              rules={[{ type: 'number', min: 0, message: t('field.positive') }]}
            >
              <InputNumber style={{ width: '100%' }} min={0} precision={2} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
