import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { identityV1 } from '@salesflow/contracts';
import { createServiceClient } from '@salesflow/platform';
import { eventually } from '@salesflow/platform/testing';
import { Client } from 'pg';
import { ApiClient } from './support/api-client';
import { type Stack, startTestStack } from './support/stack-fixture';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { seedIdentity } = require('../../scripts/seed-demo.js') as {
  seedIdentity(stack: Stack): { tenantCode: string; adminEmail: string; password: string };
};

async function replicaRow(url: string, employeeId: string): Promise<Record<string, string> | undefined> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT status, successor_id, department_path FROM salesflow_employee_replica WHERE id = $1',
      [employeeId],
    );
    return rows[0];
  } finally {
    await client.end();
  }
}

/** Issue 3 through the public API, with every service a real process. */
describe('identity through the gateway', () => {
  let stack: Stack;
  let demo: { tenantCode: string; adminEmail: string; password: string };
  let admin: ApiClient;
  const other = { code: `acme${randomUUID().slice(0, 8)}`, email: 'boss@acme.example.com', password: 'Acme!2026pass' };

  beforeAll(async () => {
    stack = await startTestStack();
    demo = seedIdentity(stack);
    admin = new ApiClient(stack.gatewayUrl);
    await admin.login(demo.tenantCode, demo.adminEmail, demo.password);
    // A second tenant: tenants are created by the platform, not through the public API.
    // A tenant is built in one transaction (roles, root department, admin with a hashed password):
    // give it longer than a request's 5 s on a loaded machine.
    const identity = createServiceClient(identityV1.IdentityServiceService, stack.grpcAddress('identity'), {
      deadlineMs: 30_000,
    });
    await identity.createTenant({
      code: other.code,
      name: 'Acme 贸易',
      adminName: '老板',
      adminEmail: other.email,
      adminPassword: other.password,
      rootDepartmentName: '总部',
    });
    identity.close();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("never lets one tenant read or change another's employees (404, not 403)", async () => {
    const acme = new ApiClient(stack.gatewayUrl);
    await acme.login(other.code, other.email, other.password);
    const me = (await acme.request('GET', '/api/v1/me')).body as { employee: { id: string } };

    expect((await admin.request('GET', `/api/v1/employees/${me.employee.id}`)).status).toBe(404);
    expect((await admin.request('PATCH', `/api/v1/employees/${me.employee.id}`, { title: '间谍' })).status).toBe(404);
    const list = (await admin.request('GET', '/api/v1/employees?limit=200')).body as { items: { id: string }[] };
    expect(list.items.map((e) => e.id)).not.toContain(me.employee.id);
    const still = (await acme.request('GET', '/api/v1/me')).body as { employee: { title: string } };
    expect(still.employee.title).not.toBe('间谍');
  });

  it('rejects tampered and foreign tokens', async () => {
    const token = await login(stack, demo);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    // Another tenant's id under the same signature: a forged cross-tenant token.
    const elevated = Buffer.from(JSON.stringify({ ...claims, tid: randomUUID() })).toString('base64url');
    expect(elevated).not.toBe(payload);
    const tampered = `${header}.${elevated}.${signature}`;
    const res = await fetch(`${stack.gatewayUrl}/api/v1/me`, { headers: { authorization: `Bearer ${tampered}` } });
    expect(res.status).toBe(401);
    // Same header (kid) and claims, signed with a key identity never issued.
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const foreignSignature = sign('sha256', Buffer.from(`${header}.${payload}`), {
      key: privateKey,
      dsaEncoding: 'ieee-p1363',
    }).toString('base64url');
    const foreign = await fetch(`${stack.gatewayUrl}/api/v1/me`, {
      headers: { authorization: `Bearer ${header}.${payload}.${foreignSignature}` },
    });
    expect(foreign.status).toBe(401);
    const garbage = await fetch(`${stack.gatewayUrl}/api/v1/me`, { headers: { authorization: 'Bearer abc.def.ghi' } });
    expect(garbage.status).toBe(401);
  });

  it('rotates refresh tokens and revokes the family when a used one comes back', async () => {
    const res = await fetch(`${stack.gatewayUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantCode: demo.tenantCode, email: demo.adminEmail, password: demo.password }),
    });
    const first = ((await res.json()) as { refreshToken: string }).refreshToken;
    const anon = new ApiClient(stack.gatewayUrl);
    const second = await anon.request('POST', '/api/v1/auth/refresh', { refreshToken: first });
    expect(second.status).toBe(200);
    const next = (second.body as { refreshToken: string }).refreshToken;
    expect(next).not.toBe(first);
    // The first token again: reuse. The whole family, including `next`, is revoked.
    expect((await anon.request('POST', '/api/v1/auth/refresh', { refreshToken: first })).status).toBe(401);
    expect((await anon.request('POST', '/api/v1/auth/refresh', { refreshToken: next })).status).toBe(401);
  });

  it('locks an account after repeated failures and says when to retry', async () => {
    const departments = (await admin.request('GET', '/api/v1/departments?view=flat')).body as {
      items: { id: string; parentId: string | null }[];
    };
    const root = departments.items.find((d) => !d.parentId);
    const email = `lock-${randomUUID().slice(0, 8)}@demo.example.cn`;
    const created = await admin.request('POST', '/api/v1/employees', {
      name: '测试锁定',
      email,
      password: 'Right2026pass',
      departmentId: root?.id,
      roleCodes: ['sales_rep'],
    });
    expect(created.status).toBe(201);

    const attempt = (password: string) =>
      new ApiClient(stack.gatewayUrl).request('POST', '/api/v1/auth/login', {
        tenantCode: demo.tenantCode,
        email,
        password,
      });
    for (let i = 0; i < 5; i++) expect((await attempt('wrong-password')).status).toBe(401);
    // Locked now, even with the right password; the first lock lasts one minute.
    const locked = await attempt('Right2026pass');
    expect(locked.status).toBe(429);
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(50);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it("hands a departure to the other services' replicas", async () => {
    const list = (await admin.request('GET', '/api/v1/employees?limit=200&role=sales_rep')).body as {
      items: { id: string; status: string }[];
    };
    const [leaver, successor] = list.items.filter((e) => e.status === 'active');
    if (!leaver || !successor) throw new Error('the demo needs two active reps');

    const missing = await admin.request('POST', `/api/v1/employees/${leaver.id}/depart`, {});
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('successorId');

    const departed = await admin.request('POST', `/api/v1/employees/${leaver.id}/depart`, {
      successorId: successor.id,
    });
    expect(departed.status).toBe(200);
    expect((departed.body as { status: string }).status).toBe('departed');

    // crm is another process with its own database: its replica learns it from Kafka.
    const row = await eventually(
      () => replicaRow(stack.databaseUrl('crm'), leaver.id),
      (r) => r?.status === 'DEPARTED',
      { what: "crm's replica seeing the departure" },
    );
    expect(row?.successor_id).toBe(successor.id);
  });
});

async function login(
  stack: Stack,
  demo: { tenantCode: string; adminEmail: string; password: string },
): Promise<string> {
  const res = await fetch(`${stack.gatewayUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenantCode: demo.tenantCode, email: demo.adminEmail, password: demo.password }),
  });
  return ((await res.json()) as { accessToken: string }).accessToken;
}
