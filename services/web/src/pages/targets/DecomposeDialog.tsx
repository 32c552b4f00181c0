import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, InputNumber, Modal, Select, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { ApiProblem, api, type Schemas, unwrap } from '../../api/client';
import { showProblemOnForm } from '../../components/form-errors';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { splitByWeights } from './split-by-weights';
import { formatTargetAmount, type TargetNode } from './target-format';

type Axis = Schemas['DecomposeTargetRequest']['axis'];
type PeriodKind = 'QUARTER' | 'MONTH';
interface Part {
  key: string;
  weight?: number;
}
interface DecomposeForm {
  axis: Axis;
  childPeriodKind?: PeriodKind;
  parts: Part[];
}
const DIMENSION_AXES: Axis[] = ['PRODUCT_LINE', 'REGION', 'CUSTOMER_SEGMENT'];

/** The axes a node can be split along (DOMAIN: a node is split once, along one axis). */
function axesFor(node: TargetNode): Axis[] {
  const axes: Axis[] = [];
  if (node.periodKind === 'YEAR' || node.periodKind === 'QUARTER') axes.push('TIME');
  if (node.scope !== 'EMPLOYEE') axes.push('DEPARTMENTS');
  if (node.scope === 'DEPARTMENT') axes.push('MEMBERS');
  if (!node.productLine) axes.push('PRODUCT_LINE');
  if (!node.region) axes.push('REGION');
  if (!node.customerSegment) axes.push('CUSTOMER_SEGMENT');
  return axes;
}

/**
 * The sub-period keys of a year or quarter. Quarters of fiscal year 2026 are 2026Q1..Q4 whatever
 * month the year starts in; months are calendar months, read from the node's own range.
 */
function subPeriodKeys(node: TargetNode, kind: PeriodKind): string[] {
  if (kind === 'QUARTER') return node.periodKey ? [1, 2, 3, 4].map((q) => `${node.periodKey}Q${q}`) : [];
  const keys: string[] = [];
  for (let m = dayjs(node.periodStart); m.isBefore(dayjs(node.periodEnd)); m = m.add(1, 'month')) {
    keys.push(m.format('YYYY-MM'));
  }
  return keys;
}

/**
 * 目标分解: split a node by time, org (departments or members) or a dimension, with weights.
 * Each part's share is shown as the weights are typed — the same largest-remainder split goals
 * makes — and the parts' sum beside the node's value; dimension percentages must total 100.
 */
