import type { goalsV1 } from '@salesflow/contracts';
import type { Project, ProjectStatus } from '../../generated/prisma/client';
import { formatIsoDay } from '../shared/field-checks';
import { fromProto } from '../task/task.mapper';

const STATUS_PREFIX = 'PROJECT_STATUS_';

export function projectStatusToProto(status: ProjectStatus): goalsV1.ProjectStatus {
  return `${STATUS_PREFIX}${status}` as goalsV1.ProjectStatus;
}

export function projectStatusFromProto(status: goalsV1.ProjectStatus | undefined): string | undefined {
  return fromProto(status, STATUS_PREFIX);
}

export function projectToProto(project: Project): goalsV1.Project {
  return {
    id: project.id,
    tenantId: project.tenantId,
    name: project.name,
    description: project.description,
    targetId: project.targetId,
    ownerId: project.ownerId,
    memberIds: project.memberIds,
    status: projectStatusToProto(project.status),
    startDate: formatIsoDay(project.startDate),
    endDate: formatIsoDay(project.endDate),
    version: String(project.version),
    createdAt: project.createdAt,
    updatedAt: project.updatedAt,
  };
}
