import { analyticsV1, crmV1, fieldV1, goalsV1, identityV1, notificationsV1 } from '@salesflow/contracts';
import { createServiceClient, type PromiseClient } from '@salesflow/platform';
import type { GatewayConfig } from '../config';

// The slices of each service the gateway uses: routes depend on these, tests fake them.
export type IdentityClient = Pick<
  PromiseClient<identityV1.IdentityServiceService>,
  | 'login'
  | 'refreshToken'
  | 'logout'
  | 'getJwks'
  | 'rotateSigningKey'
  | 'getMe'
  | 'changePassword'
  | 'resetPassword'
  | 'getTenant'
  | 'updateTenant'
  | 'listDepartments'
  | 'createDepartment'
  | 'updateDepartment'
  | 'moveDepartment'
  | 'deleteDepartment'
  | 'createEmployee'
  | 'getEmployee'
  | 'listEmployees'
  | 'updateEmployee'
  | 'deactivateEmployee'
  | 'reactivateEmployee'
  | 'setWorkStatus'
  | 'transferEmployee'
  | 'departEmployee'
  | 'assignRoles'
  | 'importEmployees'
  | 'getEmployeeHistory'
  | 'listSubordinates'
  | 'listRoles'
  | 'createRole'
  | 'updateRole'
  | 'deleteRole'
>;
export type CrmClient = Pick<
  PromiseClient<crmV1.CrmServiceService>,
  | 'createLead'
  | 'getLead'
  | 'listLeads'
  | 'listCustomFields'
  | 'createCustomField'
  | 'updateCustomField'
  | 'createCustomer'
  | 'getCustomer'
  | 'listCustomers'
  | 'updateCustomer'
  | 'createContact'
  | 'listContacts'
  | 'updateContact'
  | 'listUpcomingBirthdays'
  | 'createActivity'
  | 'listActivities'
  | 'listOverdueFollowUps'
  | 'getCustomerTimeline'
  | 'updateLead'
  | 'claimLead'
  | 'assignLead'
  | 'releaseLead'
  | 'getLeadHistory'
  | 'createLeadPool'
  | 'listLeadPools'
  | 'getLeadPool'
  | 'updateLeadPool'
  | 'convertLead'
  | 'getConversionRules'
  | 'updateConversionRules'
  | 'mergeCustomers'
  | 'importLeads'
  | 'importCustomers'
  | 'exportLeads'
  | 'exportCustomers'
  | 'listSavedViews'
  | 'createSavedView'
  | 'deleteSavedView'
>;
/** crm's SalesService (crm part 2), served at CRM_GRPC_ADDR beside CrmService. */
export type SalesClient = PromiseClient<crmV1.SalesServiceService>;
/** crm's TicketService: tickets, satisfaction, service settings and churn (same address as crm). */
export type TicketsClient = PromiseClient<crmV1.TicketServiceService>;
export type AnalyticsClient = Pick<PromiseClient<analyticsV1.AnalyticsServiceService>, 'getLeadSummary'>;
/** goals' TaskService: projects, tasks, comments, completion rate, task settings. */
export type TaskClient = PromiseClient<goalsV1.TaskServiceService>;

/** field's visit plans, check-ins with photos, visits and field settings. */
export type VisitsClient = PromiseClient<fieldV1.VisitServiceService>;

/** goals' TargetService: target nodes, decomposition, progress views, goals settings. */
export type TargetsClient = PromiseClient<goalsV1.TargetServiceService>;
/** field's reports, attendance and expenses (salesflow.field.v1.ReportService). */
export type ReportsClient = PromiseClient<fieldV1.ReportServiceService>;

export type KpiClient = PromiseClient<analyticsV1.KpiServiceService>;
export type NotificationsClient = PromiseClient<notificationsV1.NotificationServiceService>;
export type WebhooksClient = PromiseClient<notificationsV1.WebhookServiceService>;

export interface ServiceClients {
  identity: IdentityClient;
  crm: CrmClient;
  /** Optional so that tests which do not exercise it need not fake it; always set in production. */
  sales?: SalesClient;
  tickets: TicketsClient;
  analytics: AnalyticsClient;
  /** Optional so that specs which do not call the field service need not fake it. */
  reports?: ReportsClient;
  tasks: TaskClient;
  /** Left out by tests of other routes; the field routes answer 503 without it. */
  visits?: VisitsClient;
  /** Optional so that route tests of other services need not fake it; always set in production. */
  targets?: TargetsClient;
  /** Optional so that tests of other routes need not fake it; always set by createServiceClients. */
  kpis?: KpiClient;
  // Optional so that specs which do not exercise them need not fake them; the routes answer
  // 503 when absent. createServiceClients always sets both.
  notifications?: NotificationsClient;
  webhooks?: WebhooksClient;
}

const DEADLINE_MS = 5_000;

/**
 * One gRPC client per service, each call with a 5 s deadline. Only reads are marked
 * idempotent: a write is never retried, as it may have happened before the connection broke.
 */
