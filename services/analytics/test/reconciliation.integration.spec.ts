import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { commonV1, crmV1 } from '@salesflow/contracts';
import { bindService, createLogger, type DomainEvent, ServiceError, startGrpcServer } from '@salesflow/platform';
import { createTestDatabase, type TestDatabase } from '@salesflow/platform/testing';
import { Pool } from 'pg';
import pino from 'pino';
import { KpiService } from '../src/modules/kpi/kpi.service';
import { ContractReconciler } from '../src/modules/reconciliation/contract-reconciler';
import { type ContractSource, CrmContractSource } from '../src/modules/reconciliation/contract-source';
import { reconcileAllTenants } from '../src/modules/reconciliation/reconciliation.scheduler';
import { createProjector } from '../src/projections/projector';
import { money } from './support/test-events';

const log = pino({ level: 'silent' });

/** crm's contracts as an in-memory source (the gRPC adapter only pages through crm's ListContracts). */
class FakeCrm implements ContractSource {
  readonly contracts = new Map<string, crmV1.Contract>();
  async signedContracts(): Promise<crmV1.Contract[]> {
    return [...this.contracts.values()].filter((c) => c.status === 'CONTRACT_STATUS_SIGNED');
  }
  async contract(_tenantId: string, id: string): Promise<crmV1.Contract | undefined> {
    return this.contracts.get(id);
  }
}

describe('reconciliation of contracts with crm', () => {
  const tenantId = randomUUID();
  const rep = randomUUID();
  const path = `${randomUUID()}/`;
  const project = createProjector({ timeZone: 'Asia/Shanghai' });
  let db: TestDatabase;
  let pool: Pool;
  let kpis: KpiService;
  const crm = new FakeCrm();
  const director = commonV1.Principal.fromPartial({
    tenantId,
    employeeId: randomUUID(),
    permissions: ['analytics.read'],
    dataScope: 'DATA_SCOPE_TENANT',
  });

  const contract = (
    id: string,
    version: number,
    signedOn: string,
    amount: number,
    status: crmV1.ContractStatus = 'CONTRACT_STATUS_SIGNED',
  ) =>
    crmV1.Contract.fromPartial({
      id,
      tenantId,
      ownerId: rep,
      status,
      signedOn,
      version: String(version),
      totalAmount: money(amount),
      lines: [{ id: `${id}-0`, productLine: 'P1', amount: money(amount) }],
    });

  /** What the consumer projected from the events it got. */
  async function projected(contracts: crmV1.Contract[]): Promise<void> {
    const events = contracts.map(
      (c) =>
        ({
          id: randomUUID(),
          type: 'crm.contract.signed',
          tenantId,
          aggregateId: c.id,
          aggregateVersion: Number(c.version),
          occurredAt: new Date(),
          actorId: '',
          payload: crmV1.ContractChanged.fromPartial({
            contract: c,
            attribution: { ownerId: rep, departmentPath: path, region: '华东', customerSegment: 'key' },
          }),
        }) satisfies DomainEvent<crmV1.ContractChanged>,
    );
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await project(events, client);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  }

  const julySales = async () =>
    (await kpis.getKpis(director, { period: '2026-07', groupBy: 'KPI_GROUP_BY_UNSPECIFIED', departmentId: '' })).total;

  const [c1, c2, c3, c4] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];

  beforeAll(async () => {
    db = await createTestDatabase('analytics', join(__dirname, '../prisma/migrations'), { orgReplica: true });
    pool = new Pool({ connectionString: db.url, max: 4 });
    kpis = new KpiService(pool);
    await pool.query(
      `INSERT INTO salesflow_employee_replica (id, tenant_id, name, department_id, department_path, version)
       VALUES ($1, $2, 'rep', $3, $4, 1)`,
      [rep, tenantId, randomUUID(), path],
    );
    // crm holds: c1 07-05 100,000; c2 amended to 120,000 (v2) on 07-10; c3 30,000 on 07-12;
    // c4 cancelled (v2), signed 07-15 for 40,000.
    crm.contracts.set(c1, contract(c1, 1, '2026-07-05', 100_000));
    crm.contracts.set(c2, contract(c2, 2, '2026-07-10', 120_000));
    crm.contracts.set(c3, contract(c3, 1, '2026-07-12', 30_000));
    crm.contracts.set(c4, contract(c4, 2, '2026-07-15', 40_000, 'CONTRACT_STATUS_CANCELLED'));
    // The projection missed c2's amendment, c3 entirely and c4's cancellation.
    await projected([
      contract(c1, 1, '2026-07-05', 100_000),
      contract(c2, 1, '2026-07-10', 80_000),
      contract(c4, 1, '2026-07-15', 40_000),
    ]);
  });

  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('reports the drifting days, repairs them from crm, and then finds nothing', async () => {
    // Before: 100,000 + 80,000 + 40,000 = 220,000 over 3 contracts.
    expect((await julySales())?.salesAmount).toEqual(money(220_000));
    const reconciler = new ContractReconciler(pool, crm, project, log);
    const report = await reconciler.reconcile(tenantId, '2026-07-01', '2026-07-31');
    expect(report.drift).toEqual([
      {
        day: '2026-07-10',
        source: { contracts: 1, amountMinor: 120_000 },
        projected: { contracts: 1, amountMinor: 80_000 },
      },
      { day: '2026-07-12', source: { contracts: 1, amountMinor: 30_000 }, projected: { contracts: 0, amountMinor: 0 } },
      { day: '2026-07-15', source: { contracts: 0, amountMinor: 0 }, projected: { contracts: 1, amountMinor: 40_000 } },
    ]);
    // c2 (newer version), c3 (missing), c4 (cancelled in crm).
    expect(report.repaired).toBe(3);
    expect(report.unresolved).toEqual([]);
    // After: 100,000 + 120,000 + 30,000 = 250,000 over 3 contracts.
    const after = await julySales();
    expect(after?.salesAmount).toEqual(money(250_000));
    expect(after?.contracts).toBe('3');
    const c3Fact = await pool.query('SELECT department_path, status FROM contract_facts WHERE contract_id = $1', [c3]);
    // A contract the projection never saw gets its owner's department path from the org replica.
    expect(c3Fact.rows[0]).toEqual({ department_path: path, status: 'SIGNED' });

    // A second run finds nothing and changes nothing.
    const again = await reconcileAllTenants(pool, reconciler, { days: 31, today: '2026-07-31' });
    expect(again.find((r) => r.tenantId === tenantId)).toMatchObject({ drift: [], repaired: 0, unresolved: [] });
    expect((await julySales())?.salesAmount).toEqual(money(250_000));
  });

  it('never undoes a newer projected state with an older crm answer', async () => {
    // The consumer already has c1's amendment (v3, 90,000) that crm's page (v1) predates.
    await projected([contract(c1, 3, '2026-07-05', 90_000)]);
    const reconciler = new ContractReconciler(pool, crm, project, log);
    const report = await reconciler.reconcile(tenantId, '2026-07-01', '2026-07-31');
    // 07-05 differs (crm 100,000, projected 90,000) but crm's version is older: nothing re-projected,
    // and the day stays unresolved until crm's next answer.
    expect(report.repaired).toBe(0);
    expect(report.unresolved).toEqual(['2026-07-05']);
    // 90,000 + 120,000 + 30,000.
    expect((await julySales())?.salesAmount).toEqual(money(240_000));
  });
});

