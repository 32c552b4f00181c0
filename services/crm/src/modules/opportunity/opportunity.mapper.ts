import type { crmV1 } from '@salesflow/contracts';
import type { Opportunity, OpportunityStageChange, PipelineStage } from '../../generated/prisma/client';
import type { PipelineWithStages } from '../pipeline/pipeline.service';
import { money } from '../shared/money';
import { formatIsoDate } from '../shared/validation';

export function opportunityToProto(o: Opportunity): crmV1.Opportunity {
  return {
    id: o.id,
    tenantId: o.tenantId,
    name: o.name,
    customerId: o.customerId,
    amount: o.amountMinor === null ? undefined : money(o.amountMinor, o.currency),
    expectedCloseOn: o.expectedCloseOn ? formatIsoDate(o.expectedCloseOn) : '',
    probability: o.probability,
    productLine: o.productLine,
    ownerId: o.ownerId,
    sourceLeadId: o.sourceLeadId ?? '',
    pipelineId: o.pipelineId,
    stageId: o.stageId,
    status: `OPPORTUNITY_STATUS_${o.status}` as crmV1.OpportunityStatus,
    lostReason: o.lostReason,
    stageEnteredAt: o.stageEnteredAt,
    closedAt: o.closedAt ?? undefined,
    version: String(o.version),
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}

export function stageToProto(s: PipelineStage): crmV1.PipelineStage {
  return {
    id: s.id,
    key: s.key,
    name: s.name,
    position: s.position,
    kind: `STAGE_KIND_${s.kind}` as crmV1.StageKind,
    probability: s.probability,
    requiredFields: s.requiredFields,
  };
}

export function pipelineToProto(p: PipelineWithStages): crmV1.Pipeline {
  return {
    id: p.id,
    tenantId: p.tenantId,
    name: p.name,
    isDefault: p.isDefault,
    stages: p.stages.map(stageToProto),
    version: String(p.version),
    createdAt: p.createdAt,
  };
}

export function stageChangeToProto(c: OpportunityStageChange): crmV1.OpportunityStageChange {
  return {
    opportunityId: c.opportunityId,
    fromStageId: c.fromStageId ?? '',
    toStageId: c.toStageId,
    reason: c.reason,
    backwards: c.backwards,
    changedBy: c.changedBy ?? '',
    changedAt: c.changedAt,
  };
}
