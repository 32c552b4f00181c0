import type { commonV1 } from '@salesflow/contracts';
import { requirePermission, ServiceError } from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { CrmDatabase, CrmTransaction } from '../../database';
import type { LostReason, Pipeline, PipelineStage } from '../../generated/prisma/client';
import { cleanList, parseOrThrow } from '../shared/validation';
import { DEFAULT_LOST_REASONS, DEFAULT_PIPELINE_NAME, DEFAULT_STAGES, REQUIRABLE_FIELDS } from './default-pipeline';
import { PipelineError } from './pipeline.errors';

export type PipelineWithStages = Pipeline & { stages: PipelineStage[] };

export interface StageUpdateInput {
  name?: string;
  probability?: number;
  requiredFields?: string[];
}

const stageUpdateSchema = z.object({
  name: z.string().trim().min(1, 'is required').max(50, 'is longer than 50 characters').optional(),
  probability: z.number().int('must be a whole number').min(0, 'must be 0-100').max(100, 'must be 0-100').optional(),
  requiredFields: z.array(z.enum(REQUIRABLE_FIELDS, `must be one of ${REQUIRABLE_FIELDS.join(', ')}`)).optional(),
});

const newStageSchema = z.object({
  name: z.string().trim().min(1, 'is required').max(50, 'is longer than 50 characters'),
  probability: z.number().int('must be a whole number').min(0, 'must be 0-100').max(100, 'must be 0-100'),
  requiredFields: z.array(z.enum(REQUIRABLE_FIELDS, `must be one of ${REQUIRABLE_FIELDS.join(', ')}`)).default([]),
});

const lostReasonsSchema = z.object({
  reasons: z
    .array(z.string().trim().max(50, 'is longer than 50 characters'))
    .transform(cleanList)
    .refine((l) => l.length >= 1 && l.length <= 50, 'must have 1-50 entries'),
});

type Db = CrmDatabase | CrmTransaction;

/**
 * Pipelines (销售漏斗) and lost reasons, per tenant. Every tenant has a default pipeline and
 * a lost-reason list from the first time anyone needs them (created lazily, race-safe through
 * the one-default-per-tenant index).
 */
export class PipelineService {
  constructor(private readonly db: CrmDatabase) {}

  async list(principal: commonV1.Principal): Promise<PipelineWithStages[]> {
    requirePermission(principal, 'crm.opportunity.read');
    await this.defaultPipeline(this.db, principal.tenantId);
    return this.db.pipeline.findMany({
      where: { tenantId: principal.tenantId },
      include: { stages: { orderBy: { position: 'asc' } } },
      orderBy: [{ isDefault: 'desc' }, { createdAt: 'asc' }],
    });
  }

  async get(principal: commonV1.Principal, id: string): Promise<PipelineWithStages> {
    requirePermission(principal, 'crm.opportunity.read');
    return this.findPipeline(this.db, principal.tenantId, id);
  }

  /** The tenant's default pipeline with its stages, created on first use. */
  async defaultPipeline(db: Db, tenantId: string): Promise<PipelineWithStages> {
    const existing = await db.pipeline.findFirst({
      where: { tenantId, isDefault: true },
      include: { stages: { orderBy: { position: 'asc' } } },
    });
    if (existing) return existing;
    const id = uuidv7();
    // ON CONFLICT: a concurrent first use already created it; both then read the winner.
    const inserted = await db.$executeRaw`
      INSERT INTO pipelines (id, tenant_id, name, is_default) VALUES (${id}::uuid, ${tenantId}::uuid, ${DEFAULT_PIPELINE_NAME}, true)
      ON CONFLICT DO NOTHING`;
    if (inserted === 1) {
      await db.pipelineStage.createMany({
        data: DEFAULT_STAGES.map((stage, position) => ({
          id: uuidv7(),
          tenantId,
          pipelineId: id,
          key: stage.key,
          name: stage.name,
          position,
          kind: stage.kind,
          probability: stage.probability,
          requiredFields: stage.requiredFields,
        })),
      });
    }
    return db.pipeline.findFirstOrThrow({
      where: { tenantId, isDefault: true },
      include: { stages: { orderBy: { position: 'asc' } } },
    });
  }

  async findPipeline(db: Db, tenantId: string, id: string): Promise<PipelineWithStages> {
    if (!z.uuid().safeParse(id).success) throw PipelineError.notFound(id);
    const pipeline = await db.pipeline.findFirst({
      where: { id, tenantId },
      include: { stages: { orderBy: { position: 'asc' } } },
    });
    if (!pipeline) throw PipelineError.notFound(id);
    return pipeline;
  }

  /** Renames a stage or changes its default probability or required fields (crm.settings.write). */
  async updateStage(
    principal: commonV1.Principal,
    pipelineId: string,
    stageId: string,
    input: StageUpdateInput,
  ): Promise<PipelineWithStages> {
    requirePermission(principal, 'crm.settings.write');
    const data = parseOrThrow(stageUpdateSchema, input, 'stage');
    return this.db.$transaction(async (tx) => {
      const pipeline = await this.findPipeline(tx, principal.tenantId, pipelineId);
      const stage = pipeline.stages.find((s) => s.id === stageId);
      if (!stage) throw PipelineError.stageNotFound(stageId);
      await tx.pipelineStage.update({
        where: { id: stage.id },
        data: {
          ...(data.name !== undefined ? { name: data.name } : {}),
          ...(data.probability !== undefined ? { probability: data.probability } : {}),
          ...(data.requiredFields !== undefined ? { requiredFields: cleanList(data.requiredFields) } : {}),
        },
      });
      await tx.pipeline.update({ where: { id: pipeline.id }, data: { version: { increment: 1 } } });
      return this.findPipeline(tx, principal.tenantId, pipeline.id);
    });
  }

