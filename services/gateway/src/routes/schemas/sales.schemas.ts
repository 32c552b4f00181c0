import { z } from 'zod';
import { registry } from '../../openapi/registry';
import { isoDate, pageQueryShape, timestamp } from './common.schemas';

// JSON shapes of crm part 2 (products, pipelines, opportunities, competitors, contracts,
// payments). Money is integer minor units with its ISO 4217 currency.

export const moneySchema = registry.register(
  'Money',
  z
    .strictObject({
      amountMinor: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).openapi({ example: 12000000 }),
      currency: z
        .string()
        .regex(/^[A-Z]{3}$/)
        .openapi({ example: 'CNY' }),
    })
    .openapi({ description: 'An amount in integer minor units (分 for CNY): 12000000 = ¥120,000.00.' }),
);
const money = moneySchema;
const version = z.number().int().openapi({ description: 'Also sent as the ETag.' });
const text = (max: number) => z.string().trim().max(max);

export const productSchema = registry.register(
  'Product',
  z.object({
    id: z.string(),
    name: z.string(),
    productLine: z.string(),
    listPrice: money,
    cost: money.openapi({ description: 'Unit cost.' }),
    active: z.boolean(),
    version,
    createdAt: timestamp,
  }),
);
export const createProductBodySchema = registry.register(
  'CreateProductRequest',
  z.strictObject({
    name: text(200).min(1).openapi({ example: 'MX-200 数控机床' }),
    productLine: text(100).min(1).openapi({ example: '机床' }),
    listPrice: money,
    cost: money,
  }),
);
export const updateProductBodySchema = registry.register(
  'UpdateProductRequest',
  z.strictObject({
    name: text(200).min(1).optional(),
    productLine: text(100).min(1).optional(),
    listPrice: money.optional(),
    cost: money.optional(),
    active: z.boolean().optional(),
  }),
);
export const listProductsQuerySchema = z.object({
  productLine: z.string().max(100).optional(),
  activeOnly: z.enum(['true', 'false']).optional(),
});

export const STAGE_KINDS = ['open', 'won', 'lost'] as const;
export const stageSchema = registry.register(
  'PipelineStage',
  z.object({
    id: z.string(),
    key: z.string(),
    name: z.string(),
    position: z.number().int(),
    kind: z.enum(STAGE_KINDS),
    probability: z.number().int().openapi({ description: 'Default win probability in percent on entering.' }),
    requiredFields: z.array(z.string()).openapi({ description: 'Of amount, expectedCloseOn, productLine.' }),
  }),
);
export const pipelineSchema = registry.register(
  'Pipeline',
  z.object({
    id: z.string(),
    name: z.string(),
    isDefault: z.boolean(),
    stages: z.array(stageSchema),
    version,
  }),
);
export const updateStageBodySchema = registry.register(
  'UpdatePipelineStageRequest',
  z.strictObject({
    name: text(50).min(1).optional(),
    probability: z.number().int().min(0).max(100).optional(),
    requiredFields: z.array(z.enum(['amount', 'expectedCloseOn', 'productLine'])).optional(),
  }),
);
export const addStageBodySchema = registry.register(
  'AddPipelineStageRequest',
  z.strictObject({
    name: text(50).min(1),
    probability: z.number().int().min(0).max(100),
    requiredFields: z.array(z.enum(['amount', 'expectedCloseOn', 'productLine'])).optional(),
  }),
);
export const reorderStagesBodySchema = registry.register(
  'ReorderPipelineStagesRequest',
  z.strictObject({
    stageIds: z
      .array(z.string().min(1).max(100))
      .min(1)
      .max(50)
      .openapi({ description: 'Every open stage of the pipeline, each once, in the new order.' }),
  }),
);
export const lostReasonsSchema = registry.register(
  'LostReasons',
  z.strictObject({
    reasons: z
      .array(text(50).min(1))
      .min(1)
      .max(50)
      .openapi({ example: ['价格过高', '选择了竞争对手'] }),
  }),
);

