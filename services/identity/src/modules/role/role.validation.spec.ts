import { permissionProblems, roleCodeProblem } from './role.validation';

describe('role validation', () => {
  it('accepts codes of 2..40 lowercase letters, digits and underscores starting with a letter', () => {
    for (const ok of ['ab', 'key_account_manager', `a${'b'.repeat(39)}`]) expect(roleCodeProblem(ok)).toBeUndefined();
    for (const bad of ['a', '1ab', 'Admin', 'sales-rep', `a${'b'.repeat(40)}`])
      expect(roleCodeProblem(bad)).toBeDefined();
  });

  it('accepts *, service.*, service.resource.* and service.resource.action only', () => {
    expect(
      permissionProblems(['*', 'crm.*', 'crm.lead.*', 'crm.lead.read', 'field.plan.approve', 'crm.lead_pool.claim']),
    ).toEqual([]);
    expect(permissionProblems(['crm', 'crm.lead', 'CRM.lead.read', 'crm.*.read', 'crm.lead.read.x', ''])).toEqual([
      { field: 'permissions.0', message: '"crm" is not a permission' },
      { field: 'permissions.1', message: '"crm.lead" is not a permission' },
      { field: 'permissions.2', message: '"CRM.lead.read" is not a permission' },
      { field: 'permissions.3', message: '"crm.*.read" is not a permission' },
      { field: 'permissions.4', message: '"crm.lead.read.x" is not a permission' },
      { field: 'permissions.5', message: '"" is not a permission' },
    ]);
  });
});
