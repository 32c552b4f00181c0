import { crmV1 } from '@salesflow/contracts';
import type { ExpectedVersion } from '../../http/if-match';
import type {
  CreateLeadPoolBody,
  LeadPoolJson,
  PoolAssignmentName,
  UpdateLeadPoolBody,
} from '../schemas/lead-pool.schemas';
import { invert } from './enum-names';

const ASSIGNMENT_TO_PROTO: Record<PoolAssignmentName, crmV1.PoolAssignment> = {
  manual: crmV1.PoolAssignment.POOL_ASSIGNMENT_MANUAL,
  round_robin: crmV1.PoolAssignment.POOL_ASSIGNMENT_ROUND_ROBIN,
  by_region: crmV1.PoolAssignment.POOL_ASSIGNMENT_BY_REGION,
};
const ASSIGNMENT_FROM_PROTO = invert(ASSIGNMENT_TO_PROTO);

function assignmentToProto(assignment: PoolAssignmentName | undefined): crmV1.PoolAssignment {
  return assignment ? ASSIGNMENT_TO_PROTO[assignment] : crmV1.PoolAssignment.POOL_ASSIGNMENT_UNSPECIFIED;
}

export function createLeadPoolRequestFromJson(body: CreateLeadPoolBody): crmV1.CreateLeadPoolRequest {
  return {
    name: body.name,
    public: body.public ?? false,
    assignment: assignmentToProto(body.assignment),
    memberIds: body.memberIds ?? [],
    regionAssignees: body.regionAssignees ?? {},
    claimLimit: body.claimLimit ?? 0,
    recycleAfterDays: body.recycleAfterDays ?? 0,
  };
}

export function updateLeadPoolRequestFromJson(
  id: string,
  expectedVersion: ExpectedVersion,
  body: UpdateLeadPoolBody,
): crmV1.UpdateLeadPoolRequest {
  return {
    id,
    expectedVersion,
    name: body.name,
    public: body.public,
    assignment: assignmentToProto(body.assignment),
    memberIds: body.memberIds ? { values: body.memberIds } : undefined,
    regionAssignees: body.regionAssignees ?? {},
    updateRegionAssignees: body.regionAssignees !== undefined,
    claimLimit: body.claimLimit,
    recycleAfterDays: body.recycleAfterDays,
  };
}

export function leadPoolToJson(pool: crmV1.LeadPool): LeadPoolJson {
  return {
    id: pool.id,
    name: pool.name,
    public: pool.public,
    assignment: ASSIGNMENT_FROM_PROTO.get(pool.assignment) ?? null,
    memberIds: pool.memberIds,
    regionAssignees: pool.regionAssignees,
    claimLimit: pool.claimLimit,
    recycleAfterDays: pool.recycleAfterDays,
    version: Number(pool.version),
    createdAt: pool.createdAt?.toISOString() ?? null,
  };
}
