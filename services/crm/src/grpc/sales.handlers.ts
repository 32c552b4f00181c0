import { crmV1 } from '@salesflow/contracts';
import { bindService, requirePrincipal } from '@salesflow/platform';
import type { CompetitiveAnalysis, Competitor, Product } from '../generated/prisma/client';
import type { CompetitionStatus, CompetitorService } from '../modules/competitor/competitor.service';
import { contractToProto } from '../modules/contract/contract.mapper';
import type { ContractLineInput, ContractService, ContractStatus } from '../modules/contract/contract.service';
import {
  opportunityToProto,
  pipelineToProto,
  stageChangeToProto,
  stageToProto,
} from '../modules/opportunity/opportunity.mapper';
import type { OpportunityService, OpportunityStatus } from '../modules/opportunity/opportunity.service';
import { installmentToProto, paymentToProto } from '../modules/payment/payment.mapper';
import type { PaymentService, ReceivablesGrouping } from '../modules/payment/payment.service';
import type { PipelineService } from '../modules/pipeline/pipeline.service';
import type { ProductService } from '../modules/product/product.service';
import { money } from '../modules/shared/money';

export interface SalesModules {
  products: ProductService;
  pipelines: PipelineService;
  opportunities: OpportunityService;
  competitors: CompetitorService;
  contracts: ContractService;
  payments: PaymentService;
}