  /**
   * Adds an open stage after the last open one; won and lost move one place down, so they stay
   * last (a move to an earlier position counts as going back). Its key is generated: the
   * default stages' keys are what reports know, a custom stage has none of its own.
   */
  async addStage(
    principal: commonV1.Principal,
    pipelineId: string,
    input: { name: string; probability: number; requiredFields?: string[] },
  ): Promise<PipelineWithStages> {
    requirePermission(principal, 'crm.settings.write');
    const data = parseOrThrow(newStageSchema, input, 'stage');
    return this.db.$transaction(async (tx) => {
      const pipeline = await this.lockPipeline(tx, principal.tenantId, pipelineId);
      if (pipeline.stages.some((s) => s.name === data.name)) {
        throw ServiceError.invalid([{ field: 'name', message: 'another stage of this pipeline has this name' }]);
      }
      const open = pipeline.stages.filter((s) => s.kind === 'OPEN');
      const closing = pipeline.stages.filter((s) => s.kind !== 'OPEN');
      const id = uuidv7();
      await tx.pipelineStage.create({
        data: {
          id,
          tenantId: principal.tenantId,
          pipelineId: pipeline.id,
          key: `custom_${id.replaceAll('-', '').slice(-12)}`,
          name: data.name,
          position: open.length,
          kind: 'OPEN',
          probability: data.probability,
          requiredFields: cleanList(data.requiredFields),
        },
      });
      for (const [i, stage] of closing.entries()) {
        await tx.pipelineStage.update({ where: { id: stage.id }, data: { position: open.length + 1 + i } });
      }
      await tx.pipeline.update({ where: { id: pipeline.id }, data: { version: { increment: 1 } } });
      return this.findPipeline(tx, principal.tenantId, pipeline.id);
    });
  }

  /** Puts the open stages in the order given (every open stage, each once); won and lost stay last. */
  async reorderStages(
    principal: commonV1.Principal,
    pipelineId: string,
    stageIds: string[],
  ): Promise<PipelineWithStages> {
    requirePermission(principal, 'crm.settings.write');
    return this.db.$transaction(async (tx) => {
      const pipeline = await this.lockPipeline(tx, principal.tenantId, pipelineId);
      const open = pipeline.stages.filter((s) => s.kind === 'OPEN');
      const closing = pipeline.stages.filter((s) => s.kind !== 'OPEN');
      const openIds = new Set(open.map((s) => s.id));
      const sameSet =
        stageIds.length === open.length &&
        new Set(stageIds).size === stageIds.length &&
        stageIds.every((id) => openIds.has(id));
      if (!sameSet) {
        throw ServiceError.invalid([{ field: 'stageIds', message: 'must list every open stage of the pipeline once' }]);
      }
      for (const [position, id] of [...stageIds, ...closing.map((s) => s.id)].entries()) {
        await tx.pipelineStage.update({ where: { id }, data: { position } });
      }
      await tx.pipeline.update({ where: { id: pipeline.id }, data: { version: { increment: 1 } } });
      return this.findPipeline(tx, principal.tenantId, pipeline.id);
    });
  }

  /** The pipeline, locked against a concurrent change of its stages' positions. */
  private async lockPipeline(tx: CrmTransaction, tenantId: string, id: string): Promise<PipelineWithStages> {
    const pipeline = await this.findPipeline(tx, tenantId, id);
    await tx.$executeRaw`SELECT 1 FROM pipelines WHERE id = ${pipeline.id}::uuid FOR UPDATE`;
    return this.findPipeline(tx, tenantId, id);
  }

  async lostReasons(principal: commonV1.Principal): Promise<LostReason[]> {
    requirePermission(principal, 'crm.opportunity.read');
    return this.lostReasonsOf(this.db, principal.tenantId);
  }

  /** The tenant's list, seeded with the defaults on first use. */
  async lostReasonsOf(db: Db, tenantId: string): Promise<LostReason[]> {
    const rows = await db.lostReason.findMany({ where: { tenantId }, orderBy: { position: 'asc' } });
    if (rows.length > 0) return rows;
    await db.lostReason.createMany({
      data: DEFAULT_LOST_REASONS.map((label, position) => ({ id: uuidv7(), tenantId, label, position })),
      skipDuplicates: true,
    });
    return db.lostReason.findMany({ where: { tenantId }, orderBy: { position: 'asc' } });
  }

  /** Replaces the tenant's lost reasons; opportunities already lost keep the text they had. */
  async replaceLostReasons(principal: commonV1.Principal, reasons: string[]): Promise<LostReason[]> {
    requirePermission(principal, 'crm.settings.write');
    const data = parseOrThrow(lostReasonsSchema, { reasons }, 'lost reasons');
    return this.db.$transaction(async (tx) => {
      await tx.lostReason.deleteMany({ where: { tenantId: principal.tenantId } });
      await tx.lostReason.createMany({
        data: data.reasons.map((label, position) => ({ id: uuidv7(), tenantId: principal.tenantId, label, position })),
      });
      return tx.lostReason.findMany({ where: { tenantId: principal.tenantId }, orderBy: { position: 'asc' } });
    });
  }
}
