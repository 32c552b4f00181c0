// identity against a real PostgreSQL (127.0.0.1:5432 unless TEST_DATABASE_ADMIN_URL names another server):
// a fresh database per run, the kit's and identity's migrations, the demo seed, and the gRPC
// service on an ephemeral port. Kafka is not needed: events are checked in the outbox.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { identityV1 } from '@salesflow/contracts';
import {
  applyMigrations,
  createLogger,
  createServiceClient,
  decodeEnvelope,
  ensureDatabaseExists,
  type GrpcServerHandle,
  PLATFORM_MIGRATIONS,
  type PromiseClient,
  ServiceError,
  startGrpcServer,
} from '@salesflow/platform';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { Client } from 'pg';
import { createIdentityDatabase, type IdentityDatabase } from '../src/database';
import { identityServiceBinding } from '../src/grpc/identity.handlers';
import { AuthService } from '../src/modules/auth/auth.service';
import { createEmployee, EmployeeService } from '../src/modules/employee/employee.service';
import { createDepartment } from '../src/modules/org/department.service';
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

const OUTBOX = { source: '/salesflow/identity' };
const server = new URL(process.env.TEST_DATABASE_ADMIN_URL || 'postgresql://postgres@127.0.0.1:5432/postgres');
const databaseName = `salesflow_identity_test_${randomBytes(5).toString('hex')}`;
const databaseUrl = Object.assign(new URL(server.toString()), { pathname: `/${databaseName}` }).toString();
const log = createLogger('identity-test', 'silent');

const REP_PERMISSIONS = [
  'analytics.read',
  'crm.customer.read',
  'crm.customer.write',
  'crm.lead.read',
  'crm.lead.write',
  'field.*',
  'goals.target.read',
];

let db: IdentityDatabase;
let tokens: TokenService;
let grpc: GrpcServerHandle;
let client: PromiseClient<typeof identityV1.IdentityServiceService> & { close(): void };
let firstSeed: DemoSeedResult;
let secondSeed: DemoSeedResult;

beforeAll(async () => {
  await ensureDatabaseExists(databaseUrl);
  await applyMigrations({
    databaseUrl,
    sources: [PLATFORM_MIGRATIONS, { scope: 'identity', dir: join(__dirname, '..', 'prisma', 'migrations') }],
    log,
  });
  db = createIdentityDatabase(databaseUrl);
  firstSeed = await seedDemoTenant(db, OUTBOX);
  secondSeed = await seedDemoTenant(db, OUTBOX);

  tokens = await TokenService.start(new SigningKeyRepository(db), { ttlSeconds: 900 });
  grpc = await startGrpcServer({
    serviceName: 'identity',
    port: 0,
    bindings: [
      identityServiceBinding({ auth: new AuthService(db, tokens), tokens, employees: new EmployeeService(db) }),
    ],
    log,
  });
  grpc.setServing(true);
  client = createServiceClient(identityV1.IdentityServiceService, `127.0.0.1:${grpc.port}`);
});

