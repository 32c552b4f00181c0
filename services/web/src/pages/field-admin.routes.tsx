import { Navigate, type RouteObject } from 'react-router';
import { ConversionRulesPage } from './admin/ConversionRulesPage';
import { CustomFieldsPage } from './admin/CustomFieldsPage';
import { EmployeesPage } from './admin/EmployeesPage';
import { OrgPage } from './admin/OrgPage';
import { PipelinesPage } from './admin/PipelinesPage';
import { RolesPage } from './admin/RolesPage';
import { TenantPage } from './admin/TenantPage';
import { WebhooksPage } from './admin/WebhooksPage';
import { ApprovalsPage } from './field/ApprovalsPage';
import { DailyReportPage } from './field/DailyReportPage';
import { MarketReportPage } from './field/MarketReportPage';
import { MyRequestsPage } from './field/MyRequestsPage';
import { TeamSchedulePage } from './field/TeamSchedulePage';
import { TodayPage } from './field/TodayPage';

/** The field pages (reps on a phone), the managers' approvals and the admin pages, inside the AppShell. */
export const fieldAndAdminRoutes: RouteObject[] = [
  { path: 'field', element: <TodayPage /> },
  { path: 'field/daily-report', element: <DailyReportPage /> },
  { path: 'field/market-report', element: <MarketReportPage /> },
  { path: 'field/requests', element: <MyRequestsPage /> },
  { path: 'approvals', element: <ApprovalsPage /> },
  { path: 'approvals/schedule', element: <TeamSchedulePage /> },
  { path: 'admin', element: <Navigate to="/admin/org" replace /> },
  { path: 'admin/org', element: <OrgPage /> },
  { path: 'admin/employees', element: <EmployeesPage /> },
  { path: 'admin/roles', element: <RolesPage /> },
  { path: 'admin/tenant', element: <TenantPage /> },
  { path: 'admin/custom-fields', element: <CustomFieldsPage /> },
  { path: 'admin/pipelines', element: <PipelinesPage /> },
  { path: 'admin/conversion-rules', element: <ConversionRulesPage /> },
  { path: 'admin/webhooks', element: <WebhooksPage /> },
];
