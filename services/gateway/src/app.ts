import type { Logger } from '@salesflow/platform';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { authenticate } from './auth/authenticate';
import type { TokenVerifier } from './auth/token-verifier';
import type { SalesClient, ServiceClients } from './clients/service-clients';
import { identifyCaller } from './http/caller';
import { cors } from './http/cors';
import { errorHandler, routeNotFound } from './http/error-handler';
import { type IdempotencyStore, idempotency, memoryIdempotencyStore } from './http/idempotency';
import { loginRateLimit, memoryRateLimitStore, type RateLimitStore, rateLimit } from './http/rate-limit';
import { assignRequestId } from './http/request-id';
import { logRequests } from './http/request-log';
import { webConsole } from './http/web-console';
import { API_PREFIX } from './openapi/registry';
import { activityRoutes } from './routes/activity.routes';
import { analyticsRoutes } from './routes/analytics.routes';
import { asyncApiRoutes } from './routes/asyncapi.routes';
import { attendanceRoutes } from './routes/attendance.routes';
import { authRoutes } from './routes/auth.routes';
import { checkInRoutes } from './routes/check-in.routes';
import { competitorRoutes } from './routes/competitor.routes';
import { contactRoutes } from './routes/contact.routes';
import { contractRoutes } from './routes/contract.routes';
import { conversionRuleRoutes } from './routes/conversion-rule.routes';
import { customFieldRoutes } from './routes/custom-field.routes';
import { customerRoutes } from './routes/customer.routes';
import { customerChurnRoutes } from './routes/customer-churn.routes';
import { dailyReportRoutes } from './routes/daily-report.routes';
import { departmentRoutes } from './routes/department.routes';
import { docsRoutes } from './routes/docs.routes';
import { employeeRoutes } from './routes/employee.routes';
import { expenseRoutes } from './routes/expense.routes';
import { fieldSettingsRoutes } from './routes/field-settings.routes';
import { holidayCalendarRoutes } from './routes/holiday-calendar.routes';
import { kpiRoutes } from './routes/kpi.routes';
import { leadRoutes } from './routes/lead.routes';
import { leadPoolRoutes } from './routes/lead-pool.routes';
import { marketReportRoutes } from './routes/market-report.routes';
import { notificationRoutes } from './routes/notification.routes';
import { opportunityRoutes } from './routes/opportunity.routes';
import { paymentRoutes } from './routes/payment.routes';
import { pipelineRoutes } from './routes/pipeline.routes';
import { productRoutes } from './routes/product.routes';
import { projectRoutes } from './routes/project.routes';
import { reportSettingsRoutes } from './routes/report-settings.routes';
import { roleRoutes } from './routes/role.routes';
import { satisfactionRoutes } from './routes/satisfaction.routes';
import { savedViewRoutes } from './routes/saved-view.routes';
import { serviceSettingsRoutes } from './routes/service-settings.routes';
import { targetRoutes } from './routes/target.routes';
import { taskRoutes } from './routes/task.routes';
import { tenantRoutes } from './routes/tenant.routes';
import { ticketRoutes } from './routes/ticket.routes';
import { visitRoutes } from './routes/visit.routes';
import { visitPlanRoutes } from './routes/visit-plan.routes';
import { webhookRoutes } from './routes/webhook.routes';
import { weeklyReportRoutes } from './routes/weekly-report.routes';

export interface AppDependencies {
  clients: ServiceClients;
  tokenVerifier: TokenVerifier;
  log: Logger;
  bodyLimit: string;
  corsOrigins: readonly string[];
  /** Largest text/csv upload; 2mb when left out. */
  uploadLimit?: string;
  /** Requests per window (a minute unless `windowSeconds`); the config's defaults when left out. */
  rateLimits?: RateLimits;
  /** Shared stores (PostgreSQL) in production; per-process ones when left out (tests). */
  idempotencyStore?: IdempotencyStore;
  rateLimitStore?: RateLimitStore;
  /** Express `trust proxy` hops: how many proxies' X-Forwarded-For to believe for the client address. */
  trustProxyHops?: number;
  /** Comment lines on /notifications/stream; 15 s when left out. */
  sseHeartbeatMs?: number;
  /** The web console's build to serve at `/`; none when left out or missing. */
  webConsoleDir?: string;
}

export interface RateLimits {
  userPerMinute: number;
  tenantPerMinute: number;
  loginPerMinute: number;
  windowSeconds?: number;
}

const DEFAULT_RATE_LIMITS: RateLimits = { userPerMinute: 600, tenantPerMinute: 6000, loginPerMinute: 10 };