/** proto <-> domain for SalesService; errors are mapped to gRPC status by the kit. */
export function salesServiceBinding(modules: SalesModules) {
  const { products, pipelines, opportunities, competitors, contracts, payments } = modules;
  return bindService(crmV1.SalesServiceService, {
    async createProduct(request, context) {
      const product = await products.create(requirePrincipal(context), {
        name: request.name,
        productLine: request.productLine,
        listPrice: moneyIn(request.listPrice),
        cost: moneyIn(request.cost),
      });
      return { product: productToProto(product) };
    },
    async getProduct(request, context) {
      return { product: productToProto(await products.get(requirePrincipal(context), request.id)) };
    },
    async listProducts(request, context) {
      const rows = await products.list(requirePrincipal(context), {
        productLine: request.productLine,
        activeOnly: request.activeOnly,
      });
      return { products: rows.map(productToProto) };
    },
    async updateProduct(request, context) {
      const product = await products.update(requirePrincipal(context), request.id, {
        expectedVersion: request.expectedVersion,
        ...(request.name !== undefined ? { name: request.name } : {}),
        ...(request.productLine !== undefined ? { productLine: request.productLine } : {}),
        ...(request.listPrice ? { listPrice: moneyIn(request.listPrice) } : {}),
        ...(request.cost ? { cost: moneyIn(request.cost) } : {}),
        ...(request.active !== undefined ? { active: request.active } : {}),
      });
      return { product: productToProto(product) };
    },

    async listPipelines(_request, context) {
      return { pipelines: (await pipelines.list(requirePrincipal(context))).map(pipelineToProto) };
    },
    async updatePipelineStage(request, context) {
      const pipeline = await pipelines.updateStage(requirePrincipal(context), request.pipelineId, request.stageId, {
        ...(request.name !== undefined ? { name: request.name } : {}),
        ...(request.probability !== undefined ? { probability: request.probability } : {}),
        ...(request.updateRequiredFields ? { requiredFields: request.requiredFields } : {}),
      });
      return { pipeline: pipelineToProto(pipeline) };
    },
    async addPipelineStage(request, context) {
      const pipeline = await pipelines.addStage(requirePrincipal(context), request.pipelineId, {
        name: request.name,
        probability: request.probability,
        requiredFields: request.requiredFields,
      });
      return { pipeline: pipelineToProto(pipeline) };
    },
    async reorderPipelineStages(request, context) {
      const pipeline = await pipelines.reorderStages(requirePrincipal(context), request.pipelineId, request.stageIds);
      return { pipeline: pipelineToProto(pipeline) };
    },
    async listLostReasons(_request, context) {
      return { reasons: (await pipelines.lostReasons(requirePrincipal(context))).map((r) => r.label) };
    },
    async replaceLostReasons(request, context) {
      const rows = await pipelines.replaceLostReasons(requirePrincipal(context), request.reasons);
      return { reasons: rows.map((r) => r.label) };
    },

    async createOpportunity(request, context) {
      const opportunity = await opportunities.create(requirePrincipal(context), {
        name: request.name,
        customerId: request.customerId,
        ...(request.amount ? { amount: moneyIn(request.amount) } : {}),
        expectedCloseOn: request.expectedCloseOn,
        ...(request.probability !== undefined ? { probability: request.probability } : {}),
        productLine: request.productLine,
        ...(request.ownerId ? { ownerId: request.ownerId } : {}),
        ...(request.sourceLeadId ? { sourceLeadId: request.sourceLeadId } : {}),
        ...(request.stageId ? { stageId: request.stageId } : {}),
      });
      return { opportunity: opportunityToProto(opportunity) };
    },
    async getOpportunity(request, context) {
      return { opportunity: opportunityToProto(await opportunities.get(requirePrincipal(context), request.id)) };
    },
    async listOpportunities(request, context) {
      const { opportunities: rows, nextCursor } = await opportunities.list(requirePrincipal(context), {
        limit: request.page?.limit,
        cursor: request.page?.cursor,
        status: statusFrom<OpportunityStatus>(request.status, 'OPPORTUNITY_STATUS_'),
        stageId: request.stageId,
        ownerId: request.ownerId,
        customerId: request.customerId,
      });
      return { opportunities: rows.map(opportunityToProto), page: { nextCursor } };
    },
    async updateOpportunity(request, context) {
      const opportunity = await opportunities.update(requirePrincipal(context), request.id, {
        expectedVersion: request.expectedVersion,
        ...(request.name !== undefined ? { name: request.name } : {}),
        ...(request.amount ? { amount: moneyIn(request.amount) } : request.clearAmount ? { amount: null } : {}),
        ...(request.expectedCloseOn !== undefined ? { expectedCloseOn: request.expectedCloseOn } : {}),
        ...(request.probability !== undefined ? { probability: request.probability } : {}),
        ...(request.productLine !== undefined ? { productLine: request.productLine } : {}),
        ...(request.ownerId !== undefined ? { ownerId: request.ownerId } : {}),
      });
      return { opportunity: opportunityToProto(opportunity) };
    },
    async moveOpportunityStage(request, context) {
      const opportunity = await opportunities.moveStage(requirePrincipal(context), request.id, {
        stageId: request.stageId,
        reason: request.reason,
        lostReason: request.lostReason,
        expectedVersion: request.expectedVersion,
      });
      return { opportunity: opportunityToProto(opportunity) };
    },
    async getOpportunityHistory(request, context) {
      const changes = await opportunities.history(requirePrincipal(context), request.id);
      return { changes: changes.map(stageChangeToProto) };
    },
    async getOpportunityBoard(request, context) {
      const board = await opportunities.board(requirePrincipal(context), {
        ...(request.pipelineId ? { pipelineId: request.pipelineId } : {}),
        ...(request.ownerId ? { ownerId: request.ownerId } : {}),
      });
      return {
        pipeline: pipelineToProto(board.pipeline),
        columns: board.columns.map((column) => ({
          stage: stageToProto(column.stage),
          count: column.count,
          totalAmounts: column.totals.map((t) => money(t.amountMinor, t.currency)),
          weightedAmounts: column.totals.map((t) => money(t.weightedMinor, t.currency)),
          opportunities: column.opportunities.map(opportunityToProto),
        })),
      };
    },
    async createCompetitor(request, context) {
      const competitor = await competitors.create(requirePrincipal(context), {
        name: request.name,
        website: request.website,
        strengths: request.strengths,
        weaknesses: request.weaknesses,
        notes: request.notes,
      });
      return { competitor: competitorToProto(competitor) };
    },
    async listCompetitors(_request, context) {
      return { competitors: (await competitors.list(requirePrincipal(context))).map(competitorToProto) };
    },
    async listCompetitiveAnalyses(request, context) {
      const rows = await competitors.analyses(requirePrincipal(context), request.opportunityId);
      return { analyses: rows.map(analysisToProto) };
    },
    async upsertCompetitiveAnalysis(request, context) {
      const analysis = await competitors.upsertAnalysis(requirePrincipal(context), request.opportunityId, {
        competitorId: request.competitorId,
        offer: request.offer ? moneyIn(request.offer) : null,
        strengths: request.strengths,
        weaknesses: request.weaknesses,
        ...(statusFrom<CompetitionStatus>(request.status, 'COMPETITION_STATUS_')
          ? { status: statusFrom<CompetitionStatus>(request.status, 'COMPETITION_STATUS_') }
          : {}),
      });
      return { analysis: analysisToProto(analysis) };
    },

    async createContract(request, context) {
      const principal = requirePrincipal(context);
      const contract = await contracts.create(principal, {
        number: request.number,
        title: request.title,
        customerId: request.customerId,
        ...(request.opportunityId ? { opportunityId: request.opportunityId } : {}),
        ...(request.ownerId ? { ownerId: request.ownerId } : {}),
        ...(request.currency ? { currency: request.currency } : {}),
        lines: request.lines.map(lineIn),
      });
      return { contract: await contracts.toProto(contracts.database, contract) };
    },
    async getContract(request, context) {
      const contract = await contracts.get(requirePrincipal(context), request.id);
      return { contract: await contracts.toProto(contracts.database, contract) };
    },
    async listContracts(request, context) {
      const { contracts: rows, nextCursor } = await contracts.list(requirePrincipal(context), {
        limit: request.page?.limit,
        cursor: request.page?.cursor,
        status: statusFrom<ContractStatus>(request.status, 'CONTRACT_STATUS_'),
        customerId: request.customerId,
        ownerId: request.ownerId,
      });
      const received = await contracts.receivedByContract(
        contracts.database,
        rows.map((c) => c.id),
      );
      return {
        contracts: rows.map((c) => contractToProto(c, received.get(c.id) ?? 0n)),
        page: { nextCursor },
      };
    },
    async signContract(request, context) {
      const contract = await contracts.sign(requirePrincipal(context), request.id, {
        signedOn: request.signedOn,
        expectedVersion: request.expectedVersion,
      });
      return { contract: await contracts.toProto(contracts.database, contract) };
    },
    async amendContract(request, context) {
      const contract = await contracts.amend(requirePrincipal(context), request.id, {
        lines: request.lines.map(lineIn),
        ...(request.title !== undefined ? { title: request.title } : {}),
        expectedVersion: request.expectedVersion,
      });
      return { contract: await contracts.toProto(contracts.database, contract) };
    },
    async cancelContract(request, context) {
      const contract = await contracts.cancel(requirePrincipal(context), request.id, {
        reason: request.reason,
        expectedVersion: request.expectedVersion,
      });
      return { contract: await contracts.toProto(contracts.database, contract) };
    },
    async getPaymentPlan(request, context) {
      const plan = await payments.plan(requirePrincipal(context), request.contractId);
      return {
        contract: await contracts.toProto(contracts.database, plan.contract),
        installments: plan.installments.map((i) =>
          installmentToProto(i.installment, plan.contract.currency, i.receivedMinor),
        ),
      };
    },
    async setPaymentPlan(request, context) {
      const principal = requirePrincipal(context);
      const result = await payments.setPlan(
        principal,
        request.contractId,
        request.installments.map((i) => ({ dueOn: i.dueOn, amount: moneyIn(i.amount) })),
      );
      const plan = await payments.plan(principal, result.contract.id);
      return {
        contract: await contracts.toProto(contracts.database, plan.contract),
        installments: plan.installments.map((i) =>
          installmentToProto(i.installment, plan.contract.currency, i.receivedMinor),
        ),
      };
    },

    async receivePayment(request, context) {
      const payment = await payments.receive(requirePrincipal(context), {
        contractId: request.contractId,
        amount: moneyIn(request.amount),
        receivedOn: request.receivedOn,
        method: request.method,
        reference: request.reference,
        ...(request.installmentId ? { installmentId: request.installmentId } : {}),
      });
      return { payment: paymentToProto(payment) };
    },
    async getPayment(request, context) {
      return { payment: paymentToProto(await payments.get(requirePrincipal(context), request.id)) };
    },
    async listPayments(request, context) {
      const { payments: rows, nextCursor } = await payments.list(requirePrincipal(context), {
        limit: request.page?.limit,
        cursor: request.page?.cursor,
        contractId: request.contractId,
        customerId: request.customerId,
        receivedFrom: request.receivedFrom,
        receivedTo: request.receivedTo,
      });
      return { payments: rows.map(paymentToProto), page: { nextCursor } };
    },
    async reversePayment(request, context) {
      return { payment: paymentToProto(await payments.reverse(requirePrincipal(context), request.id, request.reason)) };
    },
    async getReceivables(request, context) {
      const groupBy = (statusFrom<string>(request.groupBy, 'RECEIVABLES_GROUPING_')?.toLowerCase() ??
        'contract') as ReceivablesGrouping;
      const rows = await payments.receivables(requirePrincipal(context), groupBy, {
        customerId: request.customerId,
        ownerId: request.ownerId,
      });
      return {
        receivables: rows.map((r) => ({
          key: r.key,
          contracts: r.contracts,
          totalAmount: money(r.totalAmountMinor, r.currency),
          receivedAmount: money(r.receivedMinor, r.currency),
          outstandingAmount: money(r.outstandingMinor, r.currency),
        })),
      };
    },
  });
}

