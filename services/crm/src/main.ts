import './instrumentation';
import { join } from 'node:path';
import { TOPICS } from '@salesflow/contracts';
import { bootService, createLogger } from '@salesflow/platform';
import { loadCrmConfig } from './config';
import { HANDOVER_GROUP, handoverHandlers } from './consumers/employee-departed.consumer';
import { createCrmDatabase } from './database';
import { crmServiceBinding } from './grpc/crm.handlers';
import { salesServiceBinding } from './grpc/sales.handlers';
import { ticketServiceBinding } from './grpc/ticket.handlers';
import { ActivityService } from './modules/activity/activity.service';
import { CompetitorService } from './modules/competitor/competitor.service';
import { ContactService } from './modules/contact/contact.service';
import { ContractService } from './modules/contract/contract.service';
import { ConversionService } from './modules/conversion/conversion.service';
import { CustomerCsvService } from './modules/csv-import/customer-csv.service';
import { LeadCsvService } from './modules/csv-import/lead-csv.service';
import { CustomFieldService } from './modules/custom-field/custom-field.service';
import { CustomerService } from './modules/customer/customer.service';
import { CustomerLifecycleService } from './modules/customer/customer-lifecycle';
import { LeadService } from './modules/lead/lead.service';
import { LeadRecycler, startLeadRecycling } from './modules/lead/lead-recycler';
import { LeadPoolService } from './modules/lead-pool/lead-pool.service';
import { OpportunityService } from './modules/opportunity/opportunity.service';
import { PaymentService } from './modules/payment/payment.service';
import { PipelineService } from './modules/pipeline/pipeline.service';
import { ProductService } from './modules/product/product.service';
import { SatisfactionService } from './modules/satisfaction/satisfaction.service';
import { SavedViewService } from './modules/saved-view/saved-view.service';
import { ServiceSettingsService } from './modules/service-settings/service-settings.service';
import { startPeriodicJob } from './modules/shared/periodic-job';
import { TicketService } from './modules/ticket/ticket.service';
import { TimelineService } from './modules/timeline/timeline';

async function main(): Promise<void> {
  const config = loadCrmConfig();
  const log = createLogger('crm', config.LOG_LEVEL);
  const runtime = await bootService({
    name: 'crm',
    log,
    databaseUrl: config.DATABASE_URL,
    kafkaBrokers: config.KAFKA_BROKERS,
    httpPort: config.HTTP_PORT,
    migrationsDir: join(__dirname, '..', 'prisma', 'migrations'),
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    orgReplica: true,
  });

  const db = createCrmDatabase(config.DATABASE_URL);
  runtime.onStop('database', () => db.$disconnect());

  const outbox = { source: '/salesflow/crm' };
  const pools = new LeadPoolService(db);
  const leads = new LeadService(db, outbox, pools);
  const customFields = new CustomFieldService(db);
  const customers = new CustomerService(db, customFields, outbox);
  const contacts = new ContactService(db, customers, { ...outbox, timeZone: config.CRM_TIME_ZONE });
  const activities = new ActivityService(db, { ...outbox, timeZone: config.CRM_TIME_ZONE });
  const timeline = new TimelineService(db, customers);
  // Sales (crm part 2): products, pipelines, opportunities, competitors, contracts, payments.
  const products = new ProductService(db);
  const pipelines = new PipelineService(db);
  const opportunities = new OpportunityService(db, pipelines, customers, outbox);
  const conversion = new ConversionService(db, leads, customers, contacts, opportunities);
  const leadCsv = new LeadCsvService(db, outbox);
  const customerCsv = new CustomerCsvService(db, outbox);
  const competitors = new CompetitorService(db, opportunities);
  const contracts = new ContractService(db, customers, opportunities, outbox);
  const payments = new PaymentService(db, contracts, outbox);
  const serviceSettings = new ServiceSettingsService(db);
  const tickets = new TicketService(db, serviceSettings, outbox);
  const satisfaction = new SatisfactionService(db, outbox);
  const lifecycle = new CustomerLifecycleService(db, customers, outbox);

  await runtime.startOutboxRelay();
  await runtime.startOrgReplica((fn) => db.$transaction(fn));
  // A departed employee's open leads and customers go to the successor.
  await runtime.startConsumer({
    groupId: HANDOVER_GROUP,
    topics: [TOPICS.identityEmployee],
    transaction: (fn) => db.$transaction(fn),
    handlers: handoverHandlers(outbox),
  });
  await runtime.serveGrpc(config.GRPC_PORT, [
    crmServiceBinding({
      leads,
      leadCsv,
      customerCsv,
      conversion,
      pools,
      customFields,
      customers,
      contacts,
      activities,
      timeline,
      savedViews: new SavedViewService(db),
    }),
    salesServiceBinding({ products, pipelines, opportunities, competitors, contracts, payments }),
    ticketServiceBinding({ tickets, serviceSettings, satisfaction, lifecycle }),
  ]);
  // One run at a time across replicas (a PostgreSQL advisory lock inside the job).
  const stopRecycling = startLeadRecycling(new LeadRecycler(db, outbox), config.CRM_RECYCLE_INTERVAL_MS, log);
  runtime.onStop('lead recycling', stopRecycling);
  // ACTIVE customers quiet for the tenant's dormancy period become DORMANT (also one run at a time).
  const stopDormancy = startPeriodicJob(
    { name: 'dormancy sweep', intervalMs: config.CRM_DORMANCY_INTERVAL_MS, run: () => lifecycle.sweepAll() },
    log,
  );
  runtime.onStop('dormancy sweep', stopDormancy);
  runtime.markReady();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