/** The public API as an Express app; the caller decides where it listens. */
export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  // An ETag here always means a record's version (set by the routes), never a body hash.
  app.set('etag', false);
  app.set('trust proxy', deps.trustProxyHops ?? 0);
  const limits = deps.rateLimits ?? DEFAULT_RATE_LIMITS;
  const rateLimitStore = deps.rateLimitStore ?? memoryRateLimitStore();
  const { log } = deps;

  app.use(assignRequestId());
  app.use(logRequests(deps.log));
  app.use(helmet());
  // Static files of the console before the API's limits: they are public and cached.
  if (deps.webConsoleDir) app.use(webConsole(deps.webConsoleDir));
  app.use(cors(deps.corsOrigins));
  // Limits and idempotency key on the caller (tenant + employee, or client address).
  app.use(identifyCaller(deps.tokenVerifier));
  app.use(rateLimit({ store: rateLimitStore, ...limits, log }));
  app.use(express.json({ limit: deps.bodyLimit, type: ['application/json', 'application/*+json'] }));
  // Parsed here rather than in the import routes so that the body is part of an idempotent request.
  app.use(express.text({ type: 'text/csv', limit: deps.uploadLimit ?? '2mb' }));
  const loginPath = `${API_PREFIX}/auth/login`;
  app.use(
    loginRateLimit({
      store: rateLimitStore,
      perMinute: limits.loginPerMinute,
      path: loginPath,
      windowSeconds: limits.windowSeconds,
      log,
    }),
  );
  app.use(idempotency({ store: deps.idempotencyStore ?? memoryIdempotencyStore(), log }));

  const requireToken = authenticate(deps.tokenVerifier);
  const identity = { identity: deps.clients.identity, authenticate: requireToken };
  app.use(authRoutes(identity));
  app.use(tenantRoutes(identity));
  app.use(departmentRoutes(identity));
  app.use(employeeRoutes(identity));
  app.use(roleRoutes(identity));
  app.use(leadRoutes({ crm: deps.clients.crm, authenticate: requireToken }));
  app.use(leadPoolRoutes({ crm: deps.clients.crm, authenticate: requireToken }));
  app.use(savedViewRoutes({ crm: deps.clients.crm, authenticate: requireToken }));
  app.use(conversionRuleRoutes({ crm: deps.clients.crm, authenticate: requireToken }));
  app.use(customFieldRoutes({ crm: deps.clients.crm, authenticate: requireToken }));
  app.use(customerRoutes({ crm: deps.clients.crm, authenticate: requireToken }));
  // crm part 2 (SalesService); a test app without the client answers 500 on these routes.
  const sales = { sales: deps.clients.sales ?? ({} as SalesClient), authenticate: requireToken };
  app.use(productRoutes(sales));
  app.use(pipelineRoutes(sales));
  app.use(opportunityRoutes(sales));
  app.use(competitorRoutes(sales));
  app.use(contractRoutes(sales));
  app.use(paymentRoutes(sales));
  app.use(contactRoutes({ crm: deps.clients.crm, authenticate: requireToken }));
  app.use(activityRoutes({ crm: deps.clients.crm, authenticate: requireToken }));
  const tickets = { tickets: deps.clients.tickets, authenticate: requireToken };
  app.use(ticketRoutes(tickets));
  app.use(satisfactionRoutes(tickets));
  app.use(serviceSettingsRoutes(tickets));
  app.use(customerChurnRoutes(tickets));
  app.use(analyticsRoutes({ analytics: deps.clients.analytics, authenticate: requireToken }));
  app.use(targetRoutes({ targets: deps.clients.targets, authenticate: requireToken }));
  const reports = { reports: deps.clients.reports, authenticate: requireToken };
  app.use(dailyReportRoutes(reports));
  app.use(marketReportRoutes(reports));
  app.use(weeklyReportRoutes(reports));
  app.use(attendanceRoutes(reports));
  app.use(expenseRoutes(reports));
  app.use(reportSettingsRoutes(reports));
  app.use(holidayCalendarRoutes(reports));
  app.use(projectRoutes({ tasks: deps.clients.tasks, authenticate: requireToken }));
  app.use(taskRoutes({ tasks: deps.clients.tasks, authenticate: requireToken }));
  const field = { visits: deps.clients.visits, authenticate: requireToken };
  app.use(visitPlanRoutes(field));
  app.use(checkInRoutes(field));
  app.use(visitRoutes(field));
  app.use(fieldSettingsRoutes(field));
  app.use(kpiRoutes({ kpis: deps.clients.kpis, authenticate: requireToken }));
  app.use(
    notificationRoutes({
      notifications: deps.clients.notifications,
      authenticate: requireToken,
      heartbeatMs: deps.sseHeartbeatMs,
    }),
  );
  app.use(webhookRoutes({ webhooks: deps.clients.webhooks, authenticate: requireToken }));
  app.use(docsRoutes());
  app.use(asyncApiRoutes());

  app.use(routeNotFound());
  app.use(errorHandler(deps.log));
  return app;
}
