import { commonV1, type identityV1 } from '@salesflow/contracts';
import type { CreateRoleBody, DataScopeName, RoleJson, UpdateRoleBody } from '../schemas/role.schemas';
import { invert } from './enum-names';

const SCOPE_TO_PROTO: Record<DataScopeName, commonV1.DataScope> = {
  self: commonV1.DataScope.DATA_SCOPE_SELF,
  department: commonV1.DataScope.DATA_SCOPE_DEPARTMENT,
  department_tree: commonV1.DataScope.DATA_SCOPE_DEPARTMENT_TREE,
  tenant: commonV1.DataScope.DATA_SCOPE_TENANT,
};

const SCOPE_FROM_PROTO = invert(SCOPE_TO_PROTO);

export function dataScopeToProto(scope: DataScopeName): commonV1.DataScope {
  return SCOPE_TO_PROTO[scope];
}

/** null for UNSPECIFIED and for values newer than this gateway. */
export function dataScopeFromProto(scope: commonV1.DataScope | string): DataScopeName | null {
  return SCOPE_FROM_PROTO.get(scope) ?? null;
}

export function roleToJson(role: identityV1.Role): RoleJson {
  return {
    id: role.id,
    code: role.code,
    name: role.name,
    permissions: role.permissions,
    dataScope: dataScopeFromProto(role.dataScope),
    builtIn: role.builtIn,
    version: Number(role.version),
  };
}

export function createRoleRequestFromJson(body: CreateRoleBody): identityV1.CreateRoleRequest {
  return {
    code: body.code,
    name: body.name,
    permissions: body.permissions,
    dataScope: dataScopeToProto(body.dataScope),
  };
}

export function updateRoleRequestFromJson(
  id: string,
  expectedVersion: string,
  body: UpdateRoleBody,
): identityV1.UpdateRoleRequest {
  return {
    id,
    expectedVersion,
    ...(body.name === undefined ? {} : { name: body.name }),
    ...(body.permissions === undefined ? {} : { permissions: { permissions: body.permissions } }),
    ...(body.dataScope === undefined ? {} : { dataScope: dataScopeToProto(body.dataScope) }),
  };
}
