import { ServiceError } from '@salesflow/platform';
import type { CrmTransaction } from '../../database';

export type MatchedOn = 'phone' | 'email' | 'company';

/** An existing record that looks like the one being created. */
export interface DuplicateMatch {
  kind: 'lead' | 'customer';
  id: string;
  matchedOn: MatchedOn[];
  /** Name and owner are only filled when the caller may see the record. */
  visible: boolean;
  name: string;
  ownerId: string;
}

/** What a create found instead of writing; the gRPC edge turns it into the response's duplicates. */
export class DuplicateError extends ServiceError {
  override readonly name = 'DuplicateError';
  constructor(readonly matches: DuplicateMatch[]) {
    super('ALREADY_EXISTS', `looks like ${matches.length} existing record(s); send force to create anyway`, {
      reason: 'DUPLICATE',
    });
  }
}

export interface DuplicateKeys {
  /** Normalized ("+" and digits); "" never matches. */
  phone: string;
  /** Lower case; "" never matches. */
  email: string;
  /** normalizeCompanyName(); "" never matches. */
  companyKey: string;
}

const MAX_MATCHES = 10;

/**
 * Serializes creates that share a key inside the tenant, so that two identical leads sent at
 * once cannot both pass the check. Held until the transaction ends.
 */
export async function lockDuplicateKeys(tx: CrmTransaction, tenantId: string, keys: DuplicateKeys): Promise<void> {
  const names = [`p:${keys.phone}`, `e:${keys.email}`, `c:${keys.companyKey}`].filter((k) => k.length > 2).sort();
  for (const name of names) {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${tenantId}:dup:${name}`}, 0))`;
  }
}

/**
 * Leads and/or customers of the tenant (whatever the caller's scope: a duplicate is a
 * duplicate) that share a normalized phone, email or company name. `owners` is the caller's
 * visible owners (undefined = all), used only to decide what the match may show.
 */
export async function findDuplicates(
  tx: CrmTransaction,
  tenantId: string,
  keys: DuplicateKeys,
  owners: readonly string[] | undefined,
  among: { leads: boolean; customers: boolean },
): Promise<DuplicateMatch[]> {
  if (!keys.phone && !keys.email && !keys.companyKey) return [];
  const matches: DuplicateMatch[] = [];
  const visible = (ownerId: string | null, poolOk: boolean) =>
    owners === undefined || (ownerId === null ? poolOk : owners.includes(ownerId));
  if (among.leads) {
    const rows = await tx.$queryRaw<
      { id: string; name: string; owner_id: string | null; by_phone: boolean; by_email: boolean; by_company: boolean }[]
    >`
      SELECT id::text, name, owner_id::text,
             (${keys.phone} <> '' AND phone = ${keys.phone}) AS by_phone,
             (${keys.email} <> '' AND email = ${keys.email}) AS by_email,
             (${keys.companyKey} <> '' AND company_key = ${keys.companyKey}) AS by_company
      FROM leads
      WHERE tenant_id = ${tenantId}::uuid
        AND ((${keys.phone} <> '' AND phone = ${keys.phone})
          OR (${keys.email} <> '' AND email = ${keys.email})
          OR (${keys.companyKey} <> '' AND company_key = ${keys.companyKey}))
      ORDER BY created_at, id
      LIMIT ${MAX_MATCHES}`;
    for (const r of rows) matches.push(matchOf('lead', r, visible(r.owner_id, true)));
  }
  if (among.customers) {
    const rows = await tx.$queryRaw<
      { id: string; name: string; owner_id: string; by_phone: boolean; by_email: boolean; by_company: boolean }[]
    >`
      WITH by_contact AS (
        SELECT customer_id,
               bool_or(${keys.phone} <> '' AND phones @> ARRAY[${keys.phone}]::text[]) AS by_phone,
               bool_or(${keys.email} <> '' AND email = ${keys.email}) AS by_email
        FROM contacts
        WHERE tenant_id = ${tenantId}::uuid
          AND ((${keys.phone} <> '' AND phones @> ARRAY[${keys.phone}]::text[])
            OR (${keys.email} <> '' AND email = ${keys.email}))
        GROUP BY customer_id
      )
      SELECT c.id::text, c.name, c.owner_id::text,
             coalesce(b.by_phone, false) AS by_phone, coalesce(b.by_email, false) AS by_email,
             (${keys.companyKey} <> '' AND c.name_key = ${keys.companyKey}) AS by_company
      FROM customers c LEFT JOIN by_contact b ON b.customer_id = c.id
      WHERE c.tenant_id = ${tenantId}::uuid
        AND (b.customer_id IS NOT NULL OR (${keys.companyKey} <> '' AND c.name_key = ${keys.companyKey}))
      ORDER BY c.created_at, c.id
      LIMIT ${MAX_MATCHES}`;
    for (const r of rows) matches.push(matchOf('customer', r, visible(r.owner_id, false)));
  }
  return matches;
}

function matchOf(
  kind: DuplicateMatch['kind'],
  row: { id: string; name: string; owner_id: string | null; by_phone: boolean; by_email: boolean; by_company: boolean },
  visible: boolean,
): DuplicateMatch {
  const matchedOn: MatchedOn[] = [];
  if (row.by_phone) matchedOn.push('phone');
  if (row.by_email) matchedOn.push('email');
  if (row.by_company) matchedOn.push('company');
  return {
    kind,
    id: row.id,
    matchedOn,
    visible,
    name: visible ? row.name : '',
    ownerId: visible ? (row.owner_id ?? '') : '',
  };
}
