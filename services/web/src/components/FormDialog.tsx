import { App, Form, type FormInstance, Modal } from 'antd';
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { ApiProblem } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { showProblemOnForm } from './form-errors';

/**
 * A modal form that sends one request: validates as the API does, shows the API's problem+json
 * field errors beside the fields (anything else as a message), and closes once the request
 * succeeded. A 412 (the record changed since it was read) closes it too, after telling the user,
 * so the page can reload what it shows instead of the form retrying blind.
 */
export function FormDialog<Values extends object, Result>(props: {
  open: boolean;
  title: ReactNode;
  form: FormInstance<Values>;
  /** Sends the request; throws (an ApiProblem from `unwrap`) when the API refuses. */
  submit(values: Values): Promise<Result>;
  onClose(): void;
  /** Called with the API's answer before the dialog closes. */
  onSubmitted?(result: Result): void | Promise<void>;
  /** A versioned write met a newer version (412): the page reloads the record. */
  onStale?(): void | Promise<void>;
  /** Set on the form each time the dialog opens (fields left out are emptied). */
  initialValues?: Partial<Values>;
  /** Shown once the request succeeded. */
  successMessage?: string;
  okText?: string;
  okDanger?: boolean;
  width?: number;
  /** Shown above the form. */
  intro?: ReactNode;
  /** Shown below the form, e.g. a running total. */
  footnote?: ReactNode;
  /**
   * Prefixes the field ids (`<name>_<field>`); by default a name of the dialog's own. `null` leaves
   * the ids bare, for a dialog that is the only form on its page while it is open.
   */
  formName?: string | null;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  // A form name of its own prefixes the field ids: a page holds several dialogs (rendered while
  // hidden) and filter forms with fields of the same name, and each label must find its field.
  const ownFormName = useId();
  const formName = props.formName === undefined ? ownFormName : (props.formName ?? undefined);
  const { open, form } = props;
  // The latest initial values, read when the dialog opens: a parent's fresh object each render
  // must not reset what the user is typing.
  const initialValues = useRef(props.initialValues);
  initialValues.current = props.initialValues;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (initialValues.current) form.setFieldsValue(initialValues.current as Parameters<typeof form.setFieldsValue>[0]);
  }, [open, form]);

  async function finish(values: Values) {
    setBusy(true);
    try {
      const result = await props.submit(values);
      if (props.successMessage) message.success(props.successMessage);
      props.onClose();
      await props.onSubmitted?.(result);
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 412) {
        message.error(t('opportunity.changedMeanwhile'));
        props.onClose();
        await props.onStale?.();
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
      open={open}
      title={props.title}
      okText={props.okText ?? t('action.save')}
      cancelText={t('action.cancel')}
      okButtonProps={{ danger: props.okDanger }}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      width={props.width}
      forceRender
    >
      {props.intro}
      <Form form={form} name={formName} layout="vertical" onFinish={finish}>
        {props.children}
      </Form>
      {props.footnote}
    </Modal>
  );
}
