import type { OutboxOptions } from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import type { IdentityDatabase } from '../database';
import type { DataScope } from '../generated/prisma/client';
import { findEmployeeByEmail } from '../modules/employee/employee.repository';
import { createEmployee } from '../modules/employee/employee.service';
import { assignDepartmentManager, createDepartment } from '../modules/org/department.service';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, DEMO_TENANT_CODE, DEMO_TENANT_NAME } from './demo-credentials';

export { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, DEMO_TENANT_CODE, DEMO_TENANT_NAME } from './demo-credentials';

interface RoleSeed {
  code: string;
  name: string;
  permissions: string[];
  dataScope: DataScope;
}

const SALES_LEAD_PERMISSIONS = ['crm.*', 'goals.*', 'field.*', 'analytics.read'];

export const DEMO_ROLES: readonly RoleSeed[] = [
  { code: 'admin', name: '系统管理员', permissions: ['*'], dataScope: 'TENANT' },
  { code: 'sales_director', name: '销售总监', permissions: SALES_LEAD_PERMISSIONS, dataScope: 'TENANT' },
  { code: 'sales_manager', name: '销售经理', permissions: SALES_LEAD_PERMISSIONS, dataScope: 'DEPARTMENT_TREE' },
  {
    code: 'sales_rep',
    name: '销售代表',
    permissions: [
      'crm.lead.read',
      'crm.lead.write',
      'crm.customer.read',
      'crm.customer.write',
      'goals.target.read',
      'field.*',
      'analytics.read',
    ],
    dataScope: 'SELF',
  },
];

interface PersonSeed {
  name: string;
  email: string;
  title: string;
  role: 'admin' | 'sales_director' | 'sales_manager' | 'sales_rep';
}

interface DepartmentSeed {
  name: string;
  region: string;
  /** The first person listed with this flag manages the department. */
  people: readonly (PersonSeed & { manages?: true })[];
  children: readonly DepartmentSeed[];
}

const mail = (local: string) => `${local}@demo.salesflow.local`;
const rep = (name: string, local: string): PersonSeed => ({
  name,
  email: mail(local),
  title: '销售代表',
  role: 'sales_rep',
});
const manager = (name: string, local: string, title: string) => ({
  name,
  email: mail(local),
  title,
  role: 'sales_manager' as const,
  manages: true as const,
});

/** 总部 -> 销售中心 -> 华东大区 (上海销售一部, 杭州销售部), 华南大区 (广州销售部, 深圳销售部). */
export const DEMO_ORG: DepartmentSeed = {
  name: '总部',
  region: '',
  people: [{ name: '周敏', email: DEMO_ADMIN_EMAIL, title: '系统管理员', role: 'admin' }],
  children: [
    {
      name: '销售中心',
      region: '',
      people: [
        { name: '王建国', email: mail('wang.jianguo'), title: '销售总监', role: 'sales_director', manages: true },
      ],
      children: [
        {
          name: '华东大区',
          region: '华东',
          people: [manager('陈志强', 'chen.zhiqiang', '华东大区经理')],
          children: [
            {
              name: '上海销售一部',
              region: '华东',
              people: [
                manager('李娜', 'li.na', '销售经理'),
                rep('张伟', 'zhang.wei'),
                rep('刘洋', 'liu.yang'),
                rep('赵敏', 'zhao.min'),
              ],
              children: [],
            },
            {
              name: '杭州销售部',
              region: '华东',
              people: [manager('孙浩', 'sun.hao', '销售经理'), rep('吴静', 'wu.jing'), rep('郑凯', 'zheng.kai')],
              children: [],
            },
          ],
        },
        {
          name: '华南大区',
          region: '华南',
          people: [manager('林晓峰', 'lin.xiaofeng', '华南大区经理')],
          children: [
            {
              name: '广州销售部',
              region: '华南',
              people: [
                manager('黄丽', 'huang.li', '销售经理'),
                rep('何俊', 'he.jun'),
                rep('梁婷', 'liang.ting'),
                rep('罗斌', 'luo.bin'),
              ],
              children: [],
            },
            {
              name: '深圳销售部',
              region: '华南',
              people: [manager('许磊', 'xu.lei', '销售经理'), rep('邓佳', 'deng.jia'), rep('谢雨', 'xie.yu')],
              children: [],
            },
          ],
        },
      ],
    },
  ],
};