afterAll(async () => {
  client?.close();
  await grpc?.drain();
  await db?.$disconnect();
  const admin = new Client({ connectionString: server.toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
});

async function outboxCounts(tenantId: string): Promise<Record<string, number>> {
  const rows = await db.$queryRaw<{ event_type: string; n: number }[]>`
    SELECT event_type, count(*)::int AS n FROM salesflow_outbox
    WHERE message_key LIKE ${`${tenantId}:%`} GROUP BY event_type`;
  return Object.fromEntries(rows.map((r) => [r.event_type, r.n]));
}

async function demoEmployee(email: string) {
  return db.employee.findFirstOrThrow({ where: { email, tenant: { code: DEMO_TENANT_CODE } } });
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

describe('demo seed', () => {
  const people = demoEmployeeEmails().length;

  it('creates the org once; the second run creates nothing', async () => {
    expect(firstSeed.created).toEqual({
      tenants: 1,
      roles: 4,
      departments: 8,
      employees: people,
      managersAssigned: 7,
    });
    expect(secondSeed).toEqual({
      tenantId: firstSeed.tenantId,
      created: { tenants: 0, roles: 0, departments: 0, employees: 0, managersAssigned: 0 },
    });
    expect(await db.tenant.count()).toBe(1);
    expect(await db.role.count()).toBe(DEMO_ROLES.length);
    expect(await db.department.count()).toBe(8);
    expect(await db.employee.count()).toBe(people);
    expect(await db.employeeRole.count()).toBe(people);
    expect(people).toBeGreaterThanOrEqual(15);
  });

  it('records each event once: one employee.created per employee, one department.created per department', async () => {
    expect(await outboxCounts(firstSeed.tenantId)).toEqual({
      'identity.employee.created': people,
      'identity.department.created': 8,
      'identity.department.updated': 7,
    });
    const rows = await db.$queryRaw<{ topic: string; message_key: string; value: Buffer }[]>`
      SELECT topic, message_key, value FROM salesflow_outbox WHERE event_type = 'identity.employee.created'`;
    const employees = await db.employee.findMany({ include: { department: true } });
    expect(new Set(rows.map((r) => r.message_key))).toEqual(
      new Set(employees.map((e) => `${firstSeed.tenantId}:${e.id}`)),
    );
    expect(new Set(rows.map((r) => r.topic))).toEqual(new Set(['salesflow.identity.employee.v1']));

    const zhang = employees.find((e) => e.email === 'zhang.wei@demo.salesflow.local');
    const row = rows.find((r) => r.message_key.endsWith(`:${zhang?.id}`));
    const event = decodeEnvelope(row?.value ?? Buffer.alloc(0));
    expect(event).toMatchObject({
      type: 'identity.employee.created',
      tenantId: firstSeed.tenantId,
      aggregateVersion: 1,
    });
    expect((event.payload as identityV1.EmployeeChanged).employee).toMatchObject({
      id: zhang?.id,
      departmentId: zhang?.departmentId,
      departmentPath: zhang?.department.path,
      roles: ['sales_rep'],
      status: 'EMPLOYEE_STATUS_ACTIVE',
    });
  });

  it('builds the tree with materialized paths, lowercase emails and argon2id hashes', async () => {
    const byName = new Map((await db.department.findMany()).map((d) => [d.name, d]));
    const path = (...names: string[]) => `/${names.map((n) => byName.get(n)?.id).join('/')}/`;
    expect(byName.get('上海销售一部')?.path).toBe(path('总部', '销售中心', '华东大区', '上海销售一部'));
    expect(byName.get('深圳销售部')?.path).toBe(path('总部', '销售中心', '华南大区', '深圳销售部'));
    expect(byName.get('总部')).toMatchObject({ parentId: null, path: path('总部') });
    const manager = await demoEmployee('li.na@demo.salesflow.local');
    expect(byName.get('上海销售一部')?.managerId).toBe(manager.id);

    for (const employee of await db.employee.findMany()) {
      expect(employee.email).toBe(employee.email.toLowerCase());
      expect(employee.passwordHash).toMatch(/^\$argon2id\$/);
    }
  });
});

describe('Login and GetJwks over gRPC', () => {
  async function verified(accessToken: string) {
    const { jwksJson } = await client.getJwks({});
    const jwks = JSON.parse(jwksJson);
    return jwtVerify(accessToken, createLocalJWKSet(jwks), {
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      algorithms: ['ES256'],
    });
  }

  it('issues a token that verifies with the published JWKS and carries the claims of a rep', async () => {
    const zhang = await db.employee.findFirstOrThrow({
      where: { email: 'zhang.wei@demo.salesflow.local' },
      include: { department: true },
    });
    const response = await client.login({
      tenantCode: ' DEMO ',
      email: ' Zhang.Wei@Demo.Salesflow.Local ',
      password: DEMO_PASSWORD,
    });
    expect(response).toMatchObject({ tokenType: 'Bearer', expiresInSeconds: 900 });

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
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(900);
    expect(Math.abs((payload.iat ?? 0) - Date.now() / 1000)).toBeLessThan(60);

    expect(response.employee).toMatchObject({
      id: zhang.id,
      tenantId: firstSeed.tenantId,
      name: '张伟',
      email: 'zhang.wei@demo.salesflow.local',
      departmentPath: zhang.department.path,
      roles: ['sales_rep'],
      status: 'EMPLOYEE_STATUS_ACTIVE',
      version: '1',
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

  it('gives a manager the department tree and the admin the whole tenant with every permission', async () => {
    const manager = await client.login({
      tenantCode: 'demo',
      email: 'li.na@demo.salesflow.local',
      password: DEMO_PASSWORD,
    });
    expect((await verified(manager.accessToken)).payload).toMatchObject({
      roles: ['sales_manager'],
      perms: ['analytics.read', 'crm.*', 'field.*', 'goals.*'],
      scope: 'DEPARTMENT_TREE',
    });
    const admin = await client.login({ tenantCode: 'demo', email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD });
    expect((await verified(admin.accessToken)).payload).toMatchObject({
      roles: ['admin'],
      perms: ['*'],
      scope: 'TENANT',
    });
    expect(admin.principal?.dataScope).toBe('DATA_SCOPE_TENANT');
  });

  it('publishes only public keys, and a restarted service signs with the same key', async () => {
    const { keys } = JSON.parse((await client.getJwks({})).jwksJson) as { keys: Record<string, unknown>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: tokens.kid });
    expect(keys[0]).not.toHaveProperty('d');

    const restarted = await TokenService.start(new SigningKeyRepository(db), { ttlSeconds: 60 });
    expect(restarted.kid).toBe(tokens.kid);
    expect(await db.signingKey.count()).toBe(1);
    const { accessToken } = await restarted.issue({
      sub: 's',
      tid: 't',
      roles: [],
      perms: [],
      scope: 'SELF',
      dept: '',
      dpath: '',
    });
    expect(decodeProtectedHeader(accessToken).kid).toBe(tokens.kid);
  });

  it('answers a wrong password, unknown tenant, unknown email and inactive employee alike', async () => {
    const departed = await demoEmployee('xie.yu@demo.salesflow.local');
    await db.employee.update({ where: { id: departed.id }, data: { status: 'DEPARTED' } });
    try {
      const attempts = [
        { tenantCode: 'demo', email: DEMO_ADMIN_EMAIL, password: 'Salesflow!2025' },
        { tenantCode: 'nosuchtenant', email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD },
        { tenantCode: 'demo', email: 'nobody@demo.salesflow.local', password: DEMO_PASSWORD },
        { tenantCode: 'demo', email: departed.email, password: DEMO_PASSWORD },
      ];
      const errors = await Promise.all(attempts.map((a) => refusal(client.login(a))));
      for (const error of errors) {
        expect(error.code).toBe('UNAUTHENTICATED');
        expect(error.message).toBe('invalid credentials');
        expect(error.details.reason).toBe('INVALID_CREDENTIALS');
      }
    } finally {
      await db.employee.update({ where: { id: departed.id }, data: { status: 'ACTIVE' } });
    }
  });

  it('rejects empty fields as INVALID_ARGUMENT naming each field', async () => {
    const error = await refusal(client.login({ tenantCode: '', email: '', password: '' }));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.details.fieldErrors?.map((f) => f.field)).toEqual(['tenantCode', 'email', 'password']);
  });
});

describe('GetEmployee over gRPC', () => {
  let otherTenantEmployeeId: string;

  beforeAll(async () => {
    otherTenantEmployeeId = await db.$transaction(async (tx) => {
      const tenant = await tx.tenant.create({
        data: { id: '0190f5a2-0000-7000-8000-000000000001', code: 'other', name: '华南贸易有限公司' },
      });
      const department = await createDepartment(tx, { tenantId: tenant.id, name: '总部' }, { outbox: OUTBOX });
      await tx.role.create({
        data: {
          id: '0190f5a2-0000-7000-8000-000000000002',
          tenantId: tenant.id,
          code: 'sales_rep',
          name: '销售代表',
          dataScope: 'SELF',
        },
      });
      const employee = await createEmployee(
        tx,
        {
          tenantId: tenant.id,
          departmentId: department.id,
          name: '马丽',
          email: DEMO_ADMIN_EMAIL,
          password: DEMO_PASSWORD,
          roleCodes: ['sales_rep'],
        },
        { outbox: OUTBOX },
      );
      return employee.id;
    });
  });

  it('returns a colleague of the same tenant', async () => {
    const login = await client.login({
      tenantCode: 'demo',
      email: 'zhang.wei@demo.salesflow.local',
      password: DEMO_PASSWORD,
    });
    const manager = await demoEmployee('li.na@demo.salesflow.local');
    const { employee } = await client.getEmployee(
      { id: manager.id },
      { ...(login.principal ? { principal: login.principal } : {}) },
    );
    expect(employee).toMatchObject({ id: manager.id, name: '李娜', roles: ['sales_manager'] });
  });

  it('answers NOT_FOUND for another tenant’s employee (same email, other tenant) and for a malformed id', async () => {
    const login = await client.login({ tenantCode: 'demo', email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD });
    const principal = login.principal ? { principal: login.principal } : {};
    expect((await refusal(client.getEmployee({ id: otherTenantEmployeeId }, principal))).code).toBe('NOT_FOUND');
    expect((await refusal(client.getEmployee({ id: 'not-an-id' }, principal))).code).toBe('NOT_FOUND');
    // The other tenant's admin logs in to their own tenant only.
    const other = await client.login({ tenantCode: 'other', email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD });
    expect(other.employee?.id).toBe(otherTenantEmployeeId);
  });

  it('refuses a call without a principal', async () => {
    const manager = await demoEmployee('li.na@demo.salesflow.local');
    expect((await refusal(client.getEmployee({ id: manager.id }))).code).toBe('UNAUTHENTICATED');
  });
});

// Last: it empties signing_keys, which the tests above rely on.
describe('signing key creation', () => {
  it('lets replicas that start together on an empty table agree on one key', async () => {
    await db.signingKey.deleteMany();
    const replicas = await Promise.all(
      [1, 2, 3, 4].map(() => TokenService.start(new SigningKeyRepository(db), { ttlSeconds: 900 })),
    );
    expect(new Set(replicas.map((r) => r.kid)).size).toBe(1);
    expect(await db.signingKey.count()).toBe(1);
  });
});
