import type { commonV1, crmV1 } from '@salesflow/contracts';
import { ServiceError } from '@salesflow/platform';
import type { z } from 'zod';
import type {
  analysisSchema,
  ContractLineBody,
  contractSchema,
  opportunitySchema,
  paymentSchema,
  pipelineSchema,
  productSchema,
  stageChangeSchema,
  stageSchema,
} from '../schemas/sales.schemas';

type Json<S extends z.ZodType> = z.output<S>;
type MoneyJson = { amountMinor: number; currency: string };

/** proto int64 strings -> JSON integers (amounts stay below 2^53 by validation). */
export function moneyToJson(value: commonV1.Money | undefined): MoneyJson {
  return { amountMinor: Number(value?.amountMinor ?? 0), currency: value?.currency ?? '' };
}

export function moneyToProto(value: MoneyJson): commonV1.Money {
  return { amountMinor: String(value.amountMinor), currency: value.currency };
}

const orNull = (v: string | undefined) => (v ? v : null);
const lower = <T extends string>(value: string, prefix: string) => value.slice(prefix.length).toLowerCase() as T;
const iso = (d: Date | undefined) => d?.toISOString() ?? null;

function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new ServiceError('INTERNAL', `crm answered without the ${what}`);
  return value;
}

export function productToJson(p: crmV1.Product | undefined): Json<typeof productSchema> {
  const product = present(p, 'product');
  return {
    id: product.id,
    name: product.name,
    productLine: product.productLine,
    listPrice: moneyToJson(product.listPrice),
    cost: moneyToJson(product.cost),
    active: product.active,
    version: Number(product.version),
    createdAt: iso(product.createdAt),
  };
}

export function stageToJson(s: crmV1.PipelineStage): Json<typeof stageSchema> {
  return {
    id: s.id,
    key: s.key,
    name: s.name,
    position: s.position,
    kind: lower(s.kind, 'STAGE_KIND_'),
    probability: s.probability,
    requiredFields: s.requiredFields,
  };
}

export function pipelineToJson(p: crmV1.Pipeline | undefined): Json<typeof pipelineSchema> {
  const pipeline = present(p, 'pipeline');
  return {
    id: pipeline.id,
    name: pipeline.name,
    isDefault: pipeline.isDefault,
    stages: pipeline.stages.map(stageToJson),
    version: Number(pipeline.version),
  };
}

export function opportunityToJson(o: crmV1.Opportunity | undefined): Json<typeof opportunitySchema> {
  const opportunity = present(o, 'opportunity');
  return {
    id: opportunity.id,
    name: opportunity.name,
    customerId: opportunity.customerId,
    amount: opportunity.amount ? moneyToJson(opportunity.amount) : null,
    expectedCloseOn: orNull(opportunity.expectedCloseOn),
    probability: opportunity.probability,
    productLine: orNull(opportunity.productLine),
    ownerId: opportunity.ownerId,
    sourceLeadId: orNull(opportunity.sourceLeadId),
    pipelineId: opportunity.pipelineId,
    stageId: opportunity.stageId,
    status: lower(opportunity.status, 'OPPORTUNITY_STATUS_'),
    lostReason: orNull(opportunity.lostReason),
    stageEnteredAt: iso(opportunity.stageEnteredAt),
    closedAt: iso(opportunity.closedAt),
    version: Number(opportunity.version),
    createdAt: iso(opportunity.createdAt),
    updatedAt: iso(opportunity.updatedAt),
  };
}

export function stageChangeToJson(c: crmV1.OpportunityStageChange): Json<typeof stageChangeSchema> {
  return {
    fromStageId: orNull(c.fromStageId),
    toStageId: c.toStageId,
    reason: orNull(c.reason),
    backwards: c.backwards,
    changedBy: orNull(c.changedBy),
    changedAt: iso(c.changedAt),
  };
}

