import { crmV1 } from '@salesflow/contracts';
import { ServiceError } from '@salesflow/platform';
import request from 'supertest';
import type { CrmClient, SalesClient } from '../clients/service-clients';
import { createSigningKey, REP_CLAIMS, type SigningKey, signAccessToken } from '../testing/access-tokens';
import type { Fake } from '../testing/fake-identity';
import { callRecorder, routeTestApp } from '../testing/route-test-app';

const PROBLEM = /^application\/problem\+json/;
const OPPORTUNITY_ID = '0190a5e4-7c1e-7b3a-9f00-0000000000a1';
const CONTRACT_ID = '0190a5e4-7c1e-7b3a-9f00-0000000000b1';
const CUSTOMER_ID = '0190a5e4-7c1e-7b3a-9f00-0000000000c1';
const STAGE_ID = '0190a5e4-7c1e-7b3a-9f00-0000000000d1';
const AT = new Date('2026-12-05T08:00:00.000Z');
const cny = (amountMinor: string): { amountMinor: string; currency: string } => ({ amountMinor, currency: 'CNY' });

function storedOpportunity(overrides: Partial<crmV1.Opportunity> = {}): crmV1.Opportunity {
  return {
    id: OPPORTUNITY_ID,
    tenantId: 't-1',
    name: '明远 二期产线',
    customerId: CUSTOMER_ID,
    amount: cny('120000000'),
    expectedCloseOn: '',
    probability: 60,
    productLine: '',
    ownerId: 'emp-1',
    sourceLeadId: '',
    pipelineId: 'p-1',
    stageId: STAGE_ID,
    status: crmV1.OpportunityStatus.OPPORTUNITY_STATUS_OPEN,
    lostReason: '',
    stageEnteredAt: AT,
    version: '3',
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

function storedContract(): crmV1.Contract {
  return {
    id: CONTRACT_ID,
    tenantId: 't-1',
    number: 'HT-2026-001',
    title: '',
    customerId: CUSTOMER_ID,
    opportunityId: OPPORTUNITY_ID,
    ownerId: 'emp-1',
    status: crmV1.ContractStatus.CONTRACT_STATUS_SIGNED,
    signedOn: '2026-12-05',
    lines: [
      {
        id: 'l-1',
        productId: '',
        productLine: '机床',
        quantityMilli: '2500',
        amount: cny('110000000'),
        cost: cny('82000000'),
        grossMargin: cny('28000000'),
        description: '',
      },
    ],
    totalAmount: cny('110000000'),
    totalCost: cny('82000000'),
    grossMargin: cny('28000000'),
    receivedAmount: cny('40000000'),
    outstandingAmount: cny('70000000'),
    cancelReason: '',
    version: '2',
    createdAt: AT,
    updatedAt: AT,
  };
}

describe('sales routes (opportunities, contracts, payments)', () => {
  let key: SigningKey;
  let rep: string;
  let viewer: string;

  beforeAll(async () => {
    key = await createSigningKey();
    rep = await signAccessToken(key, {
      claims: {
        ...REP_CLAIMS,
        perms: ['crm.opportunity.*', 'crm.contract.*', 'crm.payment.*', 'crm.product.read'],
      },
    });
    viewer = await signAccessToken(key, { claims: { ...REP_CLAIMS, perms: ['crm.opportunity.read'] } });
  });

  function build() {
    const { record, sent } = callRecorder();
    const sales: Fake<Partial<SalesClient>> = {
      createOpportunity: record('createOpportunity', () => ({ opportunity: storedOpportunity({ version: '1' }) })),
      moveOpportunityStage: record('moveOpportunityStage', () => {
        throw new ServiceError('INVALID_ARGUMENT', 'the stage move is not allowed', {
          reason: 'VALIDATION_FAILED',
          fieldErrors: [{ field: 'amount', message: 'is required to enter stage 方案呈现' }],
        });
      }),
      updateOpportunity: record('updateOpportunity', () => {
        throw new ServiceError('CONFLICT', 'opportunity was changed by someone else');
      }),
      getContract: record('getContract', () => ({ contract: storedContract() })),
      receivePayment: record('receivePayment', () => {
        throw new ServiceError('FAILED_PRECONDITION', 'exceeds the outstanding 70000000 CNY of the contract', {
          reason: 'OVERPAYMENT',
          fieldErrors: [{ field: 'amount', message: 'exceeds the outstanding 70000000 CNY of the contract' }],
        });
      }),
      getReceivables: record('getReceivables', () => ({
        receivables: [
          {
            key: 'emp-1',
            contracts: 2,
            totalAmount: cny('126000000'),
            receivedAmount: cny('42500000'),
            outstandingAmount: cny('83500000'),
          },
        ],
      })),
    };
    const crm: Fake<Partial<CrmClient>> = {
      convertLead: record('convertLead', () => {
        throw new ServiceError('NOT_FOUND', 'lead not found');
      }),
    };
    const app = routeTestApp(key, { crm: crm as CrmClient, sales: sales as SalesClient });
    return { app, sent };
  }

  it('creates an opportunity with money as integer minor units, answering 201 with Location and ETag', async () => {
    const { app, sent } = build();
    const res = await request(app)
      .post('/api/v1/opportunities')
      .set('Authorization', `Bearer ${rep}`)
      .send({ name: '明远 二期产线', customerId: CUSTOMER_ID, amount: { amountMinor: 120000000, currency: 'CNY' } });
    expect(res.status).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/v1/opportunities/${OPPORTUNITY_ID}`);
    expect(res.body).toMatchObject({
      amount: { amountMinor: 120000000, currency: 'CNY' },
      status: 'open',
      productLine: null,
      expectedCloseOn: null,
    });
    expect(sent('createOpportunity')).toMatchObject({ amount: { amountMinor: '120000000', currency: 'CNY' } });
  });

  it('refuses a fractional amount before calling crm, and a reader cannot write', async () => {
    const { app, sent } = build();
    const bad = await request(app)
      .post('/api/v1/opportunities')
      .set('Authorization', `Bearer ${rep}`)
      .send({ name: 'x', customerId: CUSTOMER_ID, amount: { amountMinor: 10.5, currency: 'CNY' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('amount.amountMinor');
    const forbidden = await request(app)
      .post('/api/v1/opportunities')
      .set('Authorization', `Bearer ${viewer}`)
      .send({ name: 'x', customerId: CUSTOMER_ID });
    expect(forbidden.status).toBe(403);
    expect(sent('createOpportunity')).toBeUndefined();
  });

  it("passes a stage move's field errors through as problem+json", async () => {
    const { app, sent } = build();
    const res = await request(app)
      .post(`/api/v1/opportunities/${OPPORTUNITY_ID}/stage`)
      .set('Authorization', `Bearer ${rep}`)
      .set('If-Match', '"3"')
      .send({ stageId: STAGE_ID });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.errors).toEqual([{ field: 'amount', message: 'is required to enter stage 方案呈现' }]);
    expect(sent('moveOpportunityStage')).toMatchObject({ id: OPPORTUNITY_ID, expectedVersion: '3', reason: '' });
  });

  it('turns a stale If-Match into 412 and null amount into clearAmount', async () => {
    const { app, sent } = build();
    const res = await request(app)
      .patch(`/api/v1/opportunities/${OPPORTUNITY_ID}`)
      .set('Authorization', `Bearer ${rep}`)
      .set('If-Match', '"2"')
      .send({ amount: null });
    expect(res.status).toBe(412);
    expect(sent('updateOpportunity')).toMatchObject({ expectedVersion: '2', clearAmount: true, amount: undefined });
  });

  it('shows a contract with quantity in units and margin, and refuses an overpayment with 409', async () => {
    const { app } = build();
    const contract = await request(app).get(`/api/v1/contracts/${CONTRACT_ID}`).set('Authorization', `Bearer ${rep}`);
    expect(contract.status).toBe(200);
    expect(contract.headers.etag).toBe('"2"');
    // 2500 thousandths = 2.5 units; margin 110,000,000 - 82,000,000 = 28,000,000.
    expect(contract.body.lines[0]).toMatchObject({ quantity: 2.5, grossMargin: { amountMinor: 28000000 } });
    expect(contract.body).toMatchObject({ status: 'signed', outstandingAmount: { amountMinor: 70000000 } });

    const over = await request(app)
      .post('/api/v1/payments')
      .set('Authorization', `Bearer ${rep}`)
      .send({ contractId: CONTRACT_ID, amount: { amountMinor: 70000001, currency: 'CNY' }, receivedOn: '2026-12-20' });
    expect(over.status).toBe(409);
    expect(over.headers['content-type']).toMatch(PROBLEM);
  });

  it('serves receivables grouped by rep', async () => {
    const { app, sent } = build();
    const res = await request(app).get('/api/v1/receivables?groupBy=owner').set('Authorization', `Bearer ${rep}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        key: 'emp-1',
        contracts: 2,
        totalAmount: { amountMinor: 126000000, currency: 'CNY' },
        receivedAmount: { amountMinor: 42500000, currency: 'CNY' },
        outstandingAmount: { amountMinor: 83500000, currency: 'CNY' },
      },
    ]);
    expect(sent('getReceivables')).toMatchObject({ groupBy: 'RECEIVABLES_GROUPING_OWNER' });
  });

  it('asks crm to open an opportunity when a conversion names one', async () => {
    const { app, sent } = build();
    const convertToken = await signAccessToken(key, { claims: { ...REP_CLAIMS, perms: ['crm.lead.write'] } });
    const res = await request(app)
      .post('/api/v1/leads/0190a5e4-7c1e-7b3a-9f00-000000000001/convert')
      .set('Authorization', `Bearer ${convertToken}`)
      .send({ opportunity: { name: '云帆 一期', amount: { amountMinor: 3000000, currency: 'CNY' } } });
    expect(res.status).toBe(404);
    expect(sent('convertLead')).toEqual({
      id: '0190a5e4-7c1e-7b3a-9f00-000000000001',
      openOpportunity: true,
      opportunityName: '云帆 一期',
      opportunityAmount: { amountMinor: '3000000', currency: 'CNY' },
    });
  });
});
