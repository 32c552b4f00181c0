import { ServiceError } from '@salesflow/platform';
import request from 'supertest';
import { createSigningKey, jwksJson, REP_CLAIMS, type SigningKey, signAccessToken } from '../testing/access-tokens';
import { EMPLOYEE_ID, fakeIdentity, storedDepartment } from '../testing/fake-identity';
import { callRecorder, routeTestApp } from '../testing/route-test-app';

const PROBLEM = /^application\/problem\+json/;

describe('identity routes', () => {
  let key: SigningKey;
  let admin: string;
  let reader: string;
  let rep: string;

  beforeAll(async () => {
    key = await createSigningKey();
    admin = await signAccessToken(key, { claims: { ...REP_CLAIMS, roles: ['admin'], perms: ['*'] } });
    reader = await signAccessToken(key, {
      claims: { ...REP_CLAIMS, perms: ['identity.employee.read', 'identity.department.read', 'identity.role.read'] },
    });
    rep = await signAccessToken(key);
  });

  function build() {
    const { calls, sent } = callRecorder();
    const identity = fakeIdentity(
      (method, req, options) => calls.push({ method, request: req, options }),
      () => jwksJson(key),
    );
    const app = routeTestApp(key, { identity });
    return { app, identity, calls, sent };
  }

  describe('auth', () => {
    it('signs in by phone and answers both tokens, never cached', async () => {
      const { app, sent } = build();

      const res = await request(app)
        .post('/api/v1/auth/login')
        .send({ tenantCode: 'acme', phone: '+86 138-0013-8000', password: 'pw' });

      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toMatchObject({
        tokenType: 'Bearer',
        refreshToken: 'refresh-1',
        refreshExpiresIn: 2_592_000,
        employee: { id: EMPLOYEE_ID, email: null, phone: '+86 138-0013-8000' },
      });
      expect(sent('login')).toEqual({ tenantCode: 'acme', email: '', phone: '+86 138-0013-8000', password: 'pw' });
    });

    it('wants exactly one of email and phone', async () => {
      const { app, calls } = build();

      const both = await request(app)
        .post('/api/v1/auth/login')
        .send({ tenantCode: 'acme', email: 'a@acme.example', phone: '123456', password: 'pw' });
      const neither = await request(app).post('/api/v1/auth/login').send({ tenantCode: 'acme', password: 'pw' });

      for (const res of [both, neither]) {
        expect(res.status).toBe(400);
        expect(res.body.errors).toEqual([{ field: 'email', message: 'send exactly one of email and phone' }]);
      }
      expect(calls.filter((c) => c.method === 'login')).toHaveLength(0);
    });

    it('answers a locked account with 429 and the wait as Retry-After', async () => {
      const { app, identity } = build();
      identity.login = async () => {
        throw new ServiceError('UNAUTHENTICATED', 'account locked', {
          reason: 'ACCOUNT_LOCKED',
          retryAfterSeconds: 120,
        });
      };

      const res = await request(app)
        .post('/api/v1/auth/login')
        .send({ tenantCode: 'acme', email: 'a@acme.example', password: 'pw' });

      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toBe('120');
      expect(res.body).toMatchObject({
        type: 'https://salesflow.dev/problems/account-locked',
        reason: 'ACCOUNT_LOCKED',
        retryAfterSeconds: 120,
      });
    });

    it('omits Retry-After when identity does not say how long', async () => {
      const { app, identity } = build();
      identity.login = async () => {
        throw new ServiceError('UNAUTHENTICATED', 'account locked', { reason: 'ACCOUNT_LOCKED' });
      };

      const res = await request(app)
        .post('/api/v1/auth/login')
        .send({ tenantCode: 'acme', email: 'a@acme.example', password: 'pw' });

      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toBeUndefined();
    });

    it('refreshes and logs out with the refresh token alone', async () => {
      const { app, sent } = build();

      const refreshed = await request(app).post('/api/v1/auth/refresh').send({ refreshToken: 'refresh-1' });
      const loggedOut = await request(app).post('/api/v1/auth/logout').send({ refreshToken: 'refresh-2' });

      expect(refreshed.status).toBe(200);
      expect(refreshed.headers['cache-control']).toBe('no-store');
      expect(refreshed.body).toEqual({
        accessToken: 'new.access.token',
        tokenType: 'Bearer',
        expiresIn: 900,
        refreshToken: 'refresh-2',
        refreshExpiresIn: 2_592_000,
      });
      expect(loggedOut.status).toBe(204);
      expect(sent('logout')).toEqual({ refreshToken: 'refresh-2' });
    });

    it('answers a missing refresh token with a 400 naming it', async () => {
      const { app } = build();

      const res = await request(app).post('/api/v1/auth/refresh').send({});

      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'refreshToken', message: 'is required' }]);
    });

    it('serves the JWKS publicly at the well-known path, cacheable for 5 minutes, and only there', async () => {
      const { app } = build();

      const res = await request(app).get('/.well-known/jwks.json');
      const old = await request(app).get('/api/v1/auth/jwks');

      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=300');
      expect(res.headers['content-type']).toMatch(/^application\/jwk-set\+json/);
      expect(JSON.parse(res.text).keys[0]).toMatchObject({ kid: 'key-1', alg: 'ES256' });
      expect(old.status).toBe(404);
    });

    it('answers /me with the profile, permissions and scope; no permission needed', async () => {
      const { app } = build();
      const nobody = await signAccessToken(key, { claims: { ...REP_CLAIMS, perms: [] } });

      const res = await request(app).get('/api/v1/me').set('Authorization', `Bearer ${nobody}`);

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        employee: { id: EMPLOYEE_ID, workStatus: 'in_office', status: 'active', dataScope: 'self' },
        permissions: ['crm.lead.read'],
        dataScope: 'self',
        tenant: { id: 't-1', code: 'acme', name: 'Acme' },
        department: { id: 'd-7', name: '杭州销售部', path: '/d-1/d-7/' },
      });
    });

    it('answers /me without a token with 401', async () => {
      const { app } = build();

      const res = await request(app).get('/api/v1/me');

      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(PROBLEM);
    });

    it('changes the password (204) and reads a wrong current password as a 400 naming it', async () => {
      const { app, identity, sent } = build();

      const ok = await request(app)
        .post('/api/v1/me/password')
        .set('Authorization', `Bearer ${rep}`)
        .send({ currentPassword: 'old', newPassword: 'new-password-1' });
      identity.changePassword = async () => {
        throw new ServiceError('UNAUTHENTICATED', 'wrong password');
      };
      const wrong = await request(app)
        .post('/api/v1/me/password')
        .set('Authorization', `Bearer ${rep}`)
        .send({ currentPassword: 'nope', newPassword: 'new-password-1' });

      expect(ok.status).toBe(204);
      expect(sent('changePassword')).toEqual({ currentPassword: 'old', newPassword: 'new-password-1' });
      expect(wrong.status).toBe(400);
      expect(wrong.body.errors).toEqual([{ field: 'currentPassword', message: 'is wrong' }]);
    });
  });

  describe('password reset by an admin', () => {
    it('forwards a valid reset, refuses a rep and names a short password', async () => {
      const { app, sent } = build();
      const path = '/api/v1/employees/0190f1d2-aaaa-7000-8000-000000000001/password';

      const ok = await request(app)
        .post(path)
        .set('Authorization', `Bearer ${admin}`)
        .send({ newPassword: 'Reset2026x' });
      const forbidden = await request(app)
        .post(path)
        .set('Authorization', `Bearer ${rep}`)
        .send({ newPassword: 'Reset2026x' });
      const short = await request(app)
        .post(path)
        .set('Authorization', `Bearer ${admin}`)
        .send({ newPassword: 'short' });

      expect(ok.status).toBe(204);
      expect(sent('resetPassword')).toEqual({
        employeeId: '0190f1d2-aaaa-7000-8000-000000000001',
        newPassword: 'Reset2026x',
      });
      expect(forbidden.status).toBe(403);
      expect(short.status).toBe(400);
      expect(short.body.errors.map((e: { field: string }) => e.field)).toEqual(['newPassword']);
    });
  });

  describe('tenant', () => {
    it('answers the tenant with its version as the ETag, to any signed-in caller', async () => {
      const { app } = build();

      const res = await request(app).get('/api/v1/tenant').set('Authorization', `Bearer ${rep}`);

      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"5"');
      expect(res.body).toEqual({
        id: 't-1',
        code: 'acme',
        name: 'Acme',
        settings: {
          timeZone: 'Asia/Shanghai',
          currency: 'CNY',
          weekStart: 1,
          fiscalYearStartMonth: 1,
          leaderboardVisibleToAll: true,
          defaultGeofenceRadiusMeters: 200,
          leadRecycleDays: 30,
        },
        version: 5,
        createdAt: '2026-11-23T08:00:00.000Z',
      });
    });

    it('patches only the settings sent, with If-Match as expected_version', async () => {
      const { app, sent } = build();

      const res = await request(app)
        .patch('/api/v1/tenant')
        .set('Authorization', `Bearer ${admin}`)
        .set('If-Match', '"5"')
        .send({ settings: { weekStart: 7, leaderboardVisibleToAll: false } });

      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"6"');
      expect(sent('updateTenant')).toEqual({
        expectedVersion: '5',
        settings: { weekStart: 7, leaderboardVisibleToAll: false },
      });
    });

    it('sends expected_version 0 without If-Match', async () => {
      const { app, sent } = build();

      await request(app).patch('/api/v1/tenant').set('Authorization', `Bearer ${admin}`).send({ name: 'Acme Ltd' });

      expect(sent('updateTenant')).toEqual({ expectedVersion: '0', name: 'Acme Ltd' });
    });

    it('answers a stale If-Match with 412', async () => {
      const { app, identity } = build();
      identity.updateTenant = async () => {
        throw new ServiceError('CONFLICT', 'tenant is at version 6', { reason: 'VERSION_CONFLICT' });
      };

      const res = await request(app)
        .patch('/api/v1/tenant')
        .set('Authorization', `Bearer ${admin}`)
        .set('If-Match', '"5"')
        .send({ name: 'Acme Ltd' });

      expect(res.status).toBe(412);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ type: 'https://salesflow.dev/problems/precondition-failed', status: 412 });
    });

    it('names the bad setting and a malformed If-Match', async () => {
      const { app } = build();

      const badSetting = await request(app)
        .patch('/api/v1/tenant')
        .set('Authorization', `Bearer ${admin}`)
        .send({ settings: { weekStart: 8, timeZone: 'Mars/Olympus' } });
      const badHeader = await request(app)
        .patch('/api/v1/tenant')
        .set('Authorization', `Bearer ${admin}`)
        .set('If-Match', 'W/"5"')
        .send({ name: 'A' });

      expect(badSetting.status).toBe(400);
      expect(badSetting.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'settings.timeZone',
        'settings.weekStart',
      ]);
      expect(badHeader.status).toBe(400);
      expect(badHeader.body.errors).toEqual([{ field: 'If-Match', message: expect.any(String) }]);
    });

    it('needs identity.tenant.write to change the tenant or rotate the key', async () => {
      const { app, calls } = build();

      const patch = await request(app).patch('/api/v1/tenant').set('Authorization', `Bearer ${reader}`).send({});
      const rotate = await request(app)
        .post('/api/v1/tenant/signing-keys/rotate')
        .set('Authorization', `Bearer ${reader}`);
      const rotated = await request(app)
        .post('/api/v1/tenant/signing-keys/rotate')
        .set('Authorization', `Bearer ${admin}`);

      expect(patch.status).toBe(403);
      expect(rotate.status).toBe(403);
      expect(rotated.body).toEqual({ kid: 'key-2' });
      expect(calls.filter((c) => c.method === 'updateTenant')).toHaveLength(0);
    });
  });

  describe('departments', () => {
    const org = [
      storedDepartment({ id: 'd-1', name: '总部', path: '/d-1/' }),
      storedDepartment({ id: 'd-2', name: '销售中心', parentId: 'd-1', path: '/d-1/d-2/', region: '华东' }),
      storedDepartment({ id: 'd-4', name: '华南大区', parentId: 'd-2', path: '/d-1/d-2/d-4/' }),
      storedDepartment({ id: 'd-3', name: '华东大区', parentId: 'd-2', path: '/d-1/d-2/d-3/' }),
      storedDepartment({ id: 'd-5', name: '财务部', parentId: 'd-1', path: '/d-1/d-5/', managerId: 'emp-5' }),
    ];
    const node = (id: string, name: string, parentId: string | null, path: string, children: unknown[] = []) => ({
      id,
      name,
      parentId,
      path,
      managerId: null,
      region: null,
      version: 1,
      createdAt: '2026-11-23T08:00:00.000Z',
      children,
    });

    it('nests the flat list by path into a tree', async () => {
      const { app, identity } = build();
      identity.listDepartments = async () => ({ departments: org });

      const res = await request(app).get('/api/v1/departments?view=tree').set('Authorization', `Bearer ${reader}`);

      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        view: 'tree',
        items: [
          node('d-1', '总部', null, '/d-1/', [
            {
              ...node('d-2', '销售中心', 'd-1', '/d-1/d-2/', [
                node('d-3', '华东大区', 'd-2', '/d-1/d-2/d-3/'),
                node('d-4', '华南大区', 'd-2', '/d-1/d-2/d-4/'),
              ]),
              region: '华东',
            },
            { ...node('d-5', '财务部', 'd-1', '/d-1/d-5/'), managerId: 'emp-5' },
          ]),
        ],
      });
    });

    it('lists flat on request, and refuses an unknown view', async () => {
      const { app, identity } = build();
      identity.listDepartments = async () => ({ departments: org });

      const flat = await request(app).get('/api/v1/departments?view=flat').set('Authorization', `Bearer ${reader}`);
      const bad = await request(app).get('/api/v1/departments?view=graph').set('Authorization', `Bearer ${reader}`);

      expect(flat.body.view).toBe('flat');
      expect(flat.body.items.map((d: { id: string }) => d.id)).toEqual(['d-1', 'd-2', 'd-4', 'd-3', 'd-5']);
      expect(flat.body.items[0].children).toBeUndefined();
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([{ field: 'view', message: expect.any(String) }]);
    });

    it('creates (201, Location), patches, moves and deletes', async () => {
      const { app, sent } = build();
      const auth = { Authorization: `Bearer ${admin}` };

      const created = await request(app)
        .post('/api/v1/departments')
        .set(auth)
        .send({ name: '杭州销售部', parentId: 'd-3' });
      const patched = await request(app)
        .patch('/api/v1/departments/d-9')
        .set(auth)
        .set('If-Match', '"1"')
        .send({ managerId: null, region: '华东' });
      const moved = await request(app).post('/api/v1/departments/d-9/move').set(auth).send({ parentId: null });
      const deleted = await request(app).delete('/api/v1/departments/d-9').set(auth);

      expect(created.status).toBe(201);
      expect(created.headers.location).toBe('/api/v1/departments/d-9');
      expect(created.headers.etag).toBe('"1"');
      expect(sent('createDepartment')).toEqual({ name: '杭州销售部', parentId: 'd-3', managerId: '', region: '' });
      expect(patched.status).toBe(200);
      expect(sent('updateDepartment')).toEqual({ id: 'd-9', expectedVersion: '1', managerId: '', region: '华东' });
      expect(moved.body).toMatchObject({ department: { id: 'd-1' }, movedCount: 3 });
      expect(sent('moveDepartment')).toEqual({ id: 'd-9', newParentId: '', expectedVersion: '0' });
      expect(deleted.status).toBe(204);
    });

    it('names a missing name and a missing parentId', async () => {
      const { app } = build();

      const create = await request(app).post('/api/v1/departments').set('Authorization', `Bearer ${admin}`).send({});
      const move = await request(app)
        .post('/api/v1/departments/d-9/move')
        .set('Authorization', `Bearer ${admin}`)
        .send({});

      expect(create.body.errors).toEqual([{ field: 'name', message: 'is required' }]);
      expect(move.body.errors).toEqual([{ field: 'parentId', message: 'is required' }]);
    });

    it('needs identity.department.write to change the tree', async () => {
      const { app } = build();

      const res = await request(app).delete('/api/v1/departments/d-9').set('Authorization', `Bearer ${reader}`);

      expect(res.status).toBe(403);
    });
  });

  describe('employees', () => {
    const auth = () => ({ Authorization: `Bearer ${admin}` });
    const path = `/api/v1/employees/${EMPLOYEE_ID}`;

    it('creates an employee: 201, Location, ETag, API names out', async () => {
      const { app, sent } = build();

      const res = await request(app)
        .post('/api/v1/employees')
        .set(auth())
        .send({ name: '王芳', email: 'wang.fang@acme.example', departmentId: 'd-7', roleCodes: ['sales_rep'] });

      expect(res.status).toBe(201);
      expect(res.headers.location).toBe(path);
      expect(res.headers.etag).toBe('"3"');
      expect(res.body).toEqual({
        id: EMPLOYEE_ID,
        name: '王芳',
        email: 'wang.fang@acme.example',
        phone: null,
        title: '销售代表',
        departmentId: 'd-7',
        departmentPath: '/d-1/d-7/',
        managerId: 'emp-9',
        roles: ['sales_rep'],
        status: 'active',
        workStatus: 'in_office',
        dataScope: 'self',
        successorId: null,
        version: 3,
        createdAt: '2026-11-23T08:00:00.000Z',
        updatedAt: '2026-11-23T08:00:00.000Z',
      });
      expect(sent('createEmployee')).toEqual({
        name: '王芳',
        email: 'wang.fang@acme.example',
        phone: '',
        password: '',
        departmentId: 'd-7',
        title: '',
        managerId: '',
        roleCodes: ['sales_rep'],
      });
    });

    it('names a bad email, and answers a taken one with 409 naming the field', async () => {
      const { app, identity } = build();

      const bad = await request(app)
        .post('/api/v1/employees')
        .set(auth())
        .send({ name: 'A', email: 'x', departmentId: 'd' });
      identity.createEmployee = async () => {
        throw new ServiceError('ALREADY_EXISTS', 'email is taken', {
          reason: 'EMPLOYEE_EMAIL_TAKEN',
          fieldErrors: [{ field: 'email', message: 'is taken' }],
        });
      };
      const taken = await request(app)
        .post('/api/v1/employees')
        .set(auth())
        .send({ name: 'A', email: 'a@acme.example', departmentId: 'd' });

      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([{ field: 'email', message: expect.any(String) }]);
      expect(taken.status).toBe(409);
      expect(taken.body).toMatchObject({
        type: 'https://salesflow.dev/problems/already-exists',
        errors: [{ field: 'email', message: 'is taken' }],
      });
    });

    it('lists with the filters in proto terms', async () => {
      const { app, sent } = build();

      const res = await request(app)
        .get('/api/v1/employees?limit=10&cursor=c1&departmentId=d-2&status=inactive&role=sales_rep&q=wang')
        .set('Authorization', `Bearer ${reader}`);

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ items: [{ id: EMPLOYEE_ID }], nextCursor: null });
      expect(sent('listEmployees')).toEqual({
        page: { limit: 10, cursor: 'c1' },
        departmentId: 'd-2',
        status: 'EMPLOYEE_STATUS_INACTIVE',
        roleCode: 'sales_rep',
        query: 'wang',
      });
    });

    it('gets one with an ETag, and answers 412 to a stale If-Match on PATCH', async () => {
      const { app, identity, sent } = build();

      const got = await request(app).get(path).set('Authorization', `Bearer ${reader}`);
      const patched = await request(app).patch(path).set(auth()).set('If-Match', '"3"').send({ title: '' });
      identity.updateEmployee = async () => {
        throw new ServiceError('CONFLICT', 'stale');
      };
      const stale = await request(app).patch(path).set(auth()).set('If-Match', '"2"').send({ title: 'x' });

      expect(got.headers.etag).toBe('"3"');
      expect(patched.status).toBe(200);
      expect(sent('updateEmployee')).toEqual({ id: EMPLOYEE_ID, expectedVersion: '3', title: '' });
      expect(stale.status).toBe(412);
    });

    it('maps the actions to their RPCs', async () => {
      const { app, sent } = build();

      const responses = [
        await request(app).post(`${path}/deactivate`).set(auth()).send({ reason: 'on sabbatical' }),
        await request(app).post(`${path}/reactivate`).set(auth()),
        await request(app).post(`${path}/status`).set(auth()).send({ workStatus: 'visiting_client', note: '拜访客户' }),
        await request(app)
          .post(`${path}/transfer`)
          .set(auth())
          .send({ departmentId: 'd-3', managerId: null, effectiveDate: '2026-12-01' }),
        await request(app).post(`${path}/depart`).set(auth()).send({ successorId: 'emp-2', departedOn: '2026-12-31' }),
        await request(app)
          .put(`${path}/roles`)
          .set(auth())
          .send({ roleCodes: ['sales_manager'] }),
      ];

      for (const res of responses) expect(res.status).toBe(200);
      expect(sent('deactivateEmployee')).toEqual({ id: EMPLOYEE_ID, reason: 'on sabbatical' });
      expect(sent('reactivateEmployee')).toEqual({ id: EMPLOYEE_ID });
      expect(sent('setWorkStatus')).toEqual({
        id: EMPLOYEE_ID,
        workStatus: 'WORK_STATUS_VISITING_CLIENT',
        note: '拜访客户',
      });
      expect(sent('transferEmployee')).toEqual({
        id: EMPLOYEE_ID,
        departmentId: 'd-3',
        managerId: '',
        effectiveDate: '2026-12-01',
        reason: '',
      });
      expect(sent('departEmployee')).toEqual({
        id: EMPLOYEE_ID,
        successorId: 'emp-2',
        departedOn: '2026-12-31',
        reason: '',
      });
      expect(sent('assignRoles')).toEqual({ employeeId: EMPLOYEE_ID, roleCodes: ['sales_manager'] });
    });

    it('refuses a departure without successorId, naming it', async () => {
      const { app, calls } = build();

      const res = await request(app).post(`${path}/depart`).set(auth()).send({ reason: 'left' });

      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'successorId', message: 'is required' }]);
      expect(calls.filter((c) => c.method === 'departEmployee')).toHaveLength(0);
    });

    it('names a bad work status and a bad effective date', async () => {
      const { app } = build();

      const status = await request(app).post(`${path}/status`).set(auth()).send({ workStatus: 'napping' });
      const transfer = await request(app)
        .post(`${path}/transfer`)
        .set(auth())
        .send({ departmentId: 'd-3', effectiveDate: '2026-02-30' });

      expect(status.body.errors).toEqual([{ field: 'workStatus', message: expect.any(String) }]);
      expect(transfer.body.errors).toEqual([{ field: 'effectiveDate', message: expect.any(String) }]);
    });

    it('passes the CSV through unchanged and reports the rows identity refused', async () => {
      const { app, identity } = build();
      const sentCsv: string[] = [];
      identity.importEmployees = async (req) => {
        sentCsv.push(req.csv);
        return { created: [], errors: [{ line: 3, field: 'email', message: 'is taken' }], rowsTotal: 2 };
      };
      const csv =
        'name,email,phone,department,title,roles,password\n王芳,a@acme.example,,杭州销售部,,sales_rep,\n李四,a@acme.example,,,,,\n';

      const res = await request(app)
        .post('/api/v1/employees/import')
        .set(auth())
        .set('Content-Type', 'text/csv; charset=utf-8')
        .send(csv);

      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        created: [],
        errors: [{ line: 3, field: 'email', message: 'is taken' }],
        rowsTotal: 2,
      });
      expect(sentCsv).toEqual([csv]);
    });

    it('answers a malformed CSV with 400, JSON with 415, an empty body with 400', async () => {
      const { app, identity } = build();
      identity.importEmployees = async () => {
        throw ServiceError.invalid([{ field: 'csv', message: 'line 1: the header row is missing name' }]);
      };

      const malformed = await request(app)
        .post('/api/v1/employees/import')
        .set(auth())
        .set('Content-Type', 'text/csv')
        .send('"unclosed');
      const asJson = await request(app).post('/api/v1/employees/import').set(auth()).send({ csv: 'x' });
      const empty = await request(app)
        .post('/api/v1/employees/import')
        .set(auth())
        .set('Content-Type', 'text/csv')
        .send('');

      expect(malformed.status).toBe(400);
      expect(malformed.headers['content-type']).toMatch(PROBLEM);
      expect(malformed.body.errors).toEqual([{ field: 'csv', message: 'line 1: the header row is missing name' }]);
      expect(asJson.status).toBe(415);
      expect(empty.status).toBe(400);
    });

    it('answers the history with before/after as objects, and subordinates of the whole subtree', async () => {
      const { app, identity, sent } = build();
      identity.getEmployeeHistory = async () => ({
        records: [
          {
            id: 'c-1',
            entityType: 'employee',
            entityId: EMPLOYEE_ID,
            action: 'transferred',
            actorId: 'emp-9',
            occurredAt: new Date('2026-11-23T09:00:00.000Z'),
            beforeJson: '{"departmentId":"d-7"}',
            afterJson: '{"departmentId":"d-3"}',
          },
        ],
        page: { nextCursor: 'n' },
      });

      const history = await request(app).get(`${path}/history`).set('Authorization', `Bearer ${reader}`);
      const subs = await request(app)
        .get(`${path}/subordinates?wholeSubtree=true`)
        .set('Authorization', `Bearer ${reader}`);

      expect(history.body).toEqual({
        items: [
          {
            id: 'c-1',
            entityType: 'employee',
            entityId: EMPLOYEE_ID,
            action: 'transferred',
            actorId: 'emp-9',
            occurredAt: '2026-11-23T09:00:00.000Z',
            before: { departmentId: 'd-7' },
            after: { departmentId: 'd-3' },
          },
        ],
        nextCursor: 'n',
      });
      expect(subs.body.items).toHaveLength(1);
      expect(sent('listSubordinates')).toEqual({ employeeId: EMPLOYEE_ID, wholeSubtree: true });
    });

    it('needs identity.employee.read to list and identity.employee.write to change', async () => {
      const { app } = build();

      const list = await request(app).get('/api/v1/employees').set('Authorization', `Bearer ${rep}`);
      const depart = await request(app)
        .post(`${path}/depart`)
        .set('Authorization', `Bearer ${reader}`)
        .send({ successorId: 'emp-2' });
      const anonymous = await request(app).get('/api/v1/employees');

      expect(list.status).toBe(403);
      expect(depart.status).toBe(403);
      expect(anonymous.status).toBe(401);
    });
  });

  describe('roles', () => {
    it('lists, creates and patches roles with API scope names', async () => {
      const { app, sent } = build();

      const list = await request(app).get('/api/v1/roles').set('Authorization', `Bearer ${reader}`);
      const created = await request(app)
        .post('/api/v1/roles')
        .set('Authorization', `Bearer ${admin}`)
        .send({ code: 'key_account_manager', name: 'KAM', permissions: ['crm.*'], dataScope: 'department_tree' });
      const patched = await request(app)
        .patch('/api/v1/roles/r-1')
        .set('Authorization', `Bearer ${admin}`)
        .set('If-Match', '"2"')
        .send({ permissions: [] });

      expect(list.body.items[0]).toEqual({
        id: 'r-1',
        code: 'key_account_manager',
        name: 'Key account manager',
        permissions: ['crm.lead.read'],
        dataScope: 'department_tree',
        builtIn: false,
        version: 2,
      });
      expect(created.status).toBe(201);
      expect(created.headers.location).toBe('/api/v1/roles/r-1');
      expect(sent('createRole')).toEqual({
        code: 'key_account_manager',
        name: 'KAM',
        permissions: ['crm.*'],
        dataScope: 'DATA_SCOPE_DEPARTMENT_TREE',
      });
      expect(patched.headers.etag).toBe('"3"');
      expect(sent('updateRole')).toEqual({ id: 'r-1', expectedVersion: '2', permissions: { permissions: [] } });
    });

    it('names a bad data scope and a bad permission', async () => {
      const { app } = build();

      const res = await request(app)
        .post('/api/v1/roles')
        .set('Authorization', `Bearer ${admin}`)
        .send({ code: 'kam', name: 'KAM', permissions: ['CRM lead'], dataScope: 'world' });

      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['dataScope', 'permissions.0']);
    });

    it('deletes a role with the version of If-Match, and needs identity.role.write for it', async () => {
      const { app, sent } = build();

      const deleted = await request(app)
        .delete('/api/v1/roles/r-1')
        .set('Authorization', `Bearer ${admin}`)
        .set('If-Match', '"2"');
      const refused = await request(app).delete('/api/v1/roles/r-1').set('Authorization', `Bearer ${reader}`);

      expect(deleted.status).toBe(204);
      expect(sent('deleteRole')).toEqual({ id: 'r-1', expectedVersion: '2' });
      expect(refused.status).toBe(403);
    });

    it('needs identity.role.write to create', async () => {
      const { app } = build();

      const res = await request(app)
        .post('/api/v1/roles')
        .set('Authorization', `Bearer ${reader}`)
        .send({ code: 'kam', name: 'KAM', permissions: [], dataScope: 'self' });

      expect(res.status).toBe(403);
    });
  });

  it('documents every identity operation with the permission it needs', async () => {
    const { app } = build();

    const res = await request(app).get('/api/v1/openapi.json');

    const expected: [string, string, string][] = [
      ['post', '/api/v1/auth/login', 'Public'],
      ['post', '/api/v1/auth/refresh', 'Public'],
      ['post', '/api/v1/auth/logout', 'Public'],
      ['get', '/.well-known/jwks.json', 'Public'],
      ['get', '/api/v1/me', 'authentication only'],
      ['post', '/api/v1/me/password', 'authentication only'],
      ['get', '/api/v1/tenant', 'authentication only'],
      ['patch', '/api/v1/tenant', 'identity.tenant.write'],
      ['post', '/api/v1/tenant/signing-keys/rotate', 'identity.tenant.write'],
      ['get', '/api/v1/departments', 'identity.department.read'],
      ['post', '/api/v1/departments', 'identity.department.write'],
      ['patch', '/api/v1/departments/{id}', 'identity.department.write'],
      ['post', '/api/v1/departments/{id}/move', 'identity.department.write'],
      ['delete', '/api/v1/departments/{id}', 'identity.department.write'],
      ['post', '/api/v1/employees', 'identity.employee.write'],
      ['get', '/api/v1/employees', 'identity.employee.read'],
      ['get', '/api/v1/employees/{id}', 'identity.employee.read'],
      ['patch', '/api/v1/employees/{id}', 'identity.employee.write'],
      ['post', '/api/v1/employees/{id}/password', 'identity.employee.write'],
      ['post', '/api/v1/employees/{id}/deactivate', 'identity.employee.write'],
      ['post', '/api/v1/employees/{id}/reactivate', 'identity.employee.write'],
      ['post', '/api/v1/employees/{id}/status', 'identity.employee.write'],
      ['post', '/api/v1/employees/{id}/transfer', 'identity.employee.write'],
      ['post', '/api/v1/employees/{id}/depart', 'identity.employee.write'],
      ['put', '/api/v1/employees/{id}/roles', 'identity.employee.write'],
      ['post', '/api/v1/employees/import', 'identity.employee.write'],
      ['get', '/api/v1/employees/{id}/history', 'identity.employee.read'],
      ['get', '/api/v1/employees/{id}/subordinates', 'identity.employee.read'],
      ['get', '/api/v1/roles', 'identity.role.read'],
      ['post', '/api/v1/roles', 'identity.role.write'],
      ['patch', '/api/v1/roles/{id}', 'identity.role.write'],
      ['delete', '/api/v1/roles/{id}', 'identity.role.write'],
    ];
    for (const [method, route, permission] of expected) {
      const operation = res.body.paths[route]?.[method];
      expect({ route, method, description: operation?.description }).toEqual({
        route,
        method,
        description: expect.stringContaining(permission),
      });
      expect(Object.keys(operation.responses).length).toBeGreaterThan(0);
    }
    expect(res.body.paths['/api/v1/auth/jwks']).toBeUndefined();
    expect(res.body.paths['/api/v1/employees/import'].post.requestBody.content['text/csv']).toBeDefined();
    const refs = [...res.text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    for (const ref of refs) expect(Object.keys(res.body.components.schemas)).toContain(ref);
  });
});