export function createServiceClients(config: GatewayConfig): ServiceClients & { close(): void } {
  const identity = createServiceClient(identityV1.IdentityServiceService, config.IDENTITY_GRPC_ADDR, {
    deadlineMs: DEADLINE_MS,
    idempotentMethods: [
      'getJwks',
      'getMe',
      'getTenant',
      'listDepartments',
      'getEmployee',
      'listEmployees',
      'getEmployeeHistory',
      'listSubordinates',
      'listRoles',
    ],
  });
  const crm = createServiceClient(crmV1.CrmServiceService, config.CRM_GRPC_ADDR, {
    deadlineMs: DEADLINE_MS,
    idempotentMethods: [
      'getLead',
      'listLeads',
      'listCustomFields',
      'getCustomer',
      'listCustomers',
      'listContacts',
      'listUpcomingBirthdays',
      'listActivities',
      'listOverdueFollowUps',
      'getCustomerTimeline',
      'getLeadHistory',
      'listLeadPools',
      'getLeadPool',
      'listSavedViews',
      'getConversionRules',
      'exportLeads',
      'exportCustomers',
    ],
  });
  const sales = createServiceClient(crmV1.SalesServiceService, config.CRM_GRPC_ADDR, {
    deadlineMs: DEADLINE_MS,
    idempotentMethods: [
      'getProduct',
      'listProducts',
      'listPipelines',
      'listLostReasons',
      'getOpportunity',
      'listOpportunities',
      'getOpportunityHistory',
      'getOpportunityBoard',
      'listCompetitors',
      'listCompetitiveAnalyses',
      'getContract',
      'listContracts',
      'getPaymentPlan',
      'getPayment',
      'listPayments',
      'getReceivables',
    ],
  });
  const tickets = createServiceClient(crmV1.TicketServiceService, config.CRM_GRPC_ADDR, {
    deadlineMs: DEADLINE_MS,
    idempotentMethods: [
      'getTicket',
      'listTickets',
      'getTicketHistory',
      'getServiceSettings',
      'listSatisfactionSurveys',
    ],
  });
  const analytics = createServiceClient(analyticsV1.AnalyticsServiceService, config.ANALYTICS_GRPC_ADDR, {
    deadlineMs: DEADLINE_MS,
    idempotentMethods: ['getLeadSummary'],
  });
  const targets = createServiceClient(goalsV1.TargetServiceService, config.GOALS_GRPC_ADDR, {
    deadlineMs: DEADLINE_MS,
    idempotentMethods: [
      'getTargetNode',
      'listTargetNodes',
      'getTargetTree',
      'getTargetLeaderboard',
      'getGoalsSettings',
    ],
  });
  const reports = createServiceClient(fieldV1.ReportServiceService, config.FIELD_GRPC_ADDR, {
    deadlineMs: DEADLINE_MS,
    idempotentMethods: [
      'getDailyReport',
      'listDailyReports',
      'getReportTimeliness',
      'getMarketReport',
      'listMarketReports',
      'getWeeklyReport',
      'getAbsenceRequest',
      'listAbsenceRequests',
      'getAttendanceSummary',
      'getExpense',
      'listExpenses',
      'getReportSettings',
      'getHolidayCalendar',
    ],
  });
  const notifications = createServiceClient(
    notificationsV1.NotificationServiceService,
    config.NOTIFICATIONS_GRPC_ADDR,
    { deadlineMs: DEADLINE_MS, idempotentMethods: ['listNotifications'] },
  );
  const webhooks = createServiceClient(notificationsV1.WebhookServiceService, config.NOTIFICATIONS_GRPC_ADDR, {
    deadlineMs: DEADLINE_MS,
    idempotentMethods: ['listWebhooks', 'getWebhook', 'listWebhookDeliveries'],
  });
  const tasks = createServiceClient(goalsV1.TaskServiceService, config.GOALS_GRPC_ADDR, {
    deadlineMs: DEADLINE_MS,
    idempotentMethods: [
      'getProject',
      'listProjects',
      'getTask',
      'listTasks',
      'getTaskHistory',
      'listTaskComments',
      'getTaskCompletion',
      'getTaskSettings',
    ],
  });
  const visits = createServiceClient(fieldV1.VisitServiceService, config.FIELD_GRPC_ADDR, {
    deadlineMs: DEADLINE_MS,
    idempotentMethods: [
      'getVisitPlan',
      'listVisitPlans',
      'listPendingApprovals',
      'getCheckInPhoto',
      'listVisits',
      'getFieldSettings',
    ],
  });
  // The same analytics process serves KpiService beside AnalyticsService.
  const kpis = createServiceClient(analyticsV1.KpiServiceService, config.ANALYTICS_GRPC_ADDR, {
    deadlineMs: DEADLINE_MS,
    idempotentMethods: [
      'getKpis',
      'getFunnel',
      'getLeaderboard',
      'getTimeseries',
      'getCustomerValue',
      'listChurnRisks',
    ],
  });
  return {
    identity,
    crm,
    sales,
    tickets,
    analytics,
    reports,
    tasks,
    visits,
    targets,
    kpis,
    notifications,
    webhooks,
    close() {
      identity.close();
      crm.close();
      sales.close();
      tickets.close();
      analytics.close();
      targets.close();
      reports.close();
      tasks.close();
      visits.close();
      kpis.close();
      notifications.close();
      webhooks.close();
    },
  };
}