/** A missing Money becomes an empty one, which validation reports by field. */
function moneyIn(value: { amountMinor: string; currency: string } | undefined) {
  return { amountMinor: value?.amountMinor ?? '', currency: value?.currency ?? '' };
}

function lineIn(line: crmV1.ContractLineInput): ContractLineInput {
  return {
    ...(line.productId ? { productId: line.productId } : {}),
    productLine: line.productLine,
    ...(line.quantityMilli && line.quantityMilli !== '0' ? { quantityMilli: line.quantityMilli } : {}),
    amount: moneyIn(line.amount),
    ...(line.cost ? { cost: moneyIn(line.cost) } : {}),
    description: line.description,
  };
}

/** "PREFIX_VALUE" -> "VALUE"; UNSPECIFIED (or unknown) -> undefined. */
function statusFrom<T extends string>(value: string | undefined, prefix: string): T | undefined {
  if (!value?.startsWith(prefix) || value.endsWith('UNSPECIFIED') || value === 'UNRECOGNIZED') return undefined;
  return value.slice(prefix.length) as T;
}

function productToProto(p: Product): crmV1.Product {
  return {
    id: p.id,
    name: p.name,
    productLine: p.productLine,
    listPrice: money(p.listPriceMinor, p.currency),
    cost: money(p.costMinor, p.currency),
    active: p.active,
    version: String(p.version),
    createdAt: p.createdAt,
  };
}

function competitorToProto(c: Competitor): crmV1.Competitor {
  return {
    id: c.id,
    name: c.name,
    website: c.website,
    strengths: c.strengths,
    weaknesses: c.weaknesses,
    notes: c.notes,
    createdAt: c.createdAt,
  };
}

function analysisToProto(a: CompetitiveAnalysis): crmV1.CompetitiveAnalysis {
  return {
    id: a.id,
    opportunityId: a.opportunityId,
    competitorId: a.competitorId,
    offer: a.offerMinor === null ? undefined : money(a.offerMinor, a.currency),
    strengths: a.strengths,
    weaknesses: a.weaknesses,
    status: `COMPETITION_STATUS_${a.status}` as crmV1.CompetitionStatus,
    updatedAt: a.updatedAt,
  };
}
