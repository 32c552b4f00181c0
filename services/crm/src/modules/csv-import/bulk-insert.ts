import type { CrmTransaction } from '../../database';
import type { Customer, Lead } from '../../generated/prisma/client';

// Bulk imports write with INSERT ... SELECT FROM unnest(<one array per column>): one statement
// and a fixed number of parameters per batch. Prisma's createMany builds per-row objects and
// was the import's bottleneck (about 900 rows/s); see bench/crm-import.bench.js.

/** Inserts new leads exactly as given (status, version and follow-up fields at their defaults). */
export async function insertLeads(tx: CrmTransaction, leads: readonly Lead[]): Promise<void> {
  const col = <K extends keyof Lead>(key: K) => leads.map((l) => l[key]);
  await tx.$executeRaw`
    INSERT INTO leads (id, tenant_id, name, company, phone, email, source, status, owner_id, owner_since,
                       notes, region, company_key, version, created_at, updated_at)
    SELECT u.id, u.tenant_id, u.name, u.company, u.phone, u.email, u.source::"LeadSource", u.status::"LeadStatus",
           u.owner_id, u.owner_since, u.notes, u.region, u.company_key, 1, u.created_at, u.created_at
    FROM unnest(${col('id')}::uuid[], ${col('tenantId')}::uuid[], ${col('name')}::text[], ${col('company')}::text[],
                ${col('phone')}::text[], ${col('email')}::text[], ${col('source')}::text[], ${col('status')}::text[],
                ${col('ownerId')}::uuid[], ${col('ownerSince')}::timestamptz[], ${col('notes')}::text[],
                ${col('region')}::text[], ${col('companyKey')}::text[], ${col('createdAt')}::timestamptz[])
      AS u(id, tenant_id, name, company, phone, email, source, status, owner_id, owner_since, notes, region,
           company_key, created_at)`;
}

export interface NewLeadOperation {
  id: string;
  tenantId: string;
  leadId: string;
  action: string;
  actorId: string | null;
  after: Record<string, unknown>;
}

export async function insertLeadOperations(tx: CrmTransaction, operations: readonly NewLeadOperation[]): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO lead_operations (id, tenant_id, lead_id, action, actor_id, after)
    SELECT u.id, u.tenant_id, u.lead_id, u.action, u.actor_id, u.after::jsonb
    FROM unnest(${operations.map((o) => o.id)}::uuid[], ${operations.map((o) => o.tenantId)}::uuid[],
                ${operations.map((o) => o.leadId)}::uuid[], ${operations.map((o) => o.action)}::text[],
                ${operations.map((o) => o.actorId)}::uuid[], ${operations.map((o) => JSON.stringify(o.after))}::text[])
      AS u(id, tenant_id, lead_id, action, actor_id, after)`;
}

/** Inserts new customers exactly as given (custom fields empty, follow-up fields unset). */
export async function insertCustomers(tx: CrmTransaction, customers: readonly Customer[]): Promise<void> {
  const col = <K extends keyof Customer>(key: K) => customers.map((c) => c[key]);
  await tx.$executeRaw`
    INSERT INTO customers (id, tenant_id, name, industry, region, address, latitude, longitude, tier, lifecycle,
                           tags, groups, owner_id, custom_fields, name_key, version, created_at, updated_at)
    SELECT u.id, u.tenant_id, u.name, u.industry, u.region, u.address, u.latitude, u.longitude, u.tier,
           u.lifecycle::"CustomerLifecycle",
           ARRAY(SELECT jsonb_array_elements_text(u.tags::jsonb)),
           ARRAY(SELECT jsonb_array_elements_text(u.groups::jsonb)),
           u.owner_id, '{}'::jsonb, u.name_key, 1, u.created_at, u.created_at
    FROM unnest(${col('id')}::uuid[], ${col('tenantId')}::uuid[], ${col('name')}::text[], ${col('industry')}::text[],
                ${col('region')}::text[], ${col('address')}::text[], ${col('latitude')}::float8[],
                ${col('longitude')}::float8[], ${col('tier')}::text[], ${col('lifecycle')}::text[],
                ${customers.map((c) => JSON.stringify(c.tags))}::text[],
                ${customers.map((c) => JSON.stringify(c.groups))}::text[], ${col('ownerId')}::uuid[],
                ${col('nameKey')}::text[], ${col('createdAt')}::timestamptz[])
      AS u(id, tenant_id, name, industry, region, address, latitude, longitude, tier, lifecycle, tags, groups,
           owner_id, name_key, created_at)`;
}
