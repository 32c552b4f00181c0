import {
  AimOutlined,
  CheckSquareOutlined,
  CustomerServiceOutlined,
  DashboardOutlined,
  FileDoneOutlined,
  FundProjectionScreenOutlined,
  LogoutOutlined,
  TeamOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import { Button, Grid, Layout, Menu, Space, Typography } from 'antd';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { api } from '../api/client';
import { session } from '../auth/session';
import { useMe } from '../auth/use-me';
import { useI18n } from '../i18n/i18n';
import { LanguageSwitch } from '../i18n/LanguageSwitch';
import { NotificationBell } from '../notifications/NotificationBell';
import { useFieldAdminNavItems } from './field-admin-nav';

/** The frame around every page: navigation, who is signed in, language, sign out. */
export function AppShell() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const me = useMe();
  const screens = Grid.useBreakpoint();
  const fieldAdminNavItems = useFieldAdminNavItems();
  const section = `/${location.pathname.split('/')[1] ?? ''}`;

  async function signOut() {
    const refreshToken = session.refreshToken();
    if (refreshToken) await api.POST('/api/v1/auth/logout', { body: { refreshToken } }).catch(() => undefined);
    session.end();
    navigate('/login');
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: screens.sm ? 16 : 0 }}>
        {/* On a phone the brand gives its room to the navigation. */}
        {screens.sm && (
          <Typography.Text strong style={{ color: '#fff', whiteSpace: 'nowrap' }}>
            Salesflow
          </Typography.Text>
        )}
        <Menu
          theme="dark"
          mode="horizontal"
          selectedKeys={[section]}
          style={{ flex: 1, minWidth: 0 }}
          onClick={({ key }) => navigate(key)}
          items={[
            { key: '/', icon: <DashboardOutlined />, label: t('nav.dashboard') },
            { key: '/leads', icon: <UserAddOutlined />, label: t('nav.leads') },
            { key: '/customers', icon: <TeamOutlined />, label: t('nav.customers') },
            { key: '/tasks', icon: <CheckSquareOutlined />, label: t('nav.tasks') },
            ...fieldAdminNavItems,
            { key: '/opportunities', icon: <FundProjectionScreenOutlined />, label: t('nav.opportunities') },
            { key: '/contracts', icon: <FileDoneOutlined />, label: t('nav.contracts') },
            { key: '/tickets', icon: <CustomerServiceOutlined />, label: t('nav.tickets') },
            { key: '/targets', icon: <AimOutlined />, label: t('nav.targets') },
          ]}
        />
        <NotificationBell />
      </Layout.Header>
      <Layout.Content style={{ padding: 16, maxWidth: 1280, width: '100%', margin: '0 auto' }}>
        <Space wrap style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
          <span data-testid="who-am-i">
            <Typography.Text strong>{me.data?.employee.name}</Typography.Text>{' '}
            <Typography.Text type="secondary">
              {[me.data?.employee.roles.join(', '), me.data?.department?.name].filter(Boolean).join(' · ')}
            </Typography.Text>
          </span>
          <Space>
            <LanguageSwitch />
            <Button size="small" icon={<LogoutOutlined />} onClick={signOut}>
              {t('action.logout')}
            </Button>
          </Space>
        </Space>
        <Outlet />
      </Layout.Content>
    </Layout>
  );
}
