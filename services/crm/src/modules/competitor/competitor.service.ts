import type { commonV1 } from '@salesflow/contracts';
import { requirePermission, ServiceError } from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { CrmDatabase } from '../../database';
import type { CompetitiveAnalysis, Competitor } from '../../generated/prisma/client';
import { OpportunityError } from '../opportunity/opportunity.errors';
import type { OpportunityService } from '../opportunity/opportunity.service';
import { currencyCode, type MoneyInput, minorUnits } from '../shared/money';
import { parseOrThrow } from '../shared/validation';

export type CompetitionStatus = 'ACTIVE' | 'BEATEN' | 'LOST_TO';

export interface CompetitorInput {
  name: string;
  website?: string;
  strengths?: string;
  weaknesses?: string;
  notes?: string;
}

export interface AnalysisInput {
  competitorId: string;
  offer?: MoneyInput | null;
  strengths?: string;
  weaknesses?: string;
  status?: CompetitionStatus;
}

const text = (max: number) => z.string().trim().max(max, `is longer than ${max} characters`);
const competitorSchema = z.object({
  name: text(200).min(1, 'is required'),
  website: text(300).default(''),
  strengths: text(2000).default(''),
  weaknesses: text(2000).default(''),
  notes: text(2000).default(''),
});
const analysisSchema = z.object({
  competitorId: z.uuid('is not an id'),
  offer: z.object({ amountMinor: minorUnits, currency: currencyCode }).nullable().default(null),
  strengths: text(2000).default(''),
  weaknesses: text(2000).default(''),
  status: z.enum(['ACTIVE', 'BEATEN', 'LOST_TO'], 'must be ACTIVE, BEATEN or LOST_TO').default('ACTIVE'),
});

/**
 * Competitors (竞争对手) of the tenant and the competitive analysis (竞争分析) of each
 * opportunity: who else bids, at what price, their strengths and weaknesses, and the outcome.
 */
export class CompetitorService {
  constructor(
    private readonly db: CrmDatabase,
    private readonly opportunities: OpportunityService,
  ) {}

  async create(principal: commonV1.Principal, input: CompetitorInput): Promise<Competitor> {
    requirePermission(principal, 'crm.opportunity.write');
    const data = parseOrThrow(competitorSchema, input, 'competitor');
    const taken = await this.db.competitor.findFirst({ where: { tenantId: principal.tenantId, name: data.name } });
    if (taken)
      throw new ServiceError('ALREADY_EXISTS', `a competitor named ${data.name} exists`, {
        reason: 'COMPETITOR_NAME_TAKEN',
      });
    return this.db.competitor.create({ data: { id: uuidv7(), tenantId: principal.tenantId, ...data } });
  }

  async list(principal: commonV1.Principal): Promise<Competitor[]> {
    requirePermission(principal, 'crm.opportunity.read');
    return this.db.competitor.findMany({
      where: { tenantId: principal.tenantId },
      orderBy: { name: 'asc' },
      take: 1000,
    });
  }

  async analyses(principal: commonV1.Principal, opportunityId: string): Promise<CompetitiveAnalysis[]> {
    requirePermission(principal, 'crm.opportunity.read');
    const opportunity = await this.opportunities.findVisible(principal, opportunityId);
    return this.db.competitiveAnalysis.findMany({
      where: { opportunityId: opportunity.id },
      orderBy: { updatedAt: 'desc' },
    });
  }

  /** Records or replaces the analysis of one competitor in the opportunity. */
  async upsertAnalysis(
    principal: commonV1.Principal,
    opportunityId: string,
    input: AnalysisInput,
  ): Promise<CompetitiveAnalysis> {
    requirePermission(principal, 'crm.opportunity.write');
    const data = parseOrThrow(analysisSchema, input, 'competitive analysis');
    const opportunity = await this.opportunities.findVisible(principal, opportunityId);
    const competitor = await this.db.competitor.findFirst({
      where: { id: data.competitorId, tenantId: principal.tenantId },
    });
    if (!competitor) throw OpportunityError.competitorNotFound(data.competitorId);
    const values = {
      offerMinor: data.offer?.amountMinor ?? null,
      currency: data.offer?.currency ?? opportunity.currency,
      strengths: data.strengths,
      weaknesses: data.weaknesses,
      status: data.status,
      updatedAt: new Date(),
    };
    return this.db.competitiveAnalysis.upsert({
      where: { opportunityId_competitorId: { opportunityId: opportunity.id, competitorId: competitor.id } },
      create: {
        id: uuidv7(),
        tenantId: principal.tenantId,
        opportunityId: opportunity.id,
        competitorId: competitor.id,
        ...values,
      },
      update: values,
    });
  }
}