export const OPPORTUNITY_STATUSES = ['open', 'won', 'lost'] as const;
export const opportunitySchema = registry.register(
  'Opportunity',
  z.object({
    id: z.string(),
    name: z.string(),
    customerId: z.string(),
    amount: money.nullable(),
    expectedCloseOn: z.string().nullable().openapi({ format: 'date' }),
    probability: z.number().int(),
    productLine: z.string().nullable(),
    ownerId: z.string(),
    sourceLeadId: z.string().nullable(),
    pipelineId: z.string(),
    stageId: z.string(),
    status: z.enum(OPPORTUNITY_STATUSES),
    lostReason: z.string().nullable(),
    stageEnteredAt: timestamp,
    closedAt: timestamp,
    version,
    createdAt: timestamp,
    updatedAt: timestamp,
  }),
);
export const createOpportunityBodySchema = registry.register(
  'CreateOpportunityRequest',
  z.strictObject({
    name: text(200).min(1).openapi({ example: '明远 二期产线' }),
    customerId: z.uuid(),
    amount: money.optional(),
    expectedCloseOn: isoDate.optional(),
    probability: z.number().int().min(0).max(100).optional().openapi({ description: "Defaults to the stage's." }),
    productLine: text(100).optional(),
    ownerId: z.uuid().optional().openapi({ description: 'Defaults to you.' }),
    sourceLeadId: z.uuid().optional(),
    stageId: z
      .uuid()
      .optional()
      .openapi({ description: 'An open stage of the default pipeline; the first by default.' }),
  }),
);
export const updateOpportunityBodySchema = registry.register(
  'UpdateOpportunityRequest',
  z.strictObject({
    name: text(200).min(1).optional(),
    amount: money.nullable().optional().openapi({ description: 'null removes the amount.' }),
    expectedCloseOn: isoDate.nullable().optional(),
    probability: z.number().int().min(0).max(100).optional(),
    productLine: text(100).optional(),
    ownerId: z.uuid().optional().openapi({ description: 'Reassigns (someone in your data scope).' }),
  }),
);
export const moveStageBodySchema = registry.register(
  'MoveOpportunityStageRequest',
  z.strictObject({
    stageId: z.uuid(),
    reason: text(500).optional().openapi({ description: 'Required when moving back to an earlier stage.' }),
    lostReason: text(50)
      .optional()
      .openapi({ description: "Required for the lost stage: one of the tenant's /lost-reasons." }),
  }),
);
export const listOpportunitiesQuerySchema = z.object({
  ...pageQueryShape,
  status: z.enum(OPPORTUNITY_STATUSES).optional(),
  stageId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
  customerId: z.uuid().optional(),
});
export const opportunityPageSchema = registry.register(
  'OpportunityPage',
  z.object({ items: z.array(opportunitySchema), nextCursor: z.string().nullable() }),
);
export const stageChangeSchema = registry.register(
  'OpportunityStageChange',
  z.object({
    fromStageId: z.string().nullable(),
    toStageId: z.string(),
    reason: z.string().nullable(),
    backwards: z.boolean(),
    changedBy: z.string().nullable(),
    changedAt: timestamp,
  }),
);
export const boardQuerySchema = z.object({ pipelineId: z.uuid().optional(), ownerId: z.uuid().optional() });
export const boardSchema = registry.register(
  'OpportunityBoard',
  z.object({
    pipeline: pipelineSchema,
    columns: z.array(
      z.object({
        stage: stageSchema,
        count: z.number().int(),
        totals: z.array(money).openapi({ description: 'Sum of amounts per currency.' }),
        weightedTotals: z.array(money).openapi({ description: 'Sum of amount x probability / 100 per currency.' }),
        items: z.array(opportunitySchema).openapi({ description: 'The 50 most recently updated.' }),
      }),
    ),
  }),
);

export const competitorSchema = registry.register(
  'Competitor',
  z.object({
    id: z.string(),
    name: z.string(),
    website: z.string().nullable(),
    strengths: z.string().nullable(),
    weaknesses: z.string().nullable(),
    notes: z.string().nullable(),
    createdAt: timestamp,
  }),
);
export const createCompetitorBodySchema = registry.register(
  'CreateCompetitorRequest',
  z.strictObject({
    name: text(200).min(1).openapi({ example: '德玛机床' }),
    website: text(300).optional(),
    strengths: text(2000).optional(),
    weaknesses: text(2000).optional(),
    notes: text(2000).optional(),
  }),
);
export const COMPETITION_STATUSES = ['active', 'beaten', 'lost_to'] as const;
export const analysisSchema = registry.register(
  'CompetitiveAnalysis',
  z.object({
    opportunityId: z.string(),
    competitorId: z.string(),
    offer: money.nullable(),
    strengths: z.string().nullable(),
    weaknesses: z.string().nullable(),
    status: z.enum(COMPETITION_STATUSES),
    updatedAt: timestamp,
  }),
);
export const upsertAnalysisBodySchema = registry.register(
  'UpsertCompetitiveAnalysisRequest',
  z.strictObject({
    offer: money.nullable().optional(),
    strengths: text(2000).optional(),
    weaknesses: text(2000).optional(),
    status: z.enum(COMPETITION_STATUSES).optional(),
  }),
);

