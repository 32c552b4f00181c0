import { Form, type FormInstance, Input, InputNumber, Select } from 'antd';
import type { ReactNode } from 'react';
import { api, idempotencyKey, type Schemas, unwrap } from '../../api/client';
import { FormDialog } from '../../components/FormDialog';
import { useI18n } from '../../i18n/i18n';
import { enumOptions } from '../lead-options';
import { businessToday, useCustomers } from './field-data';
import { toMinorUnits } from './money-input';

type NewLeave = Schemas['CreateLeaveRequest'];
type NewTrip = Schemas['CreateBusinessTripRequest'];
type ExpenseCategory = Schemas['SubmitExpenseRequest']['category'];
interface NewExpense {
  expenseDate: string;
  category: ExpenseCategory;
  /** In yuan as typed; sent in fen. */
  amount: number;
  customerId?: string;
  notes?: string;
}

const LEAVE_TYPES: NewLeave['leaveType'][] = ['annual', 'sick', 'personal', 'other'];
const EXPENSE_CATEGORIES: ExpenseCategory[] = ['travel', 'meal', 'lodging', 'gift', 'other'];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

interface DialogProps {
  onClose(): void;
  onSubmitted(): void;
}

/** The dialog every request form sits in: the shared form dialog, with a submit button and message of its own. */
function RequestModal<T extends object>({
  title,
  form,
  send,
  initialValues,
  onClose,
  onSubmitted,
  children,
}: DialogProps & {
  title: string;
  form: FormInstance<T>;
  send(values: T): Promise<void>;
  initialValues: Partial<T>;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <FormDialog<T, void>
      open
      formName={null}
      title={title}
      form={form}
      initialValues={initialValues}
      submit={send}
      okText={t('request.submit')}
      successMessage={t('request.submitted')}
      onSubmitted={onSubmitted}
      onClose={onClose}
    >
      {children}
    </FormDialog>
  );
}

/** The first and last day, as the API takes them; whether the last is after the first it checks itself. */
function DateRangeItems() {
  const { t } = useI18n();
  const dateRules = [
    { required: true, message: t('field.required') },
    { pattern: ISO_DATE, message: t('request.badDate') },
  ];
  return (
    <>
      <Form.Item name="startDate" label={t('request.startDate')} rules={dateRules}>
        <Input type="date" />
      </Form.Item>
      <Form.Item name="endDate" label={t('request.endDate')} rules={dateRules}>
        <Input type="date" />
      </Form.Item>
    </>
  );
}

function ReasonItem({ label }: { label: string }) {
  const { t } = useI18n();
  return (
    <Form.Item name="reason" label={label} rules={[{ max: 2000, message: t('field.tooLong') }]}>
      <Input.TextArea rows={3} />
    </Form.Item>
  );
}

/** Validated as CreateLeaveRequest: two dates, a leave type, a reason of at most 2000. */
export function LeaveRequestDialog(props: DialogProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<NewLeave>();
  const today = businessToday();
  return (
    <RequestModal<NewLeave>
      {...props}
      title={t('request.newLeave')}
      form={form}
      initialValues={{ startDate: today, endDate: today, leaveType: 'annual' }}
      send={async (values) => {
        unwrap(await api.POST('/api/v1/leave-requests', { params: { header: idempotencyKey() }, body: values }));
      }}
    >
      <Form.Item name="leaveType" label={t('request.leaveType')} rules={[{ required: true }]}>
        <Select options={enumOptions(LEAVE_TYPES, 'leaveType', t)} />
      </Form.Item>
      <DateRangeItems />
      <ReasonItem label={t('request.reason')} />
    </RequestModal>
  );
}

/** Validated as CreateBusinessTripRequest: two dates, a destination of 1-200, a reason of at most 2000. */
export function TripRequestDialog(props: DialogProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<NewTrip>();
  const today = businessToday();
  return (
    <RequestModal<NewTrip>
      {...props}
      title={t('request.newTrip')}
      form={form}
      initialValues={{ startDate: today, endDate: today }}
      send={async (values) => {
        unwrap(await api.POST('/api/v1/business-trips', { params: { header: idempotencyKey() }, body: values }));
      }}
    >
      <Form.Item
        name="destination"
        label={t('request.destination')}
        rules={[
          { required: true, whitespace: true, message: t('field.required') },
          { max: 200, message: t('field.tooLong') },
        ]}
      >
        <Input />
      </Form.Item>
      <DateRangeItems />
      <ReasonItem label={t('request.purpose')} />
    </RequestModal>
  );
}

/**
 * Validated as SubmitExpenseRequest: a day, a category, a positive amount (typed in yuan, sent
 * in fen, CNY), optionally the customer it was for and notes of at most 2000. The API takes no
 * receipt photo, so the form asks for none.
 */
export function ExpenseDialog(props: DialogProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<NewExpense>();
  const customers = useCustomers();
  return (
    <RequestModal<NewExpense>
      {...props}
      title={t('request.newExpense')}
      form={form}
      initialValues={{ expenseDate: businessToday(), category: 'travel' }}
      send={async ({ amount, customerId, notes, ...rest }) => {
        unwrap(
          await api.POST('/api/v1/expenses', {
            params: { header: idempotencyKey() },
            body: {
              ...rest,
              amount: { amountMinor: toMinorUnits(amount) ?? 0, currency: 'CNY' },
              ...(customerId ? { customerId } : {}),
              ...(notes ? { notes } : {}),
            },
          }),
        );
      }}
    >
      <Form.Item name="category" label={t('request.category')} rules={[{ required: true }]}>
        <Select options={enumOptions(EXPENSE_CATEGORIES, 'expenseCategory', t)} />
      </Form.Item>
      <Form.Item
        name="amount"
        label={t('request.amount')}
        rules={[
          { required: true, message: t('field.required') },
          { type: 'number', min: 0.01, message: t('request.amountPositive') },
        ]}
      >
        <InputNumber<number>
          min={0}
          step={1}
          precision={2}
          addonBefore="¥"
          inputMode="decimal"
          style={{ width: '100%' }}
        />
      </Form.Item>
      <Form.Item
        name="expenseDate"
        label={t('request.expenseDate')}
        rules={[
          { required: true, message: t('field.required') },
          { pattern: ISO_DATE, message: t('request.badDate') },
        ]}
      >
        <Input type="date" />
      </Form.Item>
      <Form.Item name="customerId" label={t('request.customer')}>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          loading={customers.isLoading}
          options={(customers.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
        />
      </Form.Item>
      <Form.Item name="notes" label={t('request.notes')} rules={[{ max: 2000, message: t('field.tooLong') }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </RequestModal>
  );
}
