import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Skeleton, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { api, type Schemas, unwrap } from '../../api/client';
import { showProblemOnForm } from '../../components/form-errors';
import { useI18n } from '../../i18n/i18n';
import { ifMatch } from '../field/field-data';
import { AdminNav } from './AdminNav';

type TenantChange = { name: string; settings: Schemas['TenantSettings'] };

/** The company's name and settings (time zone, currency, week, fiscal year, geofence, recycling). */
export function TenantPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<TenantChange>();
  const [busy, setBusy] = useState(false);
  const tenant = useQuery({ queryKey: ['tenant'], queryFn: async () => unwrap(await api.GET('/api/v1/tenant')) });

  useEffect(() => {
    if (tenant.data) form.setFieldsValue({ name: tenant.data.name, settings: tenant.data.settings });
  }, [form, tenant.data]);

  async function save(values: TenantChange) {
    if (!tenant.data) return;
    setBusy(true);
    try {
      unwrap(
        await api.PATCH('/api/v1/tenant', {
          params: { header: ifMatch(tenant.data.version) },
          body: { name: values.name, settings: values.settings },
        }),
      );
      message.success(t('employee.saved'));
    } catch (error) {
      const rest = showProblemOnForm(form, error);
      if (rest) message.error(rest);
    } finally {
      setBusy(false);
      await queryClient.invalidateQueries({ queryKey: ['tenant'] });
    }
  }

  const required = { required: true, message: t('field.required') };
  return (
    <>
      <AdminNav />
      {tenant.isLoading && <Skeleton active />}
      {tenant.data && (
        <Card size="small" title={`${t('tenant.code')}: ${tenant.data.code}`}>
          <Form<TenantChange> form={form} layout="vertical" onFinish={save} style={{ maxWidth: 480 }}>
            <Form.Item
              name="name"
              label={t('tenant.name')}
              rules={[required, { max: 200, message: t('field.tooLong') }]}
            >
              <Input />
            </Form.Item>
            <Form.Item name={['settings', 'timeZone']} label={t('tenant.timeZone')} rules={[required]}>
              <Input placeholder="Asia/Shanghai" />
            </Form.Item>
            <Form.Item
              name={['settings', 'currency']}
              label={t('tenant.currency')}
              rules={[required, { pattern: /^[A-Z]{3}$/, message: 'ISO 4217, e.g. CNY' }]}
            >
              <Input maxLength={3} />
            </Form.Item>
            <Form.Item name={['settings', 'weekStart']} label={t('tenant.weekStart')} rules={[required]}>
              <InputNumber min={1} max={7} precision={0} />
            </Form.Item>
            <Form.Item
              name={['settings', 'fiscalYearStartMonth']}
              label={t('tenant.fiscalYearStartMonth')}
              rules={[required]}
            >
              <InputNumber min={1} max={12} precision={0} />
            </Form.Item>
            <Form.Item
              name={['settings', 'defaultGeofenceRadiusMeters']}
              label={t('tenant.defaultGeofenceRadiusMeters')}
              rules={[required]}
            >
              <InputNumber min={1} max={100_000} precision={0} />
            </Form.Item>
            <Form.Item name={['settings', 'leadRecycleDays']} label={t('tenant.leadRecycleDays')} rules={[required]}>
              <InputNumber min={1} max={3650} precision={0} />
            </Form.Item>
            <Form.Item
              name={['settings', 'leaderboardVisibleToAll']}
              label={t('tenant.leaderboardVisibleToAll')}
              valuePropName="checked"
            >
              <Switch />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('action.save')}
            </Button>
          </Form>
        </Card>
      )}
    </>
  );
}
