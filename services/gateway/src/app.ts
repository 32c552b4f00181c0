import type { Logger } from '@salesflow/platform';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { authenticate } from './auth/authenticate';
import type { TokenVerifier } from './auth/token-verifier';
import type { ServiceClients } from './clients/service-clients';
import { cors } from './http/cors';
import { errorHandler, routeNotFound } from './http/error-handler';
import { assignRequestId } from './http/request-id';
import { logRequests } from './http/request-log';
import { analyticsRoutes } from './routes/analytics.routes';
import { authRoutes } from './routes/auth.routes';
import { departmentRoutes } from './routes/department.routes';
import { docsRoutes } from './routes/docs.routes';
import { employeeRoutes } from './routes/employee.routes';
import { leadRoutes } from './routes/lead.routes';
import { roleRoutes } from './routes/role.routes';
import { tenantRoutes } from './routes/tenant.routes';

export interface AppDependencies {
  clients: ServiceClients;
  tokenVerifier: TokenVerifier;
  log: Logger;
  bodyLimit: string;
  corsOrigins: readonly string[];
}

/** The public API as an Express app; the caller decides where it listens. */
export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  // An ETag here always means a record's version (set by the routes), never a body hash.
  app.set('etag', false);

  app.use(assignRequestId());
  app.use(logRequests(deps.log));
  app.use(helmet());
  app.use(cors(deps.corsOrigins));
  app.use(express.json({ limit: deps.bodyLimit, type: ['application/json', 'application/*+json'] }));

  const requireToken = authenticate(deps.tokenVerifier);
  const identity = { identity: deps.clients.identity, authenticate: requireToken };
  app.use(authRoutes(identity));
  app.use(tenantRoutes(identity));
  app.use(departmentRoutes(identity));
  app.use(employeeRoutes(identity));
  app.use(roleRoutes(identity));
  app.use(leadRoutes({ crm: deps.clients.crm, authenticate: requireToken }));
  app.use(analyticsRoutes({ analytics: deps.clients.analytics, authenticate: requireToken }));
  app.use(docsRoutes());

  app.use(routeNotFound());
  app.use(errorHandler(deps.log));
  return app;
}
