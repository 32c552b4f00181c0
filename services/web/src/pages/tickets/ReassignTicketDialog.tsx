import { useQuery } from '@tanstack/react-query';
import { Form, Input, Select } from 'antd';
import { api, type Schemas, unwrap } from '../../api/client';
import { FormDialog } from '../../components/FormDialog';
import { useI18n } from '../../i18n/i18n';

type Ticket = Schemas['Ticket'];
interface ReassignForm {
  assigneeId: string;
  comment?: string;
}

/**
 * 转派: gives the ticket to another active employee among those the user may see (the API
 * checks the assignee is still active and the ticket unchanged since it was read: If-Match).
 * The comment is kept in the ticket's history.
 */
export function ReassignTicketDialog(props: {
  open: boolean;
  ticket: Ticket;
  onClose(): void;
  onReassigned(ticket: Ticket): void | Promise<void>;
  onStale(): void | Promise<void>;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<ReassignForm>();
  const employees = useQuery({
    queryKey: ['employees', 'active'],
    enabled: props.open,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/employees', { params: { query: { status: 'active', limit: 200 } } })).items,
  });

  async function submit(values: ReassignForm) {
    return unwrap(
      await api.POST('/api/v1/tickets/{id}/assign', {
        params: { path: { id: props.ticket.id }, header: { 'If-Match': `"${props.ticket.version}"` } },
        body: { assigneeId: values.assigneeId, ...(values.comment?.trim() ? { comment: values.comment.trim() } : {}) },
      }),
    );
  }

  return (
    <FormDialog
      open={props.open}
      title={t('ticket.reassign')}
      form={form}
      submit={submit}
      onClose={props.onClose}
      onSubmitted={props.onReassigned}
      onStale={props.onStale}
      successMessage={t('ticket.reassigned')}
    >
      <Form.Item
        name="assigneeId"
        label={t('ticket.assignee')}
        rules={[
          { required: true, message: t('field.required') },
          {
            validator: async (_, value: string | undefined) => {
              if (value && value === props.ticket.assigneeId) throw new Error(t('ticket.sameAssignee'));
            },
          },
        ]}
      >
        <Select
          showSearch
          optionFilterProp="label"
          loading={employees.isLoading}
          options={(employees.data ?? []).map((e) => ({ value: e.id, label: e.name }))}
        />
      </Form.Item>
      <Form.Item name="comment" label={t('ticket.comment')} rules={[{ max: 2000, message: t('field.tooLong') }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </FormDialog>
  );
}
