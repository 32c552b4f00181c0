// identity against a real PostgreSQL (127.0.0.1:5432 unless TEST_DATABASE_ADMIN_URL names another
// server): a fresh migrated database, the demo seed, and the gRPC service on an ephemeral port.
// Kafka is not needed: events are checked in the outbox.
import { join } from 'node:path';
import { type commonV1, identityV1 } from '@salesflow/contracts';
import {
  createLogger,
  createServiceClient,
  decodeEnvelope,
  type GrpcServerHandle,
  type PromiseClient,
  ServiceError,
  startGrpcServer,
} from '@salesflow/platform';
import { createTestDatabase, type TestDatabase } from '@salesflow/platform/testing';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { createIdentityDatabase, type IdentityDatabase } from '../src/database';
import { identityServiceBinding } from '../src/grpc/identity.handlers';
import { createIdentityModules, IDENTITY_OUTBOX } from '../src/modules';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../src/modules/token/access-claims';
import { SigningKeyRepository } from '../src/modules/token/signing-key.repository';
import { TokenService } from '../src/modules/token/token.service';
import {
  DEMO_ADMIN_EMAIL,
  DEMO_PASSWORD,
  DEMO_ROLES,
  DEMO_TENANT_CODE,
  type DemoSeedResult,
  demoEmployeeEmails,
  seedDemoTenant,
} from '../src/seed/demo-tenant';

const log = createLogger('identity-test', 'silent');
const mail = (local: string) => `${local}@demo.salesflow.local`;

const REP_PERMISSIONS = [
  'analytics.read',
  'crm.activity.*',
  'crm.contact.*',
  'crm.contract.*',
  'crm.customer.*',
  'crm.lead.*',
  'crm.opportunity.*',
  'crm.payment.*',
  'crm.product.read',
  'crm.ticket.*',
  'field.attendance.read',
  'field.attendance.write',
  'field.checkin.*',
  'field.expense.read',
  'field.expense.write',
  'field.plan.read',
  'field.plan.write',
  'field.report.read',
  'field.report.write',
  'field.visit.read',
  'goals.project.*',
  'goals.target.read',
  'goals.task.*',
  'identity.department.read',
  'identity.employee.read',
  'notifications.read',
];

let database: TestDatabase;
let db: IdentityDatabase;
let tokens: TokenService;
let grpc: GrpcServerHandle;
let client: PromiseClient<typeof identityV1.IdentityServiceService> & { close(): void };
let firstSeed: DemoSeedResult;
let secondSeed: DemoSeedResult;

beforeAll(async () => {
  database = await createTestDatabase('identity', join(__dirname, '..', 'prisma', 'migrations'));
  db = createIdentityDatabase(database.url);
  firstSeed = await seedDemoTenant(db, IDENTITY_OUTBOX);
  secondSeed = await seedDemoTenant(db, IDENTITY_OUTBOX);
  tokens = await TokenService.start(new SigningKeyRepository(db), { ttlSeconds: 900 });
  grpc = await startGrpcServer({
    serviceName: 'identity',
    port: 0,
    bindings: [identityServiceBinding(createIdentityModules(db, tokens, { refreshTokenTtlSeconds: 3600 }))],
    log,
  });
  grpc.setServing(true);
  client = createServiceClient(identityV1.IdentityServiceService, `127.0.0.1:${grpc.port}`);
});

afterAll(async () => {
  client?.close();
  await grpc?.drain();
  await db?.$disconnect();
  await database?.drop();
});

async function outboxCounts(tenantId: string): Promise<Record<string, number>> {
  const rows = await db.$queryRaw<{ event_type: string; n: number }[]>`
    SELECT event_type, count(*)::int AS n FROM salesflow_outbox
    WHERE message_key LIKE ${`${tenantId}:%`} GROUP BY event_type`;
  return Object.fromEntries(rows.map((r) => [r.event_type, r.n]));
}

