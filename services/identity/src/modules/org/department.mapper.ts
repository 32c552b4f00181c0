import type { identityV1 } from '@salesflow/contracts';
import type { Department } from '../../generated/prisma/client';

export function departmentToProto(department: Department): identityV1.Department {
  return {
    id: department.id,
    tenantId: department.tenantId,
    name: department.name,
    parentId: department.parentId ?? '',
    path: department.path,
    version: String(department.version),
    managerId: department.managerId ?? '',
    region: department.region,
    createdAt: department.createdAt,
  };
}
