import { App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { showProblemOnForm } from '../../components/form-errors';
import { useI18n } from '../../i18n/i18n';

export type Decision = 'approve' | 'reject';

/**
 * Approve or reject (for a daily report: sign off or send back) with a comment. The API
 * refuses a rejection without one, and so does the form; its problem+json lands on the field.
 */
export function DecisionDialog({
  decision,
  title,
  approveLabel,
  maxComment,
  onDecide,
  onClose,
}: {
  decision: Decision;
  title: string;
  /** What approving is called here: approve, or sign off for a daily report. */
  approveLabel: string;
  maxComment: number;
  onDecide(comment: string): Promise<void>;
  onClose(): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ comment?: string }>();
  const [busy, setBusy] = useState(false);

  async function decide({ comment }: { comment?: string }) {
    setBusy(true);
    try {
      await onDecide(comment?.trim() ?? '');
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
      title={title}
      okText={decision === 'approve' ? approveLabel : t('approvals.reject')}
      okButtonProps={{ danger: decision === 'reject' }}
      cancelText={t('action.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form form={form} layout="vertical" onFinish={decide}>
        <Form.Item
          name="comment"
          label={t('field.decisionComment')}
          rules={[
            { required: decision === 'reject', whitespace: true, message: t('approvals.commentRequired') },
            { max: maxComment, message: t('field.tooLong') },
          ]}
        >
          <Input.TextArea rows={3} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
