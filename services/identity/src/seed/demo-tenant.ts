import type { OutboxOptions } from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import type { IdentityDatabase, IdentityTransaction } from '../database';
import type { WorkStatus } from '../generated/prisma/client';
import { recordChange } from '../modules/audit/change-log';
import { workStatusToProto } from '../modules/employee/employee.mapper';
import { findEmployeeByEmail } from '../modules/employee/employee.repository';
import { createEmployee, EmployeeService } from '../modules/employee/employee.service';
import { assignDepartmentManager, createDepartment } from '../modules/org/department.service';
import { ensureBuiltInRoles } from '../modules/role/built-in-role-sync';
import { BUILT_IN_ROLES } from '../modules/role/built-in-roles';
import { DEFAULT_TENANT_SETTINGS } from '../modules/tenant/tenant-settings';
import { buildAccessClaims, principalOf } from '../modules/token/access-claims';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, DEMO_TENANT_CODE, DEMO_TENANT_NAME } from './demo-credentials';

export { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, DEMO_TENANT_CODE, DEMO_TENANT_NAME } from './demo-credentials';

/** The demo tenant's roles: the built-in six. */
export const DEMO_ROLES = BUILT_IN_ROLES;

interface PersonSeed {
  name: string;
  email: string;
  title: string;
  role: 'admin' | 'sales_director' | 'sales_manager' | 'sales_rep';
  /** Mainland mobile number; unique in the demo. */
  phone: string;
}

interface DepartmentSeed {
  name: string;
  region: string;
  /** The first person listed with this flag manages the department. */
  people: readonly (PersonSeed & { manages?: true })[];
  children: readonly DepartmentSeed[];
}

const mail = (local: string) => `${local}@demo.salesflow.local`;
let phoneSerial = 0;
const nextPhone = () => `+86138000000${String(++phoneSerial).padStart(2, '0')}`;
const rep = (name: string, local: string): PersonSeed => ({
  name,
  email: mail(local),
  title: '销售代表',
  role: 'sales_rep',
  phone: nextPhone(),
});
const manager = (name: string, local: string, title: string) => ({
  name,
  email: mail(local),
  title,
  role: 'sales_manager' as const,
  manages: true as const,
  phone: nextPhone(),
});