export function analysisToJson(a: crmV1.CompetitiveAnalysis | undefined): Json<typeof analysisSchema> {
  const analysis = present(a, 'competitive analysis');
  return {
    opportunityId: analysis.opportunityId,
    competitorId: analysis.competitorId,
    offer: analysis.offer ? moneyToJson(analysis.offer) : null,
    strengths: orNull(analysis.strengths),
    weaknesses: orNull(analysis.weaknesses),
    status: lower(analysis.status, 'COMPETITION_STATUS_'),
    updatedAt: iso(analysis.updatedAt),
  };
}

export function competitorToJson(c: crmV1.Competitor | undefined) {
  const competitor = present(c, 'competitor');
  return {
    id: competitor.id,
    name: competitor.name,
    website: orNull(competitor.website),
    strengths: orNull(competitor.strengths),
    weaknesses: orNull(competitor.weaknesses),
    notes: orNull(competitor.notes),
    createdAt: iso(competitor.createdAt),
  };
}

/** JSON quantity in units (3 decimals) <-> proto thousandths. */
export function contractLineToProto(line: ContractLineBody): crmV1.ContractLineInput {
  return {
    productId: line.productId ?? '',
    productLine: line.productLine ?? '',
    quantityMilli: line.quantity === undefined ? '0' : String(Math.round(line.quantity * 1000)),
    amount: moneyToProto(line.amount),
    cost: line.cost ? moneyToProto(line.cost) : undefined,
    description: line.description ?? '',
  };
}

export function contractToJson(c: crmV1.Contract | undefined): Json<typeof contractSchema> {
  const contract = present(c, 'contract');
  return {
    id: contract.id,
    number: contract.number,
    title: orNull(contract.title),
    customerId: contract.customerId,
    opportunityId: orNull(contract.opportunityId),
    ownerId: contract.ownerId,
    status: lower(contract.status, 'CONTRACT_STATUS_'),
    signedOn: orNull(contract.signedOn),
    lines: contract.lines.map((l) => ({
      id: l.id,
      productId: orNull(l.productId),
      productLine: l.productLine,
      quantity: Number(l.quantityMilli) / 1000,
      amount: moneyToJson(l.amount),
      cost: moneyToJson(l.cost),
      grossMargin: moneyToJson(l.grossMargin),
      description: orNull(l.description),
    })),
    totalAmount: moneyToJson(contract.totalAmount),
    totalCost: moneyToJson(contract.totalCost),
    grossMargin: moneyToJson(contract.grossMargin),
    receivedAmount: moneyToJson(contract.receivedAmount),
    outstandingAmount: moneyToJson(contract.outstandingAmount),
    cancelReason: orNull(contract.cancelReason),
    version: Number(contract.version),
    createdAt: iso(contract.createdAt),
    updatedAt: iso(contract.updatedAt),
  };
}

export function paymentPlanToJson(contractId: string, installments: crmV1.PaymentInstallment[]) {
  return {
    contractId,
    installments: installments.map((i) => ({
      id: i.id,
      sequence: i.sequence,
      dueOn: i.dueOn,
      amount: moneyToJson(i.amount),
      receivedAmount: moneyToJson(i.receivedAmount),
    })),
  };
}

export function paymentToJson(p: crmV1.Payment | undefined): Json<typeof paymentSchema> {
  const payment = present(p, 'payment');
  return {
    id: payment.id,
    contractId: payment.contractId,
    customerId: payment.customerId,
    ownerId: payment.ownerId,
    amount: moneyToJson(payment.amount),
    receivedOn: payment.receivedOn,
    method: orNull(payment.method),
    reference: orNull(payment.reference),
    installmentId: orNull(payment.installmentId),
    status: lower(payment.status, 'PAYMENT_STATUS_'),
    reversalReason: orNull(payment.reversalReason),
    reversedAt: iso(payment.reversedAt),
    version: Number(payment.version),
    createdAt: iso(payment.createdAt),
  };
}

/** "open" -> "OPPORTUNITY_STATUS_OPEN"; undefined -> UNSPECIFIED (no filter). */
export function enumToProto<T extends string>(name: string | undefined, prefix: string): T {
  return `${prefix}${name ? name.toUpperCase() : 'UNSPECIFIED'}` as T;
}