export interface DemoSeedResult {
  tenantId: string;
  /** What this run created; all zero when the demo tenant was already complete. */
  created: { tenants: number; roles: number; departments: number; employees: number; managersAssigned: number };
}

/**
 * Creates the demo tenant, its roles, org tree and people, each only if missing: running it
 * again changes nothing and records no event twice. Every department and employee it creates
 * is announced through the outbox in the same transaction. One transaction under an advisory
 * lock, so two seeds started together cannot both create the same thing.
 */
export async function seedDemoTenant(db: IdentityDatabase, outbox: OutboxOptions): Promise<DemoSeedResult> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('salesflow_identity_seed_demo'))`;
      const created = { tenants: 0, roles: 0, departments: 0, employees: 0, managersAssigned: 0 };

      let tenant = await tx.tenant.findUnique({ where: { code: DEMO_TENANT_CODE }, select: { id: true } });
      if (!tenant) {
        tenant = await tx.tenant.create({
          data: { id: uuidv7(), code: DEMO_TENANT_CODE, name: DEMO_TENANT_NAME },
          select: { id: true },
        });
        created.tenants++;
      }
      const tenantId = tenant.id;

      for (const role of DEMO_ROLES) {
        const existing = await tx.role.findUnique({ where: { tenantId_code: { tenantId, code: role.code } } });
        if (existing) continue;
        await tx.role.create({ data: { id: uuidv7(), tenantId, ...role } });
        created.roles++;
      }

      const seedDepartment = async (seed: DepartmentSeed, parentId: string | undefined): Promise<void> => {
        let department = await tx.department.findFirst({
          where: { tenantId, parentId: parentId ?? null, name: seed.name },
          orderBy: { createdAt: 'asc' },
        });
        if (!department) {
          department = await createDepartment(
            tx,
            { tenantId, name: seed.name, region: seed.region, ...(parentId ? { parentId } : {}) },
            { outbox },
          );
          created.departments++;
        }
        for (const person of seed.people) {
          let employee = await findEmployeeByEmail(tx, tenantId, person.email);
          if (!employee) {
            employee = await createEmployee(
              tx,
              {
                tenantId,
                departmentId: department.id,
                name: person.name,
                email: person.email,
                password: DEMO_PASSWORD,
                title: person.title,
                roleCodes: [person.role],
              },
              { outbox },
            );
            created.employees++;
          }
          if ('manages' in person && person.manages && department.managerId !== employee.id) {
            department = await assignDepartmentManager(
              tx,
              { tenantId, departmentId: department.id, managerId: employee.id },
              { outbox },
            );
            created.managersAssigned++;
          }
        }
        for (const child of seed.children) await seedDepartment(child, department.id);
      };
      await seedDepartment(DEMO_ORG, undefined);

      return { tenantId, created };
    },
    // argon2 hashes every new employee's password inside the transaction.
    { timeout: 120_000, maxWait: 30_000 },
  );
}

function demoPeople(): PersonSeed[] {
  const people: PersonSeed[] = [];
  const walk = (seed: DepartmentSeed) => {
    people.push(...seed.people);
    for (const child of seed.children) walk(child);
  };
  walk(DEMO_ORG);
  return people;
}

/** Every email the demo org seeds, in org order. */
export function demoEmployeeEmails(): string[] {
  return demoPeople().map((p) => p.email);
}

/** The demo sales reps (role sales_rep, data scope SELF), e.g. to create records as them. */
export const DEMO_REP_EMAILS: readonly string[] = demoPeople()
  .filter((p) => p.role === 'sales_rep')
  .map((p) => p.email);
