import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Popconfirm, Select, Space } from 'antd';
import { useState } from 'react';
import { ApiProblem, api, type Problem, type Schemas, unwrap } from '../../api/client';
import { FormDialog } from '../../components/FormDialog';
import { useI18n } from '../../i18n/i18n';
import type { LeadViewFilters } from './saved-view-filters';

type SavedView = Schemas['SavedView'];
const VIEWS_KEY = ['saved-views', 'leads'];

/**
 * The caller's saved views (保存的筛选) of the leads list: pick one to apply its filters, save the
 * current filters under a name, delete the picked one. Views are private to the person.
 */
export function SavedViews(props: { current: LeadViewFilters; onApply(filters: LeadViewFilters): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ name: string }>();
  const [saving, setSaving] = useState(false);
  const [pickedId, setPickedId] = useState<string>();

  const views = useQuery({
    queryKey: VIEWS_KEY,
    queryFn: async () => unwrap(await api.GET('/api/v1/saved-views', { params: { query: { list: 'leads' } } })).items,
  });
  const remove = useMutation({
    mutationFn: async (id: string) => {
      const result = await api.DELETE('/api/v1/saved-views/{id}', { params: { path: { id } } });
      // A 204 has no body, so unwrap (which wants data) does not fit.
      if (!result.response.ok) throw new ApiProblem(result.response.status, (result.error ?? {}) as Partial<Problem>);
    },
    onSuccess: async () => {
      setPickedId(undefined);
      message.success(t('savedViews.deleted'));
      await queryClient.invalidateQueries({ queryKey: VIEWS_KEY });
    },
    onError: (error) => message.error(error.message),
  });

  function pick(id: string | undefined) {
    setPickedId(id);
    const view = views.data?.find((v) => v.id === id);
    if (view) props.onApply(view.filters);
  }

  return (
    <Space wrap>
      <Select
        allowClear
        placeholder={t('savedViews.pick')}
        aria-label={t('savedViews.pick')}
        style={{ width: 200 }}
        loading={views.isLoading}
        value={pickedId}
        onChange={pick}
        notFoundContent={t('savedViews.none')}
        options={(views.data ?? []).map((v) => ({ value: v.id, label: v.name }))}
      />
      <Button onClick={() => setSaving(true)}>{t('savedViews.save')}</Button>
      <Popconfirm
        title={t('savedViews.deleteConfirm')}
        okText={t('savedViews.delete')}
        cancelText={t('action.cancel')}
        disabled={!pickedId}
        onConfirm={() => pickedId && remove.mutate(pickedId)}
      >
        <Button disabled={!pickedId} loading={remove.isPending}>
          {t('savedViews.delete')}
        </Button>
      </Popconfirm>
      <FormDialog<{ name: string }, SavedView>
        open={saving}
        title={t('savedViews.save')}
        form={form}
        intro={<p>{t('savedViews.saveIntro')}</p>}
        submit={async ({ name }) =>
          unwrap(await api.POST('/api/v1/saved-views', { body: { list: 'leads', name, filters: props.current } }))
        }
        onClose={() => setSaving(false)}
        onSubmitted={async (view) => {
          await queryClient.invalidateQueries({ queryKey: VIEWS_KEY });
          setPickedId(view.id);
        }}
        successMessage={t('savedViews.saved')}
      >
        <Form.Item
          name="name"
          label={t('savedViews.name')}
          rules={[
            { required: true, whitespace: true, message: t('savedViews.nameRequired') },
            { max: 60, message: t('savedViews.nameTooLong') },
          ]}
        >
          <Input maxLength={60} />
        </Form.Item>
      </FormDialog>
    </Space>
  );
}
