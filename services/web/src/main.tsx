import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp } from 'antd';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, Navigate, Outlet, RouterProvider } from 'react-router';
import { ApiProblem } from './api/client';
import { session } from './auth/session';
import { lazyPage } from './components/lazy-page';
import { I18nProvider } from './i18n/i18n';
import { AppShell } from './layout/AppShell';
import { CustomerPage } from './pages/CustomerPage';
import { CustomersPage } from './pages/CustomersPage';
import { DashboardPage } from './pages/DashboardPage';
import { fieldAndAdminRoutes } from './pages/field-admin.routes';
import { LeadDetailPage } from './pages/LeadDetailPage';
import { LeadsPage } from './pages/LeadsPage';
import { LoginPage } from './pages/LoginPage';
import { TasksPage } from './pages/TasksPage';
import { taskRoutes } from './pages/tasks/tasks.routes';

// Problems the API answered (4xx) are not worth retrying; network hiccups are, once.
const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (failures, error) => !(error instanceof ApiProblem && error.status < 500) && failures < 1,
      refetchOnWindowFocus: false,
    },
  },
});

/** Pages behind sign-in: without a session, go to login and come back here afterwards. */
function SignedIn() {
  return session.signedIn() ? <Outlet /> : <Navigate to={session.loginPathKeepingPlace()} replace />;
}

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    element: <SignedIn />,
    children: [
      {
        element: <AppShell />,
        children: [
          { index: true, element: <DashboardPage /> },
          { path: 'leads', element: <LeadsPage /> },
          { path: 'leads/:id', element: <LeadDetailPage /> },
          { path: 'customers', element: <CustomersPage /> },
          { path: 'customers/:id', element: <CustomerPage /> },
          { path: 'tasks', element: <TasksPage /> },
          {
            path: 'opportunities',
            element: lazyPage(() =>
              import('./pages/opportunities/OpportunitiesBoardPage').then((m) => m.OpportunitiesBoardPage),
            ),
          },
          {
            path: 'opportunities/:id',
            element: lazyPage(() =>
              import('./pages/opportunities/OpportunityDetailPage').then((m) => m.OpportunityDetailPage),
            ),
          },
          {
            path: 'contracts',
            element: lazyPage(() => import('./pages/contracts/ContractsPage').then((m) => m.ContractsPage)),
          },
          {
            path: 'contracts/:id',
            element: lazyPage(() => import('./pages/contracts/ContractDetailPage').then((m) => m.ContractDetailPage)),
          },
          {
            path: 'tickets',
            element: lazyPage(() => import('./pages/tickets/TicketsPage').then((m) => m.TicketsPage)),
          },
          {
            path: 'tickets/:id',
            element: lazyPage(() => import('./pages/tickets/TicketDetailPage').then((m) => m.TicketDetailPage)),
          },
          {
            path: 'targets',
            element: lazyPage(() => import('./pages/targets/TargetsPage').then((m) => m.TargetsPage)),
          },
          ...fieldAndAdminRoutes,
          ...taskRoutes,
        ],
      },
    ],
  },
  { path: '*', element: <Navigate to="/" replace /> },
]);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </I18nProvider>
  </StrictMode>,
);