export const CONTRACT_STATUSES = ['draft', 'signed', 'cancelled'] as const;
const contractLineInput = z.strictObject({
  productId: z.uuid().optional(),
  productLine: text(100).optional().openapi({ description: "The product's when left out." }),
  quantity: z
    .number()
    .positive()
    .multipleOf(0.001)
    .optional()
    .openapi({ description: 'Units (3 decimals); 1 by default.', example: 2 }),
  amount: money,
  cost: money.optional().openapi({ description: "The product's unit cost x quantity when left out." }),
  description: text(500).optional(),
});
export const contractSchema = registry.register(
  'Contract',
  z.object({
    id: z.string(),
    number: z.string(),
    title: z.string().nullable(),
    customerId: z.string(),
    opportunityId: z.string().nullable(),
    ownerId: z.string(),
    status: z.enum(CONTRACT_STATUSES),
    signedOn: z.string().nullable().openapi({ format: 'date' }),
    lines: z.array(
      z.object({
        id: z.string(),
        productId: z.string().nullable(),
        productLine: z.string(),
        quantity: z.number(),
        amount: money,
        cost: money,
        grossMargin: money.openapi({ description: '毛利 = amount - cost (amountMinor may be negative).' }),
        description: z.string().nullable(),
      }),
    ),
    totalAmount: money,
    totalCost: money,
    grossMargin: money,
    receivedAmount: money,
    outstandingAmount: money,
    cancelReason: z.string().nullable(),
    version,
    createdAt: timestamp,
    updatedAt: timestamp,
  }),
);
export const createContractBodySchema = registry.register(
  'CreateContractRequest',
  z.strictObject({
    number: text(50).min(1).openapi({ example: 'HT-2026-001' }),
    title: text(200).optional(),
    customerId: z.uuid(),
    opportunityId: z.uuid().optional().openapi({ description: 'Signing the contract wins it.' }),
    ownerId: z.uuid().optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional()
      .openapi({ description: 'CNY by default.' }),
    lines: z.array(contractLineInput).min(1).max(200),
  }),
);
export const amendContractBodySchema = registry.register(
  'AmendContractRequest',
  z.strictObject({ title: text(200).optional(), lines: z.array(contractLineInput).min(1).max(200) }),
);
export const signContractBodySchema = registry.register(
  'SignContractRequest',
  z.strictObject({ signedOn: isoDate.optional().openapi({ description: 'Today (UTC) by default.' }) }),
);
export const reasonBodySchema = registry.register('ReasonRequest', z.strictObject({ reason: text(500).min(1) }));
export const listContractsQuerySchema = z.object({
  ...pageQueryShape,
  status: z.enum(CONTRACT_STATUSES).optional(),
  customerId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
});
export const contractPageSchema = registry.register(
  'ContractPage',
  z.object({ items: z.array(contractSchema), nextCursor: z.string().nullable() }),
);
export const paymentPlanSchema = registry.register(
  'PaymentPlan',
  z.object({
    contractId: z.string(),
    installments: z.array(
      z.object({
        id: z.string(),
        sequence: z.number().int(),
        dueOn: z.string().openapi({ format: 'date' }),
        amount: money,
        receivedAmount: money,
      }),
    ),
  }),
);
export const setPaymentPlanBodySchema = registry.register(
  'SetPaymentPlanRequest',
  z.strictObject({
    installments: z
      .array(z.strictObject({ dueOn: isoDate, amount: money }))
      .max(120)
      .openapi({ description: 'Must add up to the contract total; [] drops the plan.' }),
  }),
);

export const PAYMENT_STATUSES = ['received', 'reversed'] as const;
export const paymentSchema = registry.register(
  'Payment',
  z.object({
    id: z.string(),
    contractId: z.string(),
    customerId: z.string(),
    ownerId: z.string(),
    amount: money,
    receivedOn: z.string().openapi({ format: 'date' }),
    method: z.string().nullable(),
    reference: z.string().nullable(),
    installmentId: z.string().nullable(),
    status: z.enum(PAYMENT_STATUSES),
    reversalReason: z.string().nullable(),
    reversedAt: timestamp,
    version,
    createdAt: timestamp,
  }),
);
export const receivePaymentBodySchema = registry.register(
  'ReceivePaymentRequest',
  z.strictObject({
    contractId: z.uuid(),
    amount: money,
    receivedOn: isoDate,
    method: text(50).optional().openapi({ example: 'bank_transfer' }),
    reference: text(100).optional(),
    installmentId: z.uuid().optional(),
  }),
);
export const listPaymentsQuerySchema = z.object({
  ...pageQueryShape,
  contractId: z.uuid().optional(),
  customerId: z.uuid().optional(),
});
export const paymentPageSchema = registry.register(
  'PaymentPage',
  z.object({ items: z.array(paymentSchema), nextCursor: z.string().nullable() }),
);
export const RECEIVABLE_GROUPINGS = ['contract', 'customer', 'owner'] as const;
export const receivablesQuerySchema = z.object({
  groupBy: z.enum(RECEIVABLE_GROUPINGS).default('contract'),
  customerId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
});
export const receivablesSchema = registry.register(
  'Receivables',
  z.object({
    items: z.array(
      z.object({
        key: z.string().openapi({ description: 'The contract, customer or owner id.' }),
        contracts: z.number().int(),
        totalAmount: money,
        receivedAmount: money,
        outstandingAmount: money,
      }),
    ),
  }),
);

export const convertLeadBodySchema = registry.register(
  'ConvertLeadRequest',
  z.strictObject({
    opportunity: z
      .strictObject({
        name: text(200).optional().openapi({ description: "The lead's company (or name) when left out." }),
        amount: money.optional(),
      })
      .optional()
      .openapi({ description: 'Also opens an opportunity (商机) on the new customer, in the same transaction.' }),
  }),
);

export type ContractLineBody = z.output<typeof contractLineInput>;