/** 总部 -> 销售中心 -> 华东大区 (上海销售一部, 杭州销售部), 华南大区 (广州销售部, 深圳销售部). */
export const DEMO_ORG: DepartmentSeed = {
  name: '总部',
  region: '',
  people: [
    { name: '周敏', email: DEMO_ADMIN_EMAIL, title: '系统管理员', role: 'admin', manages: true, phone: nextPhone() },
  ],
  children: [
    {
      name: '销售中心',
      region: '',
      people: [
        {
          name: '王建国',
          email: mail('wang.jianguo'),
          title: '销售总监',
          role: 'sales_director',
          manages: true,
          phone: nextPhone(),
        },
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
  created: {
    tenants: number;
    roles: number;
    departments: number;
    employees: number;
    managersAssigned: number;
    /** Work status changes and transfers, applied once so the demo has an operation log. */
    historyEntries: number;
  };
}

/** Work statuses the demo people are in (each recorded in the work status history). */
const DEMO_WORK_STATUSES: readonly { email: string; status: WorkStatus; note: string }[] = [
  { email: mail('zhang.wei'), status: 'VISITING_CLIENT', note: '拜访张江科技园客户' },
  { email: mail('liu.yang'), status: 'BUSINESS_TRIP', note: '苏州出差三天' },
  { email: mail('wu.jing'), status: 'TRAINING', note: '新产品培训' },
  { email: mail('he.jun'), status: 'HANDLING_COMPLAINT', note: '处理客户投诉' },
  { email: mail('deng.jia'), status: 'ON_LEAVE', note: '年假' },
];

/** Transfers the demo history shows: a promotion in place and a move between two departments. */
const DEMO_TRANSFERS: readonly {
  email: string;
  toDepartment: string;
  title: string;
  managerEmail: string;
  effectiveDate: string;
  reason: string;
}[] = [
  {
    email: mail('zheng.kai'),
    toDepartment: '杭州销售部',
    title: '高级销售代表',
    managerEmail: mail('sun.hao'),
    effectiveDate: '2026-01-01',
    reason: '年度晋升',
  },
  {
    email: mail('liang.ting'),
    toDepartment: '深圳销售部',
    title: '销售代表',
    managerEmail: mail('xu.lei'),
    effectiveDate: '2026-03-01',
    reason: '深圳业务扩张',
  },
];

/**
 * Creates the demo tenant (with settings), its six built-in roles, org tree and people, each only
 * if missing, then (once) a few work status changes and transfers so the operation log has
 * content. Running it again changes nothing and records no event twice. Every change is
 * announced through the outbox in the same transaction. One transaction under an advisory lock,
 * so two seeds started together cannot both create the same thing.
 */
export async function seedDemoTenant(db: IdentityDatabase, outbox: OutboxOptions): Promise<DemoSeedResult> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('salesflow_identity_seed_demo'))`;
      const created = { tenants: 0, roles: 0, departments: 0, employees: 0, managersAssigned: 0, historyEntries: 0 };

      let tenant = await tx.tenant.findUnique({ where: { code: DEMO_TENANT_CODE }, select: { id: true } });
      if (!tenant) {
        tenant = await tx.tenant.create({
          data: { id: uuidv7(), code: DEMO_TENANT_CODE, name: DEMO_TENANT_NAME, ...DEFAULT_TENANT_SETTINGS },
          select: { id: true },
        });
        await recordChange(tx, {
          tenantId: tenant.id,
          entityType: 'tenant',
          entityId: tenant.id,
          action: 'created',
          before: {},
          after: { name: DEMO_TENANT_NAME, ...DEFAULT_TENANT_SETTINGS },
        });
        created.tenants++;
      }
      const tenantId = tenant.id;
      created.roles = (await ensureBuiltInRoles(tx, tenantId)).created;

      const seedDepartment = async (
        seed: DepartmentSeed,
        parentId: string | undefined,
        parentManagerId: string | undefined,
      ): Promise<void> => {
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
          const managerId = person.manages ? parentManagerId : (department.managerId ?? parentManagerId);
          if (!employee) {
            employee = await createEmployee(
              tx,
              {
                tenantId,
                departmentId: department.id,
                name: person.name,
                email: person.email,
                phone: person.phone,
                password: DEMO_PASSWORD,
                title: person.title,
                ...(managerId ? { managerId } : {}),
                roleCodes: [person.role],
              },
              { outbox },
            );
            created.employees++;
          }
          if (person.manages && department.managerId !== employee.id) {
            department = await assignDepartmentManager(
              tx,
              { tenantId, departmentId: department.id, managerId: employee.id },
              { outbox },
            );
            created.managersAssigned++;
          }
        }
        for (const child of seed.children) {
          await seedDepartment(child, department.id, department.managerId ?? parentManagerId);
        }
      };
      await seedDepartment(DEMO_ORG, undefined, undefined);
      created.historyEntries = await seedHistory(tx, tenantId, outbox);
      return { tenantId, created };
    },
    // argon2 hashes every new employee's password inside the transaction.
    { timeout: 120_000, maxWait: 30_000 },
  );
}

/** Applies the demo's work status changes and transfers once (never when any exist). */
async function seedHistory(tx: IdentityTransaction, tenantId: string, outbox: OutboxOptions): Promise<number> {
  const existing =
    (await tx.transfer.count({ where: { tenantId } })) + (await tx.workStatusChange.count({ where: { tenantId } }));
  if (existing > 0) return 0;
  const admin = await findEmployeeByEmail(tx, tenantId, DEMO_ADMIN_EMAIL);
  if (!admin) return 0;
  const principal = principalOf(
    buildAccessClaims({
      employeeId: admin.id,
      tenantId,
      departmentId: admin.departmentId,
      departmentPath: admin.department.path,
      roles: admin.roles.map((r) => r.role),
    }),
  );
  const employees = new EmployeeService(tx, outbox);
  const idOf = async (email: string) => (await findEmployeeByEmail(tx, tenantId, email))?.id ?? '';
  let entries = 0;
  for (const change of DEMO_WORK_STATUSES) {
    await employees.setWorkStatus(principal, {
      id: await idOf(change.email),
      workStatus: workStatusToProto(change.status),
      note: change.note,
    });
    entries++;
  }
  for (const transfer of DEMO_TRANSFERS) {
    const department = await tx.department.findFirstOrThrow({ where: { tenantId, name: transfer.toDepartment } });
    await employees.transfer(principal, {
      id: await idOf(transfer.email),
      departmentId: department.id,
      title: transfer.title,
      managerId: await idOf(transfer.managerEmail),
      effectiveDate: transfer.effectiveDate,
      reason: transfer.reason,
    });
    entries++;
  }
  return entries;
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
