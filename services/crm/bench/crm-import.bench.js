#!/usr/bin/env node
// Imports 100,000 leads (and 100,000 customers) from CSV into a fresh database through the
// same code the ImportLeads / ImportCustomers RPCs run, and prints rows/s. A benchmark, not a
// test: run it after `tsc -b`, with the local PostgreSQL up:
//   node services/crm/bench/crm-import.bench.js [rows]
// TEST_DATABASE_ADMIN_URL picks the server (default postgresql://postgres@127.0.0.1:5432/postgres).
const { randomUUID } = require('node:crypto');
const { join } = require('node:path');
const { commonV1 } = require('@salesflow/contracts');
const { createTestDatabase } = require('@salesflow/platform/testing');
const { createCrmDatabase } = require('../dist/database');
const { LeadCsvService } = require('../dist/modules/csv-import/lead-csv.service');
const { CustomerCsvService } = require('../dist/modules/csv-import/customer-csv.service');

const ROWS = Number(process.argv[2] ?? 100_000);
const SOURCES = ['展会', 'web', 'referral', 'campaign', 'cold_call', 'other'];
const REGIONS = ['华东', '华南', '华北', '西南', '华中'];

function leadsCsv(rows) {
  const lines = ['name,company,phone,email,source,region,notes'];
  for (let i = 0; i < rows; i += 1) {
    const n = String(i).padStart(6, '0');
    lines.push(
      `客户${n},"公司${n} 有限公司",+86 139${String(10_000_000 + i).slice(-8)},lead${n}@example.cn,${SOURCES[i % 6]},${REGIONS[i % 5]},"第 ${i} 行, 展会名片"`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function customersCsv(rows) {
  const lines = ['name,industry,region,latitude,longitude,lifecycle,tags,groups'];
  for (let i = 0; i < rows; i += 1) {
    const n = String(i).padStart(6, '0');
    lines.push(`客户公司${n},制造业,${REGIONS[i % 5]},31.2,121.5,prospect,重点;VIP,重点客户`);
  }
  return `${lines.join('\n')}\n`;
}

async function timed(label, rows, run) {
  const started = process.hrtime.bigint();
  const report = await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rate = Math.round(report.created / seconds);
  console.log(
    `${label}: ${report.created}/${rows} rows created, ${report.errors.length} errors, ${report.duplicates.length} duplicates in ${seconds.toFixed(2)} s = ${rate} rows/s`,
  );
  return rate;
}

async function main() {
  const database = await createTestDatabase('crm', join(__dirname, '..', 'prisma', 'migrations'), { orgReplica: true });
  const db = createCrmDatabase(database.url);
  try {
    const principal = commonV1.Principal.fromPartial({
      tenantId: randomUUID(),
      employeeId: randomUUID(),
      permissions: ['crm.*'],
      dataScope: 'DATA_SCOPE_TENANT',
    });
    const outbox = { source: '/salesflow/crm' };
    const leadCsv = leadsCsv(ROWS);
    const customerCsv = customersCsv(ROWS);
    console.log(
      `CSV sizes: leads ${(leadCsv.length / 1e6).toFixed(1)} MB, customers ${(customerCsv.length / 1e6).toFixed(1)} MB (characters)`,
    );
    await timed('leads', ROWS, () => new LeadCsvService(db, outbox).import(principal, leadCsv));
    await timed('customers', ROWS, () => new CustomerCsvService(db, outbox).import(principal, customerCsv));
    // Duplicate detection over a full table: the same file again finds every row.
    await timed('leads again (all duplicates)', ROWS, () => new LeadCsvService(db, outbox).import(principal, leadCsv));
  } finally {
    await db.$disconnect();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
