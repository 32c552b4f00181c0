import type { identityV1 } from '@salesflow/contracts';
import type {
  CreateDepartmentBody,
  DepartmentJson,
  DepartmentTreeNodeJson,
  UpdateDepartmentBody,
} from '../schemas/department.schemas';

export function departmentToJson(department: identityV1.Department): DepartmentJson {
  return {
    id: department.id,
    name: department.name,
    parentId: department.parentId || null,
    path: department.path,
    managerId: department.managerId || null,
    region: department.region || null,
    version: Number(department.version),
    createdAt: department.createdAt?.toISOString() ?? null,
  };
}

/**
 * Nests a flat list ordered by path (parents before children, as identity answers it). A
 * department whose parent is not in the list becomes a root rather than disappearing.
 */
export function departmentTree(departments: readonly identityV1.Department[]): DepartmentTreeNodeJson[] {
  const nodes = new Map<string, DepartmentTreeNodeJson>();
  const roots: DepartmentTreeNodeJson[] = [];
  const byPath = [...departments].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const department of byPath) {
    const node: DepartmentTreeNodeJson = { ...departmentToJson(department), children: [] };
    nodes.set(department.id, node);
    const parent = department.parentId ? nodes.get(department.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

export function createDepartmentRequestFromJson(body: CreateDepartmentBody): identityV1.CreateDepartmentRequest {
  return {
    name: body.name,
    parentId: body.parentId ?? '',
    managerId: body.managerId ?? '',
    region: body.region ?? '',
  };
}

/** null clears a field (an empty string for identity); a field left out stays unset. */
export function updateDepartmentRequestFromJson(
  id: string,
  expectedVersion: string,
  body: UpdateDepartmentBody,
): identityV1.UpdateDepartmentRequest {
  return {
    id,
    expectedVersion,
    ...(body.name === undefined ? {} : { name: body.name }),
    ...(body.managerId === undefined ? {} : { managerId: body.managerId ?? '' }),
    ...(body.region === undefined ? {} : { region: body.region ?? '' }),
  };
}
