import { identityV1 } from '@salesflow/contracts';
import { storedDepartment } from '../../testing/fake-identity';
import { EMPLOYEE_STATUSES, WORK_STATUSES } from '../schemas/employee.schemas';
import { DATA_SCOPES } from '../schemas/role.schemas';
import { departmentTree } from './department.mapper';
import {
  employeeStatusFromProto,
  employeeStatusToProto,
  workStatusFromProto,
  workStatusToProto,
} from './employee.mapper';
import { dataScopeFromProto, dataScopeToProto } from './role.mapper';

describe('identity mappers', () => {
  it('maps every API enum name to its proto value and back', () => {
    for (const s of EMPLOYEE_STATUSES) expect(employeeStatusFromProto(employeeStatusToProto(s))).toBe(s);
    for (const s of WORK_STATUSES) expect(workStatusFromProto(workStatusToProto(s))).toBe(s);
    for (const s of DATA_SCOPES) expect(dataScopeFromProto(dataScopeToProto(s))).toBe(s);
    expect(workStatusToProto('submitting_requirements')).toBe('WORK_STATUS_SUBMITTING_REQUIREMENTS');
    expect(dataScopeToProto('department_tree')).toBe('DATA_SCOPE_DEPARTMENT_TREE');
    expect(employeeStatusToProto(undefined)).toBe('EMPLOYEE_STATUS_UNSPECIFIED');
    expect(workStatusFromProto(identityV1.WorkStatus.WORK_STATUS_UNSPECIFIED)).toBeNull();
    expect(workStatusFromProto('WORK_STATUS_SKIING')).toBeNull();
  });

  it('nests children whatever order they come in, and keeps an orphan as a root', () => {
    const tree = departmentTree([
      storedDepartment({ id: 'c', parentId: 'b', path: '/a/b/c/' }),
      storedDepartment({ id: 'a', path: '/a/' }),
      storedDepartment({ id: 'x', parentId: 'gone', path: '/gone/x/' }),
      storedDepartment({ id: 'b', parentId: 'a', path: '/a/b/' }),
    ]);

    const shape = (nodes: typeof tree): unknown => nodes.map((n) => ({ id: n.id, children: shape(n.children) }));
    expect(shape(tree)).toEqual([
      { id: 'a', children: [{ id: 'b', children: [{ id: 'c', children: [] }] }] },
      { id: 'x', children: [] },
    ]);
  });
});
