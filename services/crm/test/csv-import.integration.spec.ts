import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { commonV1 } from '@salesflow/contracts';
import { createTestDatabase, type TestDatabase } from '@salesflow/platform/testing';
import { type CrmDatabase, createCrmDatabase } from '../src/database';
import { parseCsv } from '../src/modules/csv/csv';
import { CustomerCsvService } from '../src/modules/csv-import/customer-csv.service';
import { LeadCsvService } from '../src/modules/csv-import/lead-csv.service';
import { CustomFieldService } from '../src/modules/custom-field/custom-field.service';
import { CustomerService } from '../src/modules/customer/customer.service';
import { LeadService } from '../src/modules/lead/lead.service';

/** CSV import with good, bad and duplicate rows; export under data scope. */
describe('CSV import and export', () => {
  let database: TestDatabase;
  let db: CrmDatabase;
  let leadCsv: LeadCsvService;
  let customerCsv: CustomerCsvService;
  let leads: LeadService;
  let customers: CustomerService;
  const tenantId = randomUUID();
  const sh = { id: 'dept-sh', path: '/root/sales/east/sh/' };
  const east = { id: 'dept-east', path: '/root/sales/east/' };
  const south = { id: 'dept-south', path: '/root/sales/south/' };
  const people = { rep: randomUUID(), manager: randomUUID(), repSouth: randomUUID() };
  const principal = (employeeId: string, dept: { id: string; path: string }, scope: commonV1.DataScope) =>
    commonV1.Principal.fromPartial({
      tenantId,
      employeeId,
      permissions: ['crm.*'],
      dataScope: scope,
      departmentId: dept.id,
      departmentPath: dept.path,
    });
  const rep = () => principal(people.rep, sh, 'DATA_SCOPE_SELF');
  const manager = () => principal(people.manager, east, 'DATA_SCOPE_DEPARTMENT_TREE');
  const repSouth = () => principal(people.repSouth, south, 'DATA_SCOPE_SELF');

  beforeAll(async () => {
    database = await createTestDatabase('crm', join(__dirname, '../prisma/migrations'), { orgReplica: true });
    db = createCrmDatabase(database.url);
    const outbox = { source: '/salesflow/crm' };
    leadCsv = new LeadCsvService(db, outbox);
    customerCsv = new CustomerCsvService(db, outbox);
    leads = new LeadService(db, outbox);
    customers = new CustomerService(db, new CustomFieldService(db), outbox);
    for (const [id, dept] of [
      [people.rep, sh],
      [people.manager, east],
      [people.repSouth, south],
    ] as const) {
      await db.$executeRaw`
        INSERT INTO salesflow_employee_replica (id, tenant_id, department_id, department_path, version)
        VALUES (${id}::uuid, ${tenantId}::uuid, ${dept.id}, ${dept.path}, 1)`;
    }
  });

  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  const counts = async () => ({
    leads: await db.lead.count(),
    customers: await db.customer.count(),
    operations: await db.leadOperation.count(),
    outbox: Number((await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM salesflow_outbox`)[0]?.n),
  });

  it('imports good lead rows, reports bad rows by field and duplicates without merging them', async () => {
    const existing = await leads.create(rep(), { name: '老客户', phone: '13800138000' });
    const before = await counts();
    const csv = [
      'name,company,phone,email,source,region,notes,owner_id',
      '王建国,华信贸易有限公司,+86 139 0000 0001,wang@huaxin.cn,展会,华东,"说 ""好""",',
      ',无名公司,12,not-an-email,pigeon,,,',
      '李娜,东方物流,138-0013-8000,,web,,,',
      '赵强,华信贸易,,,referral,,,',
      `孙丽,,,,,,,${people.repSouth}`,
      '周杰,,,zhou@example.cn,cold_call,,,',
    ].join('\n');
    const report = await leadCsv.import(rep(), csv);

    expect(report.totalRows).toBe(6);
    expect(report.created).toBe(2);
    expect(report.errors).toEqual([
      { row: 3, field: 'name', message: 'is required' },
      { row: 3, field: 'phone', message: 'is not a phone number' },
      { row: 3, field: 'email', message: 'is not an email address' },
      { row: 3, field: 'source', message: 'is not a known channel: pigeon' },
      { row: 6, field: 'owner_id', message: 'is not someone in your data scope' },
    ]);
    expect(report.duplicates).toEqual([
      {
        row: 4,
        matches: [
          { kind: 'lead', id: existing.id, matchedOn: ['phone'], visible: true, name: '老客户', ownerId: people.rep },
        ],
        duplicateOfRow: 0,
      },
      { row: 5, matches: [], duplicateOfRow: 2 },
    ]);
    expect(await counts()).toEqual({
      leads: before.leads + 2,
      customers: before.customers,
      operations: before.operations + 2,
      outbox: before.outbox + 2,
    });
    const wang = await db.lead.findFirstOrThrow({ where: { tenantId, name: '王建国' } });
    expect(wang).toMatchObject({
      phone: '+8613900000001',
      email: 'wang@huaxin.cn',
      source: 'EXHIBITION',
      notes: '说 "好"',
      ownerId: people.rep,
      companyKey: '华信贸易',
    });
    expect((await leads.history(rep(), wang.id))[0]).toMatchObject({ action: 'created', after: { via: 'import' } });
    const [event] = await db.$queryRaw<{ event_type: string; message_key: string }[]>`
      SELECT event_type, message_key FROM salesflow_outbox WHERE message_key = ${`${tenantId}:${wang.id}`}`;
    expect(event).toEqual({ event_type: 'crm.lead.created', message_key: `${tenantId}:${wang.id}` });

    // Forced, the look-alikes are created too; a header it does not know is refused whole.
    const forced = await leadCsv.import(rep(), 'name,phone\n李娜,13800138000\n', { force: true });
    expect(forced).toMatchObject({ created: 1, duplicates: [] });
    await expect(leadCsv.import(rep(), 'name,salary\nx,1\n')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('imports customers, and reports duplicates by normalized name', async () => {
    await customers.create(rep(), { name: '上海华信贸易有限公司' });
    const report = await customerCsv.import(
      rep(),
      [
        'name,industry,region,latitude,longitude,lifecycle,tags,groups',
        '上海华信贸易,制造业,华东,,,active,,',
        '南方电子,电子,华南,23.1,113.3,prospect,重点;VIP,重点客户',
        '坐标不全,,,23.1,,,,',
        '北方钢铁,钢铁,华北,,,zombie,,',
        '西部化工,化工,西南,,,churned,,',
      ].join('\r\n'),
    );
    expect(report).toMatchObject({ totalRows: 5, created: 1 });
    expect(report.duplicates.map((d) => [d.row, d.matches.map((m) => m.matchedOn)])).toEqual([[2, [['company']]]]);
    expect(report.errors.map((e) => [e.row, e.field])).toEqual([
      [4, 'longitude'],
      [5, 'lifecycle'],
      // churned only with a reason, through churn: never at import
      [6, 'lifecycle'],
    ]);
    expect(await db.customer.findFirstOrThrow({ where: { tenantId, name: '南方电子' } })).toMatchObject({
      tags: ['重点', 'VIP'],
      groups: ['重点客户'],
      latitude: 23.1,
      longitude: 113.3,
      ownerId: people.rep,
    });
  });

  it('exports only what the caller may see', async () => {
    await leads.create(repSouth(), { name: '南方线索' });
    const names = async (p: commonV1.Principal) => {
      const { csv, nextCursor } = await leadCsv.exportPage(p, {});
      expect(nextCursor).toBe('');
      const [header, ...rows] = parseCsv(csv);
      expect(header?.slice(0, 3)).toEqual(['id', 'name', 'company']);
      return rows.map((r) => r[1]).sort();
    };
    expect(await names(rep())).toEqual(['李娜', '周杰', '王建国', '老客户'].sort());
    expect(await names(manager())).toEqual(['李娜', '周杰', '王建国', '老客户'].sort());
    expect(await names(repSouth())).toEqual(['南方线索']);

    const { csv } = await customerCsv.exportPage(repSouth(), {});
    expect(parseCsv(csv)).toHaveLength(1);
    const mine = parseCsv((await customerCsv.exportPage(rep(), {})).csv);
    expect(
      mine
        .slice(1)
        .map((r) => r[1])
        .sort(),
    ).toEqual(['上海华信贸易有限公司', '南方电子'].sort());
  });
});
