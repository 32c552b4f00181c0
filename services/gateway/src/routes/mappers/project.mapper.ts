import { goalsV1 } from '@salesflow/contracts';
import type { ExpectedVersion } from '../../http/if-match';
import type { CreateProjectBody, ProjectJson, ProjectStatusName, UpdateProjectBody } from '../schemas/project.schemas';
import { invert } from './enum-names';

const STATUS_TO_PROTO: Record<ProjectStatusName, goalsV1.ProjectStatus> = {
  active: goalsV1.ProjectStatus.PROJECT_STATUS_ACTIVE,
  archived: goalsV1.ProjectStatus.PROJECT_STATUS_ARCHIVED,
};
const STATUS_FROM_PROTO = invert(STATUS_TO_PROTO);

export function projectStatusToProto(status: ProjectStatusName | undefined): goalsV1.ProjectStatus {
  return status ? STATUS_TO_PROTO[status] : goalsV1.ProjectStatus.PROJECT_STATUS_UNSPECIFIED;
}

export function createProjectRequestFromJson(body: CreateProjectBody): goalsV1.CreateProjectRequest {
  return {
    name: body.name,
    description: body.description ?? '',
    targetId: body.targetId ?? '',
    ownerId: body.ownerId ?? '',
    memberIds: body.memberIds ?? [],
    startDate: body.startDate ?? '',
    endDate: body.endDate ?? '',
  };
}

export function updateProjectRequestFromJson(
  id: string,
  expectedVersion: ExpectedVersion,
  body: UpdateProjectBody,
): goalsV1.UpdateProjectRequest {
  const day = (value: string | null | undefined) => (value === undefined ? undefined : (value ?? ''));
  return {
    id,
    expectedVersion,
    name: body.name,
    description: body.description,
    targetId: body.targetId,
    ownerId: body.ownerId,
    status: projectStatusToProto(body.status),
    startDate: day(body.startDate),
    endDate: day(body.endDate),
  };
}

export function projectToJson(project: goalsV1.Project): ProjectJson {
  return {
    id: project.id,
    name: project.name,
    description: project.description,
    targetId: project.targetId || null,
    ownerId: project.ownerId,
    memberIds: project.memberIds,
    status: STATUS_FROM_PROTO.get(project.status) ?? null,
    startDate: project.startDate || null,
    endDate: project.endDate || null,
    version: Number(project.version),
    createdAt: project.createdAt?.toISOString() ?? null,
    updatedAt: project.updatedAt?.toISOString() ?? null,
  };
}