async function outboxTotal(): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM salesflow_outbox`;
  return row?.n ?? 0;
}

/** Events of one type for one aggregate, oldest first, decoded. */
async function eventsOf(type: string, aggregateId?: string) {
  const rows = await db.$queryRaw<{ value: Buffer; message_key: string }[]>`
    SELECT value, message_key FROM salesflow_outbox WHERE event_type = ${type} ORDER BY id`;
  return rows
    .filter((r) => !aggregateId || r.message_key.endsWith(`:${aggregateId}`))
    .map((r) => decodeEnvelope(r.value));
}

async function refusal(call: Promise<unknown>): Promise<ServiceError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error('the call succeeded');
}

type As = { principal: commonV1.Principal };

async function login(email: string, password = DEMO_PASSWORD, tenantCode = DEMO_TENANT_CODE) {
  return client.login({ tenantCode, email, password, phone: '' });
}

async function as(email: string, password = DEMO_PASSWORD, tenantCode = DEMO_TENANT_CODE): Promise<As> {
  const response = await login(email, password, tenantCode);
  if (!response.principal) throw new Error('no principal');
  return { principal: response.principal };
}

async function idOf(email: string, tenantCode = DEMO_TENANT_CODE): Promise<string> {
  return (await db.employee.findFirstOrThrow({ where: { email, tenant: { code: tenantCode } } })).id;
}

async function verified(accessToken: string) {
  const { jwksJson } = await client.getJwks({});
  return jwtVerify(accessToken, createLocalJWKSet(JSON.parse(jwksJson)), {
    issuer: TOKEN_ISSUER,
    audience: TOKEN_AUDIENCE,
    algorithms: ['ES256'],
  });
}

/** A fresh tenant through CreateTenant (the platform operation), with its admin's principal. */
async function newTenant(code: string) {
  const response = await client.createTenant({
    code,
    name: `${code} 有限公司`,
    adminName: '管理员',
    adminEmail: `admin@${code}.test`,
    adminPassword: 'Admin1234',
    rootDepartmentName: '',
  });
  const admin = await as(`admin@${code}.test`, 'Admin1234', code);
  return { tenant: response.tenant as identityV1.Tenant, adminId: response.admin?.id ?? '', admin };
}

describe('demo seed', () => {
  const people = demoEmployeeEmails().length;

  it('creates the tenant with settings, six built-in roles, the org and a history once; the second run creates nothing', async () => {
    expect(firstSeed.created).toEqual({
      tenants: 1,
      roles: 6,
      departments: 8,
      employees: people,
      managersAssigned: 8,
      historyEntries: 7,
    });
    expect(secondSeed).toEqual({
      tenantId: firstSeed.tenantId,
      created: { tenants: 0, roles: 0, departments: 0, employees: 0, managersAssigned: 0, historyEntries: 0 },
    });
    expect(await db.tenant.findUniqueOrThrow({ where: { id: firstSeed.tenantId } })).toMatchObject({
      timeZone: 'Asia/Shanghai',
      currency: 'CNY',
      weekStart: 1,
      defaultGeofenceRadiusMeters: 200,
      leadRecycleDays: 30,
    });
    expect((await db.role.findMany({ orderBy: { code: 'asc' } })).map((r) => r.code)).toEqual(
      DEMO_ROLES.map((r) => r.code).sort(),
    );
    expect(await db.employee.count()).toBe(people);
  });

  it('records each event once, with department manager changes as identity.department.renamed', async () => {
    expect(await outboxCounts(firstSeed.tenantId)).toEqual({
      'identity.employee.created': people,
      'identity.department.created': 8,
      'identity.department.renamed': 8,
      'identity.employee.status_changed': 5,
      'identity.employee.transferred': 2,
    });
    const zhangId = await idOf(mail('zhang.wei'));
    const [created] = await eventsOf('identity.employee.created', zhangId);
    expect(created).toMatchObject({ type: 'identity.employee.created', aggregateVersion: 1 });
    expect((created?.payload as identityV1.EmployeeChanged | undefined)?.employee).toMatchObject({
      id: zhangId,
      roles: ['sales_rep'],
      status: 'EMPLOYEE_STATUS_ACTIVE',
      workStatus: 'WORK_STATUS_IN_OFFICE',
      dataScope: 'DATA_SCOPE_SELF',
    });
  });

  it('builds the tree with materialized paths and the reporting lines', async () => {
    const byName = new Map((await db.department.findMany()).map((d) => [d.name, d]));
    const path = (...names: string[]) => `/${names.map((n) => byName.get(n)?.id).join('/')}/`;
    expect(byName.get('上海销售一部')?.path).toBe(path('总部', '销售中心', '华东大区', '上海销售一部'));
    const liNa = await idOf(mail('li.na'));
    expect(byName.get('上海销售一部')?.managerId).toBe(liNa);
    const zhang = await db.employee.findFirstOrThrow({ where: { email: mail('zhang.wei') } });
    expect(zhang).toMatchObject({
      managerId: liNa,
      workStatus: 'VISITING_CLIENT',
      phone: expect.stringMatching(/^\+86/),
    });
    for (const employee of await db.employee.findMany()) expect(employee.passwordHash).toMatch(/^\$argon2id\$/);
  });
});

describe('Login, JWKS and GetMe', () => {
  it('issues a token that verifies with the JWKS and carries the claims of a rep', async () => {
    const zhang = await db.employee.findFirstOrThrow({
      where: { email: mail('zhang.wei') },
      include: { department: true },
    });
    const response = await client.login({
      tenantCode: ' DEMO ',
      email: ' Zhang.Wei@Demo.Salesflow.Local ',
      password: DEMO_PASSWORD,
      phone: '',
    });
    expect(response).toMatchObject({ tokenType: 'Bearer', expiresInSeconds: 900, refreshExpiresInSeconds: 3600 });
    expect(response.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const { payload, protectedHeader } = await verified(response.accessToken);
    expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: tokens.kid });
    expect(payload).toMatchObject({
      iss: 'salesflow-identity',
      aud: 'salesflow-api',
      sub: zhang.id,
      tid: firstSeed.tenantId,
      roles: ['sales_rep'],
      perms: REP_PERMISSIONS,
      scope: 'SELF',
      dept: zhang.departmentId,
      dpath: zhang.department.path,
    });
    expect(response.principal).toEqual({
      tenantId: firstSeed.tenantId,
      employeeId: zhang.id,
      roles: ['sales_rep'],
      permissions: REP_PERMISSIONS,
      dataScope: 'DATA_SCOPE_SELF',
      departmentId: zhang.departmentId,
      departmentPath: zhang.department.path,
    });
  });

  it('logs in by phone, in any notation', async () => {
    const zhang = await db.employee.findFirstOrThrow({ where: { email: mail('zhang.wei') } });
    const spaced = `${zhang.phone?.slice(0, 3)} ${zhang.phone?.slice(3, 6)}-${zhang.phone?.slice(6)}`;
    const response = await client.login({ tenantCode: 'demo', email: '', phone: spaced, password: DEMO_PASSWORD });
    expect(response.employee?.id).toBe(zhang.id);
  });

  it('answers a wrong password, unknown tenant, unknown login and departed employee alike', async () => {
    const departed = await db.employee.findFirstOrThrow({ where: { email: mail('xie.yu') } });
    await db.employee.update({ where: { id: departed.id }, data: { status: 'DEPARTED' } });
    try {
      const attempts = [
        { tenantCode: 'demo', email: mail('luo.bin'), password: 'Salesflow!2025', phone: '' },
        { tenantCode: 'nosuchtenant', email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD, phone: '' },
        { tenantCode: 'demo', email: mail('nobody'), password: DEMO_PASSWORD, phone: '' },
        { tenantCode: 'demo', email: departed.email, password: DEMO_PASSWORD, phone: '' },
      ];
      for (const attempt of attempts) {
        const error = await refusal(client.login(attempt));
        expect(error).toMatchObject({ code: 'UNAUTHENTICATED', message: 'invalid credentials' });
        expect(error.details.reason).toBe('INVALID_CREDENTIALS');
      }
    } finally {
      await db.employee.update({
        where: { id: departed.id },
        data: { status: 'ACTIVE', failedLoginCount: 0, lockedUntil: null },
      });
      await db.employee.updateMany({ where: { email: mail('luo.bin') }, data: { failedLoginCount: 0 } });
    }
  });

  it('rejects empty fields as INVALID_ARGUMENT naming each field', async () => {
    const error = await refusal(client.login({ tenantCode: '', email: '', password: '', phone: '' }));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.details.fieldErrors?.map((f) => f.field)).toEqual(['tenantCode', 'email', 'password']);
  });

  it('GetMe returns the caller with tenant settings and department', async () => {
    const me = await client.getMe({}, await as(mail('li.na')));
    expect(me.employee?.email).toBe(mail('li.na'));
    expect(me.principal?.dataScope).toBe('DATA_SCOPE_DEPARTMENT_TREE');
    expect(me.tenant?.settings).toMatchObject({
      timeZone: 'Asia/Shanghai',
      currency: 'CNY',
      leaderboardVisibleToAll: true,
    });
    expect(me.department?.name).toBe('上海销售一部');
    expect((await refusal(client.getMe({}))).code).toBe('UNAUTHENTICATED');
  });
});

describe('refresh tokens', () => {
  it('rotates, and a reused token revokes the whole family', async () => {
    const first = await login(mail('zhao.min'));
    const second = await client.refreshToken({ refreshToken: first.refreshToken });
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await verified(second.accessToken)).payload.sub).toBe(first.employee?.id);
    const third = await client.refreshToken({ refreshToken: second.refreshToken });

    const reuse = await refusal(client.refreshToken({ refreshToken: first.refreshToken }));
    expect(reuse).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(reuse.details.reason).toBe('REFRESH_TOKEN_REUSED');
    // The newest token of the family is dead too.
    expect((await refusal(client.refreshToken({ refreshToken: third.refreshToken }))).details.reason).toBe(
      'INVALID_REFRESH_TOKEN',
    );
    const family = await db.refreshToken.findMany({ where: { employeeId: first.employee?.id } });
    expect(family).toHaveLength(3);
    expect(new Set(family.map((t) => t.familyId)).size).toBe(1);
    expect(family.every((t) => t.revokedAt)).toBe(true);
    expect(family.every((t) => !t.tokenHash.includes(first.refreshToken))).toBe(true);
  });

  it('logout revokes the family and is idempotent; garbage is refused', async () => {
    const session = await login(mail('zhao.min'));
    await client.logout({ refreshToken: session.refreshToken });
    await client.logout({ refreshToken: session.refreshToken });
    await client.logout({ refreshToken: 'never-issued' });
    expect((await refusal(client.refreshToken({ refreshToken: session.refreshToken }))).code).toBe('UNAUTHENTICATED');
    expect((await refusal(client.refreshToken({ refreshToken: 'x' }))).details.reason).toBe('INVALID_REFRESH_TOKEN');
  });
});

describe('tenants', () => {
  it('CreateTenant makes the tenant, six built-in roles, a root department and the admin, with events', async () => {
    const { tenant, adminId, admin } = await newTenant('gamma');
    expect(tenant.settings).toEqual({
      timeZone: 'Asia/Shanghai',
      currency: 'CNY',
      weekStart: 1,
      fiscalYearStartMonth: 1,
      leaderboardVisibleToAll: true,
      defaultGeofenceRadiusMeters: 200,
      leadRecycleDays: 30,
    });
    expect((await client.listRoles({}, admin)).roles.map((r) => [r.code, r.builtIn, r.dataScope])).toEqual([
      ['admin', true, 'DATA_SCOPE_TENANT'],
      ['finance', true, 'DATA_SCOPE_TENANT'],
      ['sales_director', true, 'DATA_SCOPE_TENANT'],
      ['sales_manager', true, 'DATA_SCOPE_DEPARTMENT_TREE'],
      ['sales_rep', true, 'DATA_SCOPE_SELF'],
      ['viewer', true, 'DATA_SCOPE_TENANT'],
    ]);
    const { departments } = await client.listDepartments({}, admin);
    expect(departments).toHaveLength(1);
    expect(departments[0]).toMatchObject({ name: 'gamma 有限公司', parentId: '' });
    expect(admin.principal).toMatchObject({ employeeId: adminId, roles: ['admin'], permissions: ['*'] });
    expect(await outboxCounts(tenant.id)).toEqual({ 'identity.department.created': 1, 'identity.employee.created': 1 });
  });

  it('CreateTenant refuses bad settings naming each field and writes nothing; a taken code is ALREADY_EXISTS', async () => {
    const before = { tenants: await db.tenant.count(), events: await outboxTotal() };
    const error = await refusal(
      client.createTenant({
        code: 'delta',
        name: 'Delta',
        settings: {
          timeZone: 'Mars/Olympus',
          currency: 'RMB',
          weekStart: 8,
          fiscalYearStartMonth: 13,
          leaderboardVisibleToAll: true,
          defaultGeofenceRadiusMeters: 5,
          leadRecycleDays: 400,
        },
        adminName: 'A',
        adminEmail: 'a@delta.test',
        adminPassword: 'password',
        rootDepartmentName: '',
      }),
    );
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.details.fieldErrors?.map((f) => f.field).sort()).toEqual([
      'adminPassword',
      'settings.currency',
      'settings.defaultGeofenceRadiusMeters',
      'settings.fiscalYearStartMonth',
      'settings.leadRecycleDays',
      'settings.timeZone',
      'settings.weekStart',
    ]);
    expect({ tenants: await db.tenant.count(), events: await outboxTotal() }).toEqual(before);
    const taken = await refusal(
      client.createTenant({
        code: 'DEMO',
        name: 'x',
        adminName: 'x',
        adminEmail: 'x@x.test',
        adminPassword: 'Admin1234',
        rootDepartmentName: '',
      }),
    );
    expect(taken.code).toBe('ALREADY_EXISTS');
    expect(taken.details.fieldErrors).toEqual([{ field: 'code', message: 'is already taken' }]);
  });

  it('UpdateTenant patches only the given fields, checks the version and the permission', async () => {
    const { admin } = await newTenant('epsilon');
    const { tenant } = await client.getTenant({}, admin);
    const updated = await client.updateTenant(
      { expectedVersion: tenant?.version ?? '', settings: { currency: 'usd', weekStart: 7 } },
      admin,
    );
    expect(updated.tenant).toMatchObject({ version: '2', name: 'epsilon 有限公司' });
    expect(updated.tenant?.settings).toMatchObject({ currency: 'USD', weekStart: 7, timeZone: 'Asia/Shanghai' });

    const stale = await refusal(client.updateTenant({ expectedVersion: '1', name: 'Other' }, admin));
    expect(stale.code).toBe('CONFLICT');
    expect(stale.details.reason).toBe('VERSION_MISMATCH');
    const bad = await refusal(client.updateTenant({ expectedVersion: '0', settings: { leadRecycleDays: 0 } }, admin));
    expect(bad.details.fieldErrors).toEqual([{ field: 'settings.leadRecycleDays', message: 'is less than 1' }]);
    expect((await client.getTenant({}, admin)).tenant).toMatchObject({ version: '2', name: 'epsilon 有限公司' });
    const rep = await as(mail('zhang.wei'));
    expect((await refusal(client.updateTenant({ expectedVersion: '0', name: 'x' }, rep))).code).toBe(
      'PERMISSION_DENIED',
    );
  });
});

describe('tenant isolation', () => {
  it("answers NOT_FOUND for another tenant's employee on get, update, transfer and depart", async () => {
    const { adminId: otherAdmin, admin: otherAs } = await newTenant('zeta');
    const otherDepartment = (await client.listDepartments({}, otherAs)).departments[0]?.id ?? '';
    const demoAdmin = await as(DEMO_ADMIN_EMAIL);
    const demoRep = await idOf(mail('luo.bin'));
    const calls = [
      client.getEmployee({ id: otherAdmin }, demoAdmin),
      client.updateEmployee({ id: otherAdmin, expectedVersion: '0', name: 'hijack' }, demoAdmin),
      client.transferEmployee(
        { id: otherAdmin, departmentId: otherDepartment, effectiveDate: '', reason: '' },
        demoAdmin,
      ),
      client.departEmployee({ id: otherAdmin, successorId: demoRep, departedOn: '', reason: '' }, demoAdmin),
      client.getEmployeeHistory({ id: otherAdmin }, demoAdmin),
      client.getEmployee({ id: demoRep }, otherAs),
    ];
    for (const call of calls) expect((await refusal(call)).code).toBe('NOT_FOUND');
    const listed = await client.listEmployees(
      { departmentId: '', status: 'EMPLOYEE_STATUS_UNSPECIFIED', roleCode: '', query: '' },
      demoAdmin,
    );
    expect(listed.employees.some((e) => e.id === otherAdmin)).toBe(false);
    expect(await db.employee.findUniqueOrThrow({ where: { id: otherAdmin } })).toMatchObject({
      name: '管理员',
      version: 1,
    });
  });
});

describe('data scopes on the demo org', () => {
  const listAll = async (who: As, filter: Partial<identityV1.ListEmployeesRequest> = {}) => {
    const emails: string[] = [];
    let cursor = '';
    do {
      const page = await client.listEmployees(
        {
          departmentId: '',
          status: 'EMPLOYEE_STATUS_UNSPECIFIED',
          roleCode: '',
          query: '',
          ...filter,
          page: { limit: 4, cursor },
        },
        who,
      );
      emails.push(...page.employees.map((e) => e.email));
      cursor = page.page?.nextCursor ?? '';
    } while (cursor);
    return emails.sort();
  };
  const sorted = (...locals: string[]) => locals.map(mail).sort();

  it('SELF sees only themself', async () => {
    const rep = await as(mail('zhang.wei'));
    expect(await listAll(rep)).toEqual(sorted('zhang.wei'));
    expect((await client.getEmployee({ id: await idOf(mail('zhang.wei')) }, rep)).employee?.name).toBe('张伟');
    expect((await refusal(client.getEmployee({ id: await idOf(mail('li.na')) }, rep))).code).toBe('NOT_FOUND');
  });

  it('DEPARTMENT_TREE sees their department and everything below it', async () => {
    const manager = await as(mail('li.na'));
    expect(await listAll(manager)).toEqual(sorted('li.na', 'zhang.wei', 'liu.yang', 'zhao.min'));
    const region = await as(mail('chen.zhiqiang'));
    expect(await listAll(region)).toEqual(
      sorted('chen.zhiqiang', 'li.na', 'zhang.wei', 'liu.yang', 'zhao.min', 'sun.hao', 'wu.jing', 'zheng.kai'),
    );
    expect((await refusal(client.getEmployee({ id: await idOf(mail('lin.xiaofeng')) }, region))).code).toBe(
      'NOT_FOUND',
    );
    expect((await client.getEmployee({ id: await idOf(mail('zhang.wei')) }, region)).employee?.name).toBe('张伟');
  });

  it('DEPARTMENT sees their own department only', async () => {
    const admin = await as(DEMO_ADMIN_EMAIL);
    await client.createRole(
      {
        code: 'team_viewer',
        name: '团队查看',
        permissions: ['identity.employee.read', 'crm.lead.read'],
        dataScope: 'DATA_SCOPE_DEPARTMENT',
      },
      admin,
    );
    const chenId = await idOf(mail('chen.zhiqiang'));
    await client.assignRoles({ employeeId: chenId, roleCodes: ['team_viewer'] }, admin);
    const viewer = await as(mail('chen.zhiqiang'));
    expect(viewer.principal.dataScope).toBe('DATA_SCOPE_DEPARTMENT');
    expect(await listAll(viewer)).toEqual(sorted('chen.zhiqiang'));
    expect((await refusal(client.getEmployee({ id: await idOf(mail('li.na')) }, viewer))).code).toBe('NOT_FOUND');
    await client.assignRoles({ employeeId: chenId, roleCodes: ['sales_manager'] }, admin);
  });

  it('TENANT sees everyone; filters narrow by department subtree, status, role and text', async () => {
    const admin = await as(DEMO_ADMIN_EMAIL);
    expect(await listAll(admin)).toEqual(demoEmployeeEmails().sort());
    const east = await db.department.findFirstOrThrow({ where: { name: '华东大区' } });
    expect(await listAll(admin, { departmentId: east.id, roleCode: 'sales_manager' })).toEqual(
      sorted('chen.zhiqiang', 'li.na', 'sun.hao'),
    );
    expect(await listAll(admin, { query: '张' })).toEqual(sorted('zhang.wei'));
    expect(await listAll(admin, { query: 'LI.NA' })).toEqual(sorted('li.na'));
    expect(await listAll(admin, { status: 'EMPLOYEE_STATUS_DEPARTED' })).toEqual([]);
  });

  it('hierarchy queries: subordinates, department path and resolved scope', async () => {
    const admin = await as(DEMO_ADMIN_EMAIL);
    const chenId = await idOf(mail('chen.zhiqiang'));
    const direct = await client.listSubordinates({ employeeId: chenId, wholeSubtree: false }, admin);
    expect(direct.employees.map((e) => e.email).sort()).toEqual(sorted('li.na', 'sun.hao'));
    const whole = await client.listSubordinates({ employeeId: chenId, wholeSubtree: true }, admin);
    expect(whole.employees).toHaveLength(7);
    const path = await client.getEmployeeDepartmentPath({ employeeId: chenId }, admin);
    expect(path.departmentPath).toBe((await db.department.findFirstOrThrow({ where: { name: '华东大区' } })).path);
    const scope = await client.resolveScope({}, await as(mail('li.na')));
    expect(scope.wholeTenant).toBe(false);
    expect(scope.employeeIds.sort()).toEqual(
      (await Promise.all(['li.na', 'zhang.wei', 'liu.yang', 'zhao.min'].map((l) => idOf(mail(l))))).sort(),
    );
    expect(await client.resolveScope({}, admin)).toMatchObject({ wholeTenant: true, employeeIds: [] });
  });
});

describe('org tree', () => {
  it('moves a subtree in one go: every descendant path changes, employees get new versions and events', async () => {
    const { admin, tenant } = await newTenant('eta');
    const root = (await client.listDepartments({}, admin)).departments[0] as identityV1.Department;
    const mk = async (name: string, parentId: string) =>
      (await client.createDepartment({ name, parentId, managerId: '', region: '' }, admin))
        .department as identityV1.Department;
    const sales = await mk('销售部', root.id);
    const east = await mk('华东', sales.id);
    const shanghai = await mk('上海', east.id);
    const ops = await mk('运营部', root.id);
    const person = async (name: string, email: string, departmentId: string) =>
      (
        await client.createEmployee(
          { name, email, phone: '', password: '', departmentId, title: '', managerId: '', roleCodes: ['sales_rep'] },
          admin,
        )
      ).employee as identityV1.Employee;
    const a = await person('甲', 'a@eta.test', east.id);
    const b = await person('乙', 'b@eta.test', shanghai.id);

    const duplicate = await refusal(
      client.createDepartment({ name: '华东', parentId: sales.id, managerId: '', region: '' }, admin),
    );
    expect(duplicate.code).toBe('ALREADY_EXISTS');
    expect(duplicate.details.fieldErrors?.[0]?.field).toBe('name');

    const moved = await client.moveDepartment(
      { id: sales.id, newParentId: ops.id, expectedVersion: sales.version },
      admin,
    );
    expect(moved.movedCount).toBe(3);
    expect(moved.department?.path).toBe(`${ops.path}${sales.id}/`);
    const paths = new Map((await client.listDepartments({}, admin)).departments.map((d) => [d.id, d.path]));
    expect(paths.get(east.id)).toBe(`${ops.path}${sales.id}/${east.id}/`);
    expect(paths.get(shanghai.id)).toBe(`${ops.path}${sales.id}/${east.id}/${shanghai.id}/`);

    const [movedEvent] = await eventsOf('identity.department.moved', sales.id);
    expect(movedEvent?.payload).toMatchObject({
      oldPath: sales.path,
      department: { id: sales.id, path: `${ops.path}${sales.id}/` },
    });
    for (const [employee, departmentId] of [
      [a, east.id],
      [b, shanghai.id],
    ] as const) {
      const events = await eventsOf('identity.employee.updated', employee.id);
      expect(events).toHaveLength(1);
      expect(events[0]?.aggregateVersion).toBe(2);
      expect((events[0]?.payload as identityV1.EmployeeChanged | undefined)?.employee?.departmentPath).toBe(
        paths.get(departmentId),
      );
    }

    const history = await client.getEmployeeHistory({ id: a.id }, admin);
    expect(history.records[0]).toMatchObject({ action: 'department_moved' });
    expect(JSON.parse(history.records[0]?.afterJson ?? '{}')).toEqual({ departmentPath: paths.get(east.id) });
    expect(JSON.parse(history.records[0]?.beforeJson ?? '{}')).toEqual({ departmentPath: east.path });

    for (const target of [sales.id, shanghai.id]) {
      const error = await refusal(
        client.moveDepartment({ id: sales.id, newParentId: target, expectedVersion: '0' }, admin),
      );
      expect(error.code).toBe('FAILED_PRECONDITION');
      expect(error.details.reason).toBe('MOVE_INTO_OWN_SUBTREE');
    }
    const notEmpty = await refusal(client.deleteDepartment({ id: shanghai.id }, admin));
    expect(notEmpty.details.reason).toBe('DEPARTMENT_NOT_EMPTY');
    const empty = await mk('临时', ops.id);
    await client.deleteDepartment({ id: empty.id }, admin);
    expect(await eventsOf('identity.department.deleted', empty.id)).toHaveLength(1);
    expect((await outboxCounts(tenant.id))['identity.department.moved']).toBe(1);

    const renamed = await client.updateDepartment(
      { id: ops.id, expectedVersion: '0', name: '运营中心', region: '华北' },
      admin,
    );
    expect(renamed.department).toMatchObject({ name: '运营中心', region: '华北', version: '2' });
    expect(await eventsOf('identity.department.renamed', ops.id)).toHaveLength(1);
  });
});

describe('employees', () => {
  let admin: As;
  let hangzhou: string;
  beforeAll(async () => {
    admin = await as(DEMO_ADMIN_EMAIL);
    hangzhou = (await db.department.findFirstOrThrow({ where: { name: '杭州销售部' } })).id;
  });
  const newEmployee = (fields: Partial<identityV1.CreateEmployeeRequest>) =>
    client.createEmployee(
      {
        name: '新人',
        email: 'new@demo.salesflow.local',
        phone: '',
        password: '',
        departmentId: hangzhou,
        title: '',
        managerId: '',
        roleCodes: ['sales_rep'],
        ...fields,
      },
      admin,
    );

  it('refuses duplicates of email (any case) and phone (any notation) with the field, as ALREADY_EXISTS', async () => {
    const zhang = await db.employee.findFirstOrThrow({ where: { email: mail('zhang.wei') } });
    const byEmail = await refusal(newEmployee({ email: 'ZHANG.WEI@demo.salesflow.local' }));
    expect(byEmail.code).toBe('ALREADY_EXISTS');
    expect(byEmail.details.fieldErrors?.[0]?.field).toBe('email');
    const byPhone = await refusal(newEmployee({ phone: `${zhang.phone?.slice(0, 3)} ${zhang.phone?.slice(3)}` }));
    expect(byPhone.code).toBe('ALREADY_EXISTS');
    expect(byPhone.details.fieldErrors?.[0]?.field).toBe('phone');
    const onUpdate = await refusal(
      client.updateEmployee(
        { id: await idOf(mail('liu.yang')), expectedVersion: '0', email: mail('zhang.wei') },
        admin,
      ),
    );
    expect(onUpdate.details.fieldErrors?.[0]?.field).toBe('email');
  });

  it('names every bad field and writes nothing', async () => {
    const before = {
      employees: await db.employee.count(),
      events: await outboxTotal(),
      log: await db.changeRecord.count(),
    };
    const error = await refusal(
      newEmployee({
        name: '',
        email: 'nope',
        phone: '12',
        password: 'short',
        departmentId: 'x',
        roleCodes: ['sales_rep'],
      }),
    );
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.details.fieldErrors?.map((f) => f.field)).toEqual([
      'name',
      'email',
      'phone',
      'password',
      'departmentId',
    ]);
    const roles = await refusal(newEmployee({ roleCodes: ['nosuchrole'] }));
    expect(roles.details.fieldErrors).toEqual([{ field: 'roleCodes', message: 'unknown roles nosuchrole' }]);
    const transfer = await refusal(
      client.transferEmployee(
        { id: await idOf(mail('wu.jing')), departmentId: hangzhou, effectiveDate: '2026-02-30', reason: '' },
        admin,
      ),
    );
    expect(transfer.details.fieldErrors).toEqual([{ field: 'effectiveDate', message: 'is not a date (YYYY-MM-DD)' }]);
    expect({
      employees: await db.employee.count(),
      events: await outboxTotal(),
      log: await db.changeRecord.count(),
    }).toEqual(before);
  });

  it('updates with optimistic concurrency and logs before/after of the changed fields', async () => {
    const created = (await newEmployee({ email: 'cc@demo.salesflow.local', phone: '+86 139 0000 0001' })).employee;
    const id = created?.id ?? '';
    const updated = await client.updateEmployee({ id, expectedVersion: '1', title: '销售助理' }, admin);
    expect(updated.employee).toMatchObject({ version: '2', title: '销售助理', phone: '+8613900000001' });
    const stale = await refusal(client.updateEmployee({ id, expectedVersion: '1', title: '覆盖' }, admin));
    expect(stale).toMatchObject({ code: 'CONFLICT' });
    expect(stale.details.reason).toBe('VERSION_MISMATCH');
    expect((await client.getEmployee({ id }, admin)).employee?.title).toBe('销售助理');

    await client.setWorkStatus({ id, workStatus: 'WORK_STATUS_TRAINING', note: '入职培训' }, admin);
    await client.transferEmployee(
      { id, departmentId: hangzhou, title: '销售代表', effectiveDate: '2026-04-01', reason: '转正' },
      admin,
    );
    await client.deactivateEmployee({ id, reason: '休长假' }, admin);
    const reactivated = await client.reactivateEmployee({ id }, admin);
    expect(reactivated.employee).toMatchObject({ status: 'EMPLOYEE_STATUS_ACTIVE', version: '6' });

    const firstPage = await client.getEmployeeHistory({ id, page: { limit: 3, cursor: '' } }, admin);
    const secondPage = await client.getEmployeeHistory(
      { id, page: { limit: 3, cursor: firstPage.page?.nextCursor ?? '' } },
      admin,
    );
    expect([...firstPage.records, ...secondPage.records].map((r) => r.action)).toEqual([
      'reactivated',
      'deactivated',
      'transferred',
      'status_changed',
      'updated',
      'created',
    ]);
    expect(secondPage.page?.nextCursor).toBe('');
    const update = secondPage.records[1] as identityV1.ChangeRecord;
    expect(JSON.parse(update.beforeJson)).toEqual({ title: '' });
    expect(JSON.parse(update.afterJson)).toEqual({ title: '销售助理' });
    expect(update.actorId).toBe(admin.principal.employeeId);
    expect((await eventsOf('identity.employee.status_changed', id)).map((e) => e.aggregateVersion)).toEqual([3, 5]);
    expect(await db.transfer.count({ where: { employeeId: id } })).toBe(1);
    expect(await db.workStatusChange.count({ where: { employeeId: id } })).toBe(1);
  });

  it('departure needs an active successor of the same tenant who is not the leaver', async () => {
    const leaver =
      (await newEmployee({ email: 'leaver@demo.salesflow.local', password: 'Leave1234' })).employee?.id ?? '';
    const successor = await idOf(mail('sun.hao'));
    const depart = (successorId: string) =>
      refusal(client.departEmployee({ id: leaver, successorId, departedOn: '', reason: '' }, admin));
    expect((await depart('')).details.fieldErrors).toEqual([{ field: 'successorId', message: 'is required' }]);
    expect((await depart(leaver)).details.fieldErrors?.[0]?.field).toBe('successorId');
    const foreign = (await db.employee.findFirstOrThrow({ where: { tenant: { code: 'gamma' } } })).id;
    expect((await depart(foreign)).code).toBe('INVALID_ARGUMENT');
    const inactive = (await newEmployee({ email: 'inactive@demo.salesflow.local' })).employee?.id ?? '';
    await client.deactivateEmployee({ id: inactive, reason: '' }, admin);
    const notActive = await depart(inactive);
    expect(notActive.code).toBe('FAILED_PRECONDITION');
    expect(notActive.details.reason).toBe('SUCCESSOR_NOT_ELIGIBLE');
    const session = await login('leaver@demo.salesflow.local', 'Leave1234');

    const departed = await client.departEmployee(
      { id: leaver, successorId: successor, departedOn: '2026-05-31', reason: '个人原因' },
      admin,
    );
    expect(departed.employee).toMatchObject({ status: 'EMPLOYEE_STATUS_DEPARTED', successorId: successor });
    const [event] = await eventsOf('identity.employee.departed', leaver);
    expect(event?.payload).toMatchObject({
      employeeId: leaver,
      successorId: successor,
      employee: { id: leaver, status: 'EMPLOYEE_STATUS_DEPARTED' },
    });
    expect((await refusal(login('leaver@demo.salesflow.local', 'Leave1234'))).details.reason).toBe(
      'INVALID_CREDENTIALS',
    );
    expect((await refusal(client.refreshToken({ refreshToken: session.refreshToken }))).code).toBe('UNAUTHENTICATED');
    expect(await db.employee.findUnique({ where: { id: leaver } })).not.toBeNull();
  });

  it('roles: custom roles validated, admin fixed, unknown codes refused', async () => {
    const badRole = await refusal(
      client.createRole(
        { code: 'Bad-Code', name: '', permissions: ['crm.lead'], dataScope: 'DATA_SCOPE_UNSPECIFIED' },
        admin,
      ),
    );
    expect(badRole.details.fieldErrors?.map((f) => f.field)).toEqual(['code', 'name', 'permissions.0', 'dataScope']);
    const adminRole = (await client.listRoles({}, admin)).roles.find((r) => r.code === 'admin');
    const fixed = await refusal(
      client.updateRole(
        { id: adminRole?.id ?? '', expectedVersion: '0', permissions: { permissions: ['crm.*'] } },
        admin,
      ),
    );
    expect(fixed.code).toBe('FAILED_PRECONDITION');
    const viewer = (await client.listRoles({}, admin)).roles.find((r) => r.code === 'viewer');
    const changed = await client.updateRole(
      { id: viewer?.id ?? '', expectedVersion: viewer?.version ?? '', name: '访客' },
      admin,
    );
    expect(changed.role).toMatchObject({ name: '访客', version: '2', builtIn: true });
    const rep = await as(mail('zhang.wei'));
    expect((await refusal(client.listRoles({}, rep))).code).toBe('PERMISSION_DENIED');

    // A changed data scope re-announces every holder, whose employee record now shows it.
    const scoped = (
      await client.createRole(
        { code: 'scoped', name: '范围', permissions: ['crm.lead.read'], dataScope: 'DATA_SCOPE_SELF' },
        admin,
      )
    ).role;
    const holder = (await newEmployee({ email: 'holder@demo.salesflow.local', roleCodes: ['scoped'] })).employee;
    await client.updateRole({ id: scoped?.id ?? '', expectedVersion: '1', dataScope: 'DATA_SCOPE_DEPARTMENT' }, admin);
    const [announced] = await eventsOf('identity.employee.updated', holder?.id);
    expect(announced?.aggregateVersion).toBe(2);
    expect((announced?.payload as identityV1.EmployeeChanged | undefined)?.employee?.dataScope).toBe(
      'DATA_SCOPE_DEPARTMENT',
    );

    // Deleting: built-in roles and held roles stay; a stale version is a conflict.
    const builtIn = await refusal(client.deleteRole({ id: viewer?.id ?? '', expectedVersion: '0' }, admin));
    expect(builtIn.code).toBe('FAILED_PRECONDITION');
    const held = await refusal(client.deleteRole({ id: scoped?.id ?? '', expectedVersion: '0' }, admin));
    expect(held.code).toBe('FAILED_PRECONDITION');
    expect(held.message).toContain('1 employee(s) still hold the role scoped');
    const unused = (
      await client.createRole({ code: 'unused', name: '闲置', permissions: [], dataScope: 'DATA_SCOPE_SELF' }, admin)
    ).role;
    expect((await refusal(client.deleteRole({ id: unused?.id ?? '', expectedVersion: '5' }, admin))).code).toBe(
      'CONFLICT',
    );
    expect((await refusal(client.deleteRole({ id: unused?.id ?? '', expectedVersion: '1' }, rep))).code).toBe(
      'PERMISSION_DENIED',
    );
    await client.deleteRole({ id: unused?.id ?? '', expectedVersion: '1' }, admin);
    const codes = (await client.listRoles({}, admin)).roles.map((r) => r.code);
    expect(codes).toContain('scoped');
    expect(codes).toContain('viewer');
    expect(codes).not.toContain('unused');
    expect((await refusal(client.deleteRole({ id: unused?.id ?? '', expectedVersion: '0' }, admin))).code).toBe(
      'NOT_FOUND',
    );
    const deletion = await db.changeRecord.findFirst({ where: { entityId: unused?.id ?? '', action: 'deleted' } });
    expect(deletion?.before).toMatchObject({ code: 'unused', name: '闲置' });
  });
});

describe('lockout', () => {
  it('locks after five failures even for the right password, doubles the lock, and an admin reset clears it', async () => {
    const { admin } = await newTenant('theta');
    const root = (await client.listDepartments({}, admin)).departments[0]?.id ?? '';
    const { employee } = await client.createEmployee(
      {
        name: '锁',
        email: 'lock@theta.test',
        phone: '',
        password: 'Right1234',
        departmentId: root,
        title: '',
        managerId: '',
        roleCodes: [],
      },
      admin,
    );
    const id = employee?.id ?? '';
    const attempt = (password: string) => refusal(login('lock@theta.test', password, 'theta'));
    for (let i = 0; i < 5; i++) expect((await attempt('Wrong1234')).details.reason).toBe('INVALID_CREDENTIALS');
    const locked = await attempt('Right1234');
    expect(locked.details.reason).toBe('ACCOUNT_LOCKED');
    const wait = Number(locked.details.retryAfterSeconds);
    expect(wait).toBeGreaterThan(55);
    expect(wait).toBeLessThanOrEqual(60);

    // The lock runs out; five more failures lock for twice as long.
    await db.employee.update({ where: { id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    for (let i = 0; i < 5; i++) expect((await attempt('Wrong1234')).details.reason).toBe('INVALID_CREDENTIALS');
    const longer = await attempt('Right1234');
    const secondWait = Number(longer.details.retryAfterSeconds);
    expect(secondWait).toBeGreaterThan(115);
    expect(secondWait).toBeLessThanOrEqual(120);
    expect(await db.employee.findUniqueOrThrow({ where: { id } })).toMatchObject({ failedLoginCount: 10 });

    await client.resetPassword({ employeeId: id, newPassword: 'Fresh1234' }, admin);
    expect((await login('lock@theta.test', 'Fresh1234', 'theta')).employee?.id).toBe(id);
    expect(await db.employee.findUniqueOrThrow({ where: { id } })).toMatchObject({
      failedLoginCount: 0,
      lockedUntil: null,
    });
    const weak = await refusal(client.resetPassword({ employeeId: id, newPassword: 'weak' }, admin));
    expect(weak.details.fieldErrors).toEqual([{ field: 'newPassword', message: 'is shorter than 8 characters' }]);
  });

  it('ChangePassword needs the current password and a strong new one', async () => {
    const { admin } = await newTenant('iota');
    const wrong = await refusal(
      client.changePassword({ currentPassword: 'Nope1234', newPassword: 'Better1234' }, admin),
    );
    expect(wrong.details.fieldErrors).toEqual([{ field: 'currentPassword', message: 'is wrong' }]);
    const weak = await refusal(
      client.changePassword({ currentPassword: 'Admin1234', newPassword: 'lettersonly' }, admin),
    );
    expect(weak.details.fieldErrors).toEqual([
      { field: 'newPassword', message: 'needs at least one letter and one digit' },
    ]);
    await client.changePassword({ currentPassword: 'Admin1234', newPassword: 'Better1234' }, admin);
    expect((await login('admin@iota.test', 'Better1234', 'iota')).accessToken).toBeTruthy();
  });
});

describe('CSV import', () => {
  const HEADER = 'name,email,phone,department,title,roles,password';

  it('keeps the good rows, reports the bad ones by line and field', async () => {
    const { admin, tenant } = await newTenant('kappa');
    const root = (await client.listDepartments({}, admin)).departments[0] as identityV1.Department;
    const csv = [
      HEADER,
      `王一,wang1@kappa.test,+86 138 1111 0001,${root.name},销售代表,sales_rep,Passw0rd1`,
      `王二,wang2@kappa.test,,${root.id},,sales_rep|viewer,`,
      ',bad-email,12,,,,short',
      `王三,WANG1@kappa.test,,${root.name},,,`,
      `王四,wang4@kappa.test,,不存在的部门,,,`,
      `王五,wang5@kappa.test,,${root.name},,ghost,`,
      `王六,admin@kappa.test,,${root.name},,,`,
      '王七,too,few',
    ].join('\n');
    const result = await client.importEmployees({ csv }, admin);
    expect(result.rowsTotal).toBe(8);
    expect(result.created.map((e) => [e.email, e.roles])).toEqual([
      ['wang1@kappa.test', ['sales_rep']],
      ['wang2@kappa.test', ['sales_rep', 'viewer']],
    ]);
    expect(result.errors.map((e) => [e.line, e.field])).toEqual([
      [4, 'name'],
      [4, 'email'],
      [4, 'phone'],
      [4, 'password'],
      [4, 'department'],
      [5, 'email'],
      [6, 'department'],
      [7, 'roles'],
      [8, 'email'],
      [9, 'row'],
    ]);
    expect(result.errors.find((e) => e.line === 5)?.message).toBe('duplicates line 2');
    expect((await login('wang1@kappa.test', 'Passw0rd1', 'kappa')).employee?.phone).toBe('+8613811110001');
    expect(await outboxCounts(tenant.id)).toMatchObject({ 'identity.employee.created': 3 });
  });

  it('writes nothing when the header is wrong', async () => {
    const { admin } = await newTenant('lambda');
    const before = { employees: await db.employee.count(), events: await outboxTotal() };
    const error = await refusal(client.importEmployees({ csv: 'name,email\n王一,wang1@lambda.test' }, admin));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.details.fieldErrors?.[0]?.field).toBe('csv');
    expect({ employees: await db.employee.count(), events: await outboxTotal() }).toEqual(before);
  });
});

// Last: rotation changes which key signs.
describe('signing key rotation', () => {
  it('signs with the new key while tokens of the old one keep verifying; the JWKS holds both', async () => {
    const before = await login(mail('zhang.wei'));
    const oldKid = decodeProtectedHeader(before.accessToken).kid;
    const rep = await as(mail('zhang.wei'));
    expect((await refusal(client.rotateSigningKey({}, rep))).code).toBe('PERMISSION_DENIED');
    const { kid } = await client.rotateSigningKey({}, await as(DEMO_ADMIN_EMAIL));
    expect(kid).not.toBe(oldKid);

    const { keys } = JSON.parse((await client.getJwks({})).jwksJson) as { keys: { kid: string; d?: string }[] };
    expect(keys.map((k) => k.kid).sort()).toEqual([kid, oldKid].sort());
    expect(keys.every((k) => k.d === undefined)).toBe(true);
    expect((await verified(before.accessToken)).protectedHeader.kid).toBe(oldKid);
    const after = await login(mail('zhang.wei'));
    expect(decodeProtectedHeader(after.accessToken).kid).toBe(kid);
    expect((await verified(after.accessToken)).payload.sub).toBe(before.employee?.id);

    const old = await db.signingKey.findUniqueOrThrow({ where: { kid: oldKid ?? '' } });
    expect(old.retiredAt?.getTime()).toBeGreaterThan(Date.now() + 800_000);
    // Once retired_at passes, the old key leaves the JWKS.
    await db.signingKey.update({ where: { kid: old.kid }, data: { retiredAt: new Date(Date.now() - 1000) } });
    const later = JSON.parse((await client.getJwks({})).jwksJson) as { keys: { kid: string }[] };
    expect(later.keys.map((k) => k.kid)).toEqual([kid]);
  });

  it('lets replicas that start together on an empty table agree on one key', async () => {
    await db.signingKey.deleteMany();
    const replicas = await Promise.all(
      [1, 2, 3, 4].map(() => TokenService.start(new SigningKeyRepository(db), { ttlSeconds: 900 })),
    );
    expect(new Set(replicas.map((r) => r.kid)).size).toBe(1);
    expect(await db.signingKey.count()).toBe(1);
  });
});
