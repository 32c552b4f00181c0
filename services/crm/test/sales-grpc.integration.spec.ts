import { crmV1 } from '@salesflow/contracts';
import {
  createLogger,
  createServiceClient,
  type GrpcServerHandle,
  type PromiseClient,
  startGrpcServer,
} from '@salesflow/platform';
import { rejectionOf } from '@salesflow/platform/testing';
import { salesServiceBinding } from '../src/grpc/sales.handlers';
import { CompetitorService } from '../src/modules/competitor/competitor.service';
import { ContractService } from '../src/modules/contract/contract.service';
import { CustomFieldService } from '../src/modules/custom-field/custom-field.service';
import { CustomerService } from '../src/modules/customer/customer.service';
import { OpportunityService } from '../src/modules/opportunity/opportunity.service';
import { PaymentService } from '../src/modules/payment/payment.service';
import { PipelineService } from '../src/modules/pipeline/pipeline.service';
import { ProductService } from '../src/modules/product/product.service';
import { createSmallOrg, type SmallOrg } from './support/small-org';

/** SalesService over real gRPC: proto <-> domain mapping, errors as status with field errors. */
describe('SalesService over gRPC', () => {
  let org: SmallOrg;
  let grpc: GrpcServerHandle;
  let client: PromiseClient<typeof crmV1.SalesServiceService> & { close(): void };
  let customers: CustomerService;
  const outbox = { source: '/salesflow/crm' };
  const cny = (amountMinor: string) => ({ amountMinor, currency: 'CNY' });

  beforeAll(async () => {
    org = await createSmallOrg(['crm.*']);
    customers = new CustomerService(org.db, new CustomFieldService(org.db), outbox);
    const pipelines = new PipelineService(org.db);
    const opportunities = new OpportunityService(org.db, pipelines, customers, outbox);
    const contracts = new ContractService(org.db, customers, opportunities, outbox);
    grpc = await startGrpcServer({
      serviceName: 'crm',
      port: 0,
      bindings: [
        salesServiceBinding({
          products: new ProductService(org.db),
          pipelines,
          opportunities,
          competitors: new CompetitorService(org.db, opportunities),
          contracts,
          payments: new PaymentService(org.db, contracts, outbox),
        }),
      ],
      log: createLogger('crm-sales-grpc-test', 'silent'),
    });
    grpc.setServing(true);
    client = createServiceClient(crmV1.SalesServiceService, `127.0.0.1:${grpc.port}`);
  });

  afterAll(async () => {
    client?.close();
    await grpc?.drain();
    await org?.close();
  });

  it('sells through the API: opportunity, board, contract, payment, receivables', async () => {
    const call = { principal: org.repShanghai() };
    const customer = await customers.create(org.repShanghai(), { name: '常州远航', region: '常州', tier: 'KA' });
    const { product } = await client.createProduct(
      { name: 'AR-6 机器人', productLine: '自动化', listPrice: cny('32000000'), cost: cny('21500000') },
      { principal: org.admin() },
    );
    const { opportunity } = await client.createOpportunity(
      crmV1.CreateOpportunityRequest.fromPartial({
        name: '远航 机器人',
        customerId: customer.id,
        amount: cny('64000000'),
      }),
      call,
    );
    expect(opportunity).toMatchObject({
      status: 'OPPORTUNITY_STATUS_OPEN',
      probability: 10,
      amount: cny('64000000'),
      version: '1',
    });

    const board = await client.getOpportunityBoard({ pipelineId: '', ownerId: '' }, call);
    const prospecting = board.columns.find((c) => c.stage?.key === 'prospecting');
    // One opportunity of 64,000,000 at 10 %: weighted 6,400,000.
    expect(prospecting).toMatchObject({
      count: 1,
      totalAmounts: [cny('64000000')],
      weightedAmounts: [cny('6400000')],
    });

    const { contract } = await client.createContract(
      crmV1.CreateContractRequest.fromPartial({
        number: 'HT-G-1',
        customerId: customer.id,
        opportunityId: opportunity?.id ?? '',
        // 2 robots at 32,000,000 each; cost from the product: 21,500,000 x 2 = 43,000,000.
        lines: [{ productId: product?.id ?? '', quantityMilli: '2000', amount: cny('64000000') }],
      }),
      call,
    );
    expect(contract).toMatchObject({
      status: 'CONTRACT_STATUS_DRAFT',
      totalCost: cny('43000000'),
      grossMargin: cny('21000000'),
    });
    const signed = await client.signContract(
      { id: contract?.id ?? '', signedOn: '2026-12-05', expectedVersion: '0' },
      call,
    );
    expect(signed.contract).toMatchObject({ status: 'CONTRACT_STATUS_SIGNED', outstandingAmount: cny('64000000') });
    expect((await client.getOpportunity({ id: opportunity?.id ?? '' }, call)).opportunity?.status).toBe(
      'OPPORTUNITY_STATUS_WON',
    );

    await client.receivePayment(
      crmV1.ReceivePaymentRequest.fromPartial({
        contractId: contract?.id ?? '',
        amount: cny('20000000'),
        receivedOn: '2026-12-10',
      }),
      call,
    );
    // 64,000,000 - 20,000,000 = 44,000,000 outstanding; one more is refused.
    const over = await rejectionOf(
      client.receivePayment(
        crmV1.ReceivePaymentRequest.fromPartial({
          contractId: contract?.id ?? '',
          amount: cny('44000001'),
          receivedOn: '2026-12-11',
        }),
        call,
      ),
    );
    expect(over.code).toBe('FAILED_PRECONDITION');
    const { receivables } = await client.getReceivables(
      { groupBy: 'RECEIVABLES_GROUPING_CUSTOMER', customerId: '', ownerId: '' },
      call,
    );
    expect(receivables).toEqual([
      {
        key: customer.id,
        contracts: 1,
        totalAmount: cny('64000000'),
        receivedAmount: cny('20000000'),
        outstandingAmount: cny('44000000'),
      },
    ]);
    const other = await rejectionOf(client.getContract({ id: contract?.id ?? '' }, { principal: org.repSouth() }));
    expect(other.code).toBe('NOT_FOUND');
  });

  it('answers a refused stage move with INVALID_ARGUMENT and the field errors', async () => {
    const call = { principal: org.repShanghai() };
    const customer = await customers.create(org.repShanghai(), { name: '镇江东方' });
    const { opportunity } = await client.createOpportunity(
      crmV1.CreateOpportunityRequest.fromPartial({ name: '东方 一期', customerId: customer.id }),
      call,
    );
    const { pipelines } = await client.listPipelines({}, call);
    const proposal = pipelines[0]?.stages.find((s) => s.key === 'proposal');
    const error = await rejectionOf(
      client.moveOpportunityStage(
        { id: opportunity?.id ?? '', stageId: proposal?.id ?? '', reason: '', lostReason: '', expectedVersion: '0' },
        call,
      ),
    );
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.details.fieldErrors).toEqual([{ field: 'amount', message: 'is required to enter stage 方案呈现' }]);
  });
});