export function DecomposeDialog(props: {
  node: TargetNode | undefined;
  departments: Schemas['Department'][];
  employees: Schemas['Employee'][];
  onClose(): void;
  onDone(): void;
}) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<DecomposeForm>();
  const [busy, setBusy] = useState(false);
  const node = props.node;
  const axis = Form.useWatch('axis', form);
  const childPeriodKind = Form.useWatch('childPeriodKind', form);
  const parts = Form.useWatch('parts', form) ?? [];
  const dimension = axis ? DIMENSION_AXES.includes(axis) : false;

  // The fixed parts of the time and org axes, with a label each; dimension parts are typed.
  const candidates = useMemo((): { key: string; label: string }[] => {
    if (!node || !axis) return [];
    if (axis === 'TIME')
      return childPeriodKind ? subPeriodKeys(node, childPeriodKind).map((k) => ({ key: k, label: k })) : [];
    if (axis === 'DEPARTMENTS') {
      return props.departments
        .filter((d) => (node.scope === 'TENANT' ? d.parentId === null : d.parentId === node.scopeId))
        .map((d) => ({ key: d.id, label: d.name }));
    }
    if (axis === 'MEMBERS') {
      return props.employees
        .filter((e) => e.departmentId === node.scopeId && e.status === 'active')
        .map((e) => ({ key: e.id, label: e.name }));
    }
    return [];
  }, [node, axis, childPeriodKind, props.departments, props.employees]);

  useEffect(() => {
    if (!node) return;
    form.resetFields();
    const first = axesFor(node)[0];
    form.setFieldsValue({
      axis: first,
      childPeriodKind: node.periodKind === 'YEAR' ? 'QUARTER' : node.periodKind === 'QUARTER' ? 'MONTH' : undefined,
    });
  }, [node, form]);

  useEffect(() => {
    if (!axis) return;
    form.setFieldValue(
      'parts',
      dimension
        ? [
            { key: '', weight: 50 },
            { key: '', weight: 50 },
          ]
        : candidates.map((c) => ({ key: c.key, weight: 1 })),
    );
  }, [axis, dimension, candidates, form]);

  const weights = parts.map((p) => p?.weight ?? 0);
  const shares = node ? splitByWeights(node.value, weights) : [];
  const shareSum = shares.reduce((a, b) => a + b, 0);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const amount = (value: number) => (node ? formatTargetAmount(node.metric, value, language) : '');
  const labelOf = (key: string) => candidates.find((c) => c.key === key)?.label ?? key;

  async function submit(values: DecomposeForm) {
    if (!node) return;
    if (dimension && Math.abs(weightSum - 100) > 1e-9) {
      form.setFields([{ name: 'parts', errors: [t('target.percentTotal100')] }]);
      return;
    }
    setBusy(true);
    try {
      unwrap(
        await api.POST('/api/v1/targets/{id}/decompose', {
          params: { path: { id: node.id }, header: { 'If-Match': `"${node.version}"` } },
          body: {
            axis: values.axis,
            ...(values.axis === 'TIME' && values.childPeriodKind ? { childPeriodKind: values.childPeriodKind } : {}),
            parts: values.parts.map((p) => ({ key: p.key.trim(), weight: p.weight ?? 0 })),
          },
        }),
      );
      message.success(t('target.decomposed'));
      props.onDone();
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 412) {
        message.error(t('opportunity.changedMeanwhile'));
        props.onDone();
        return;
      }
      const rest = showProblemOnForm(form, error);
      if (rest) message.error(rest);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={Boolean(node)}
      title={t('target.decompose')}
      okText={t('target.decompose')}
      cancelText={t('action.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      forceRender
      width={600}
    >
      {node && (
        <p>
          {t('target.value')}: <strong>{amount(node.value)}</strong>
        </p>
      )}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Space wrap>
          <Form.Item name="axis" label={t('target.axis')} rules={[{ required: true, message: t('field.required') }]}>
            <Select
              style={{ width: 180 }}
              options={(node ? axesFor(node) : []).map((value) => ({ value, label: t(`axis.${value}` as MessageKey) }))}
            />
          </Form.Item>
          {axis === 'TIME' && (
            <Form.Item name="childPeriodKind" label={t('target.childPeriodKind')}>
              <Select
                style={{ width: 120 }}
                options={(node?.periodKind === 'YEAR' ? (['QUARTER', 'MONTH'] as const) : (['MONTH'] as const)).map(
                  (value) => ({ value, label: t(`periodKind.${value}` as MessageKey) }),
                )}
              />
            </Form.Item>
          )}
        </Space>
        <Form.List name="parts">
          {(fields, { add, remove }, { errors }) => (
            <>
              <Table
                size="small"
                pagination={false}
                rowKey="key"
                dataSource={fields}
                columns={[
                  {
                    title: dimension ? t(`axis.${axis}` as MessageKey) : t('target.part'),
                    key: 'key',
                    render: (_, field, index) =>
                      dimension ? (
                        <Form.Item
                          name={[field.name, 'key']}
                          noStyle
                          rules={[{ required: true, whitespace: true, message: t('field.required') }]}
                        >
                          <Input
                            aria-label={`${t(`axis.${axis}` as MessageKey)} ${index + 1}`}
                            style={{ width: 140 }}
                          />
                        </Form.Item>
                      ) : (
                        <>
                          {/* Registered, so the part's key is watched and submitted with its weight. */}
                          <Form.Item name={[field.name, 'key']} hidden>
                            <Input />
                          </Form.Item>
                          {labelOf(parts[index]?.key ?? '')}
                        </>
                      ),
                  },
                  {
                    title: dimension ? t('target.percent') : t('target.weight'),
                    key: 'weight',
                    render: (_, field, index) => (
                      <Form.Item
                        name={[field.name, 'weight']}
                        noStyle
                        rules={[{ required: true, type: 'number', min: 0, message: t('field.positive') }]}
                      >
                        <InputNumber
                          aria-label={`${t('target.weight')} ${labelOf(parts[index]?.key ?? '') || index + 1}`}
                          min={0}
                          style={{ width: 100 }}
                        />
                      </Form.Item>
                    ),
                  },
                  {
                    title: t('target.share'),
                    key: 'share',
                    align: 'right',
                    render: (_, _field, index) => (
                      <span data-testid="decompose-share">{amount(shares[index] ?? 0)}</span>
                    ),
                  },
                  ...(dimension
                    ? [
                        {
                          title: '',
                          key: 'remove',
                          render: (_: unknown, field: { name: number }, index: number) => (
                            <Button
                              type="text"
                              icon={<DeleteOutlined />}
                              aria-label={`${t('action.remove')} ${index + 1}`}
                              onClick={() => remove(field.name)}
                            />
                          ),
                        },
                      ]
                    : []),
                ]}
                summary={() => (
                  <Table.Summary.Row>
                    <Table.Summary.Cell index={0}>{t('target.sum')}</Table.Summary.Cell>
                    <Table.Summary.Cell index={1}>
                      <Typography.Text
                        type={dimension && weightSum !== 100 ? 'danger' : undefined}
                        data-testid="decompose-weight-sum"
                      >
                        {weightSum}
                        {dimension && ' / 100'}
                      </Typography.Text>
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={2} align="right">
                      <Typography.Text
                        type={node && shareSum !== node.value ? 'danger' : undefined}
                        data-testid="decompose-share-sum"
                      >
                        {amount(shareSum)}
                      </Typography.Text>
                    </Table.Summary.Cell>
                  </Table.Summary.Row>
                )}
              />
              <Form.ErrorList errors={errors} />
              {dimension && (
                <Button icon={<PlusOutlined />} onClick={() => add({ key: '', weight: 0 })} style={{ marginTop: 8 }}>
                  {t('target.addPart')}
                </Button>
              )}
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
