import { commonV1 } from '@salesflow/contracts';
import { ServiceError } from '../errors/service-error';
import { hasPermission, ownerFilterOf, requirePermission } from './access-control';

const base = commonV1.Principal.fromPartial({
  tenantId: 't1',
  employeeId: 'e1',
  departmentId: 'd7',
  departmentPath: '/d1/d7/',
});

describe('ownerFilterOf', () => {
  it('maps each data scope to whose records are visible', () => {
    expect(ownerFilterOf({ ...base, dataScope: 'DATA_SCOPE_TENANT' })).toEqual({ kind: 'tenant' });
    expect(ownerFilterOf({ ...base, dataScope: 'DATA_SCOPE_DEPARTMENT_TREE' })).toEqual({
      kind: 'subtree',
      departmentPath: '/d1/d7/',
    });
    expect(ownerFilterOf({ ...base, dataScope: 'DATA_SCOPE_DEPARTMENT' })).toEqual({
      kind: 'department',
      departmentId: 'd7',
    });
    expect(ownerFilterOf({ ...base, dataScope: 'DATA_SCOPE_SELF' })).toEqual({ kind: 'self', employeeId: 'e1' });
  });

  it('falls back to the narrowest scope when the scope is unknown', () => {
    expect(ownerFilterOf({ ...base, dataScope: 'DATA_SCOPE_UNSPECIFIED' })).toEqual({ kind: 'self', employeeId: 'e1' });
  });
});

describe('permissions', () => {
  it('grants exact, wildcard and area-wildcard permissions only', () => {
    expect(hasPermission({ ...base, permissions: ['crm.lead.read'] }, 'crm.lead.read')).toBe(true);
    expect(hasPermission({ ...base, permissions: ['crm.lead.read'] }, 'crm.lead.write')).toBe(false);
    expect(hasPermission({ ...base, permissions: ['crm.*'] }, 'crm.lead.write')).toBe(true);
    expect(hasPermission({ ...base, permissions: ['crm.*'] }, 'field.plan.approve')).toBe(false);
    expect(hasPermission({ ...base, permissions: ['*'] }, 'field.plan.approve')).toBe(true);
  });

  it('refuses with PERMISSION_DENIED', () => {
    expect(() => requirePermission({ ...base, permissions: [] }, 'crm.lead.write')).toThrow(ServiceError);
    try {
      requirePermission({ ...base, permissions: [] }, 'crm.lead.write');
    } catch (error) {
      expect((error as ServiceError).code).toBe('PERMISSION_DENIED');
    }
  });
});