describe('the crm contract source over gRPC', () => {
  const tenantId = randomUUID();
  const seen: { method: string; principal: commonV1.Principal | undefined; request: unknown }[] = [];
  const all = ['a', 'b', 'c'].map((id) =>
    crmV1.Contract.fromPartial({
      id,
      tenantId,
      status: 'CONTRACT_STATUS_SIGNED',
      version: '1',
      signedOn: '2026-07-01',
    }),
  );
  let grpc: Awaited<ReturnType<typeof startGrpcServer>>;

  beforeAll(async () => {
    // Every SalesService method answers "not here" but the two the source uses.
    const handlers = Object.fromEntries(
      Object.keys(crmV1.SalesServiceService).map((name) => [
        name,
        async () => {
          throw new ServiceError('FAILED_PRECONDITION', `${name} is not part of this test`);
        },
      ]),
    ) as unknown as Parameters<typeof bindService<typeof crmV1.SalesServiceService>>[1];
    handlers.listContracts = async (request, context) => {
      seen.push({ method: 'listContracts', principal: context.principal, request });
      // Pages of two, whatever the limit asked: the source must follow the cursor.
      const start = Number(request.page?.cursor || 0);
      const next = start + 2 < all.length ? String(start + 2) : '';
      return { contracts: all.slice(start, start + 2), page: { nextCursor: next } };
    };
    handlers.getContract = async (request, context) => {
      seen.push({ method: 'getContract', principal: context.principal, request });
      const contract = all.find((c) => c.id === request.id);
      if (!contract) throw new ServiceError('NOT_FOUND', 'no such contract');
      return { contract };
    };
    grpc = await startGrpcServer({
      serviceName: 'crm',
      port: 0,
      bindings: [bindService(crmV1.SalesServiceService, handlers)],
      log: createLogger('crm-fake', 'silent'),
    });
    grpc.setServing(true);
  });

  afterAll(async () => {
    await grpc?.drain();
  });

  it('pages through the SIGNED contracts as a tenant-wide contract reader, and maps NOT_FOUND to undefined', async () => {
    const source = new CrmContractSource(`127.0.0.1:${grpc.port}`);
    expect((await source.signedContracts(tenantId)).map((c) => c.id)).toEqual(['a', 'b', 'c']);
    // Two pages: cursor '' then '2'.
    const lists = seen.filter((s) => s.method === 'listContracts');
    expect(lists.map((s) => (s.request as crmV1.ListContractsRequest).page?.cursor)).toEqual(['', '2']);
    const first = lists[0]?.request as crmV1.ListContractsRequest | undefined;
    expect(first?.status).toBe('CONTRACT_STATUS_SIGNED');
    expect(lists[0]?.principal).toMatchObject({
      tenantId,
      permissions: ['crm.contract.read'],
      dataScope: 'DATA_SCOPE_TENANT',
    });
    expect((await source.contract(tenantId, 'b'))?.id).toBe('b');
    expect(await source.contract(tenantId, 'nope')).toBeUndefined();
    source.close();
  });
});
