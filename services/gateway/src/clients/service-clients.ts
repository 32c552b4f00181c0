import { analyticsV1, crmV1, identityV1 } from '@salesflow/contracts';
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
>;
export type CrmClient = Pick<
  PromiseClient<crmV1.CrmServiceService>,
  | 'createLead'
  | 'getLead'
  | 'listLeads'
  | 'listCustomFields'
  | 'createCustomField'
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
>;
/** crm's SalesService (crm part 2), served at CRM_GRPC_ADDR beside CrmService. */
export type SalesClient = PromiseClient<crmV1.SalesServiceService>;
export type AnalyticsClient = Pick<PromiseClient<analyticsV1.AnalyticsServiceService>, 'getLeadSummary'>;

export interface ServiceClients {
  identity: IdentityClient;
  crm: CrmClient;
  /** Optional so that tests which do not exercise it need not fake it; always set in production. */
  sales?: SalesClient;
  analytics: AnalyticsClient;
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
  const analytics = createServiceClient(analyticsV1.AnalyticsServiceService, config.ANALYTICS_GRPC_ADDR, {
    deadlineMs: DEADLINE_MS,
    idempotentMethods: ['getLeadSummary'],
  });
  return {
    identity,
    crm,
    sales,
    analytics,
    close() {
      identity.close();
      crm.close();
      sales.close();
      analytics.close();
    },
  };
}
