import { buildAccessClaims, principalOf, unionPermissions, widestScope } from './access-claims';

const rep = {
  code: 'sales_rep',
  permissions: ['crm.lead.read', 'crm.lead.write', 'field.*'],
  dataScope: 'SELF' as const,
};
const manager = {
  code: 'sales_manager',
  permissions: ['crm.*', 'field.*', 'analytics.read'],
  dataScope: 'DEPARTMENT_TREE' as const,
};
const auditor = { code: 'auditor', permissions: ['analytics.read'], dataScope: 'DEPARTMENT' as const };

describe('widestScope', () => {
  it('picks the widest of several roles whatever their order', () => {
    expect(widestScope(['SELF', 'DEPARTMENT_TREE', 'DEPARTMENT'])).toBe('DEPARTMENT_TREE');
    expect(widestScope(['DEPARTMENT', 'TENANT', 'SELF'])).toBe('TENANT');
    expect(widestScope(['DEPARTMENT', 'SELF'])).toBe('DEPARTMENT');
  });

  it('grants only SELF to an employee without roles', () => {
    expect(widestScope([])).toBe('SELF');
  });
});

describe('unionPermissions', () => {
  it('unites the permissions of every role, each once, sorted', () => {
    expect(unionPermissions([rep, manager, auditor])).toEqual([
      'analytics.read',
      'crm.*',
      'crm.lead.read',
      'crm.lead.write',
      'field.*',
    ]);
  });

  it('is empty without roles', () => {
    expect(unionPermissions([])).toEqual([]);
  });
});

describe('buildAccessClaims', () => {
  const subject = {
    employeeId: 'e1',
    tenantId: 't1',
    departmentId: 'd7',
    departmentPath: '/d1/d7/',
    roles: [rep, auditor, manager],
  };

  it('names the employee, tenant and department and carries role codes, permissions and widest scope', () => {
    expect(buildAccessClaims(subject)).toEqual({
      sub: 'e1',
      tid: 't1',
      roles: ['auditor', 'sales_manager', 'sales_rep'],
      perms: ['analytics.read', 'crm.*', 'crm.lead.read', 'crm.lead.write', 'field.*'],
      scope: 'DEPARTMENT_TREE',
      dept: 'd7',
      dpath: '/d1/d7/',
    });
  });

  it('maps to the principal services receive, with the proto data scope name', () => {
    expect(principalOf(buildAccessClaims(subject))).toEqual({
      tenantId: 't1',
      employeeId: 'e1',
      roles: ['auditor', 'sales_manager', 'sales_rep'],
      permissions: ['analytics.read', 'crm.*', 'crm.lead.read', 'crm.lead.write', 'field.*'],
      dataScope: 'DATA_SCOPE_DEPARTMENT_TREE',
      departmentId: 'd7',
      departmentPath: '/d1/d7/',
    });
  });
});
