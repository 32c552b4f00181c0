import { Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { session } from '../auth/session';
import { showProblemOnForm } from '../components/form-errors';
import { useI18n } from '../i18n/i18n';
import { LanguageSwitch } from '../i18n/LanguageSwitch';

interface LoginForm {
  tenantCode: string;
  email: string;
  password: string;
}

/** Sign in, then go back to where the person was when the session ended (?next=). */
export function LoginPage() {
  const { t } = useI18n();
  const [form] = Form.useForm<LoginForm>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const [params] = useSearchParams();

  async function submit(values: LoginForm) {
    setBusy(true);
    setFailure(undefined);
    try {
      const tokens = unwrap(await api.POST('/api/v1/auth/login', { body: values }));
      session.start(tokens.accessToken, tokens.refreshToken);
      const next = params.get('next');
      navigate(next?.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    } catch (error) {
      setFailure(showProblemOnForm(form, error) && t('login.failed'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main style={{ display: 'grid', placeItems: 'center', minHeight: '100vh', padding: 16 }}>
      <Card
        title={<h1 style={{ fontSize: 20, margin: 0 }}>{t('app.name')}</h1>}
        style={{ width: '100%', maxWidth: 400 }}
        extra={<LanguageSwitch />}
      >
        {failure && <Alert type="error" title={failure} style={{ marginBottom: 16 }} showIcon />}
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ tenantCode: 'demo' }}>
          <Form.Item
            name="tenantCode"
            label={t('login.tenant')}
            rules={[{ required: true, message: t('field.required') }]}
          >
            <Input autoComplete="organization" />
          </Form.Item>
          <Form.Item
            name="email"
            label={t('login.email')}
            rules={[
              { required: true, message: t('field.required') },
              { type: 'email', message: t('field.email') },
            ]}
          >
            <Input autoComplete="username" inputMode="email" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('field.required') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </main>
  );
}
